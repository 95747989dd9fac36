"""Plain functions that build test rows with sensible defaults; keyword arguments override."""

import itertools
from datetime import timedelta

from django.utils import timezone

from news.models import Article, Column

_sequence = itertools.count(1)

LANGUAGE_SUFFIXES = ("zh_hans", "en", "my")


def make_column(**fields):
    number = next(_sequence)
    defaults = {
        "slug": f"column-{number}",
        "name_zh_hans": f"栏目{number}",
        "name_en": f"Column {number}",
        "name_my": f"ကဏ္ဍ {number}",
    }
    return Column.objects.create(**{**defaults, **fields})


def make_article(column=None, **fields):
    """A published article, available in all three languages unless told otherwise."""
    number = next(_sequence)
    defaults = {
        "column": column or make_column(),
        "title_zh_hans": f"云南新闻{number}",
        "title_en": f"Yunnan news {number}",
        "title_my": f"ယူနန် သတင်း {number}",
        "body_zh_hans": f"<p>正文{number}</p>",
        "body_en": f"<p>Body {number}</p>",
        "body_my": f"<p>စာကိုယ် {number}</p>",
        "state": Article.State.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=number),
        "is_ready_zh_hans": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Article.objects.create(**{**defaults, **fields})
