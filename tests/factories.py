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


# --- Project register (issue 5) -------------------------------------------------------------------
# Imports stay inside the functions so this block merges beside the programme's factories untouched.


def make_register_edition(**fields):
    """A published edition for register tests, available in all three languages."""
    from datetime import date

    from projects.models import Edition

    number = next(_sequence)
    defaults = {
        "slug": f"edition-{number}",
        "name_zh_hans": f"对接活动{number}",
        "name_en": f"Matchmaking {number}",
        "name_my": f"ချိတ်ဆက်ပွဲ {number}",
        "starts_on": date(2023, 9, 3),
        "ends_on": date(2023, 9, 5),
        "is_published": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Edition.objects.create(**{**defaults, **fields})


def make_sector(**fields):
    from projects.models import Sector

    number = next(_sequence)
    defaults = {
        "slug": f"sector-{number}",
        "name_zh_hans": f"产业{number}",
        "name_en": f"Sector {number}",
        "name_my": f"လုပ်ငန်း {number}",
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Sector.objects.create(**{**defaults, **fields})


def make_investor(**fields):
    from projects.models import Investor

    number = next(_sequence)
    defaults = {
        "name_zh_hans": f"企业{number}",
        "name_en": f"Company {number}",
        "name_my": f"ကုမ္ပဏီ {number}",
        "origin_zh_hans": "上海",
        "origin_en": "Shanghai",
        "origin_my": "ရှန်ဟိုင်း",
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Investor.objects.create(**{**defaults, **fields})


def region(code="5309"):
    """One of the 16 prefectures the data migration loads (Lincang by default)."""
    from projects.models import Region

    return Region.objects.get(code=code)


def make_project(edition=None, sector=None, **fields):
    """A published project, available in all three languages unless told otherwise; amount in yuan."""
    from projects.models import SignedProject

    number = next(_sequence)
    defaults = {
        "edition": edition or make_register_edition(),
        "sector": sector or make_sector(),
        "region": region(),
        "name_zh_hans": f"项目{number}",
        "name_en": f"Project {number}",
        "name_my": f"စီမံကိန်း {number}",
        "is_published": True,
        "published_at": timezone.now(),
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return SignedProject.objects.create(**{**defaults, **fields})


def make_register_session(edition, theme=None, **fields):
    """A published special session of `edition`, for register tests."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from projects.models import Session

    start = datetime(2023, 9, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    defaults = {
        "edition": edition,
        "kind": Session.Kind.SPECIAL,
        "theme": theme,
        "title_zh_hans": "专场",
        "title_en": "Special session",
        "title_my": "အထူး အစီအစဉ်",
        "starts_at": start,
        "ends_at": start,
        "is_published": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Session.objects.create(**{**defaults, **fields})
