"""Plain functions that build test rows with sensible defaults; keyword arguments override."""

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from news.models import Article, ArticleViews, Column

_sequence = itertools.count(1)

LANGUAGE_SUFFIXES = ("zh_hans", "en", "my")
SHANGHAI = ZoneInfo("Asia/Shanghai")


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
    """A published article, available in all three languages unless told otherwise; `view_count` gives it written
    views (news.models.ArticleViews)."""
    view_count = fields.pop("view_count", 0)
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
    article = Article.objects.create(**{**defaults, **fields})
    if view_count:
        ArticleViews.objects.create(article=article, count=view_count)
    return article


def views_of(article):
    """The views written for `article` in the database (not those still buffered)."""
    return ArticleViews.objects.filter(article=article).values_list("count", flat=True).first() or 0


# Images (the library) for covers and enclosures.


def make_image(name="cover.png", size=(40, 30), **fields):
    """An image library row with a real PNG file, so that enclosures can state its true length."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage

    from news.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return Image.objects.create(file=ContentFile(buffer.getvalue(), name=name), **fields)


# Programme: editions, themes, sessions and reported figures.


def make_edition(**fields):
    """A published edition, 3–5 September 2023, available in all three languages unless told otherwise."""
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
        "is_ready_zh_hans": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Edition.objects.create(**{**defaults, **fields})


def make_theme(edition=None, **fields):
    from projects.models import Theme

    number = next(_sequence)
    defaults = {
        "edition": edition or make_edition(),
        "name_zh_hans": f"主题{number}",
        "name_en": f"Theme {number}",
        "name_my": f"ခေါင်းစဉ် {number}",
        "position": number,
        "is_ready_zh_hans": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return Theme.objects.create(**{**defaults, **fields})


def make_session(edition=None, articles=(), **fields):
    """A published main activity on the edition's first day, 09:00–11:00 in Kunming, in all three languages."""
    from projects.models import Session

    number = next(_sequence)
    edition = edition or make_edition()
    starts_at = datetime.combine(edition.starts_on, time(9, 0), tzinfo=SHANGHAI)
    defaults = {
        "edition": edition,
        "kind": Session.Kind.MAIN,
        "title_zh_hans": f"活动{number}",
        "title_en": f"Session {number}",
        "title_my": f"အစီအစဉ် {number}",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "is_published": True,
        "is_ready_zh_hans": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    session = Session.objects.create(**{**defaults, **fields})
    session.articles.set(articles)
    return session


def make_figure(edition, **fields):
    from projects.models import ReportedFigure

    defaults = {
        "metric": ReportedFigure.Metric.PARTICIPANTS,
        "value": 3100,
        "unit": ReportedFigure.Unit.PEOPLE,
        "as_of": date(2023, 9, 5),
        "source_name": "The Diplomatic Insight",
    }
    return ReportedFigure.objects.create(edition=edition, **{**defaults, **fields})


# Register.


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
    """A published project in Lincang, available in all three languages unless told otherwise; amount in yuan."""
    from projects.models import SignedProject

    number = next(_sequence)
    defaults = {
        "edition": edition or make_edition(),
        "sector": sector or make_sector(),
        "region": region(),
        "name_zh_hans": f"项目{number}",
        "name_en": f"Project {number}",
        "name_my": f"စီမံကိန်း {number}",
        "is_published": True,
        "published_at": timezone.now() - timedelta(hours=number),
        "is_ready_zh_hans": True,
        "is_ready_en": True,
        "is_ready_my": True,
    }
    return SignedProject.objects.create(**{**defaults, **fields})


def bulk_projects(count, *, sector=None, **fields):
    """`count` published projects in one INSERT, for tests that show a page's query count does not grow with them."""
    from decimal import Decimal

    from projects.models import SignedProject

    edition, investor, sector = make_edition(), make_investor(), sector or make_sector()
    return SignedProject.objects.bulk_create(
        SignedProject(
            edition=edition,
            sector=sector,
            region=region(),
            investor=investor,
            name_zh_hans=f"批量{number}",
            name_en=f"Bulk {number}",
            name_my=f"အစု {number}",
            amount_yuan=number * Decimal(1_000_000_000),
            is_published=True,
            is_ready_en=True,
            is_ready_my=True,
            **fields,
        )
        for number in range(count)
    )


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
