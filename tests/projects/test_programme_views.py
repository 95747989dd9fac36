"""The programme pages of projects/views.py: editions, edition page, session page."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from news.models import Article
from projects.models import Session
from tests.factories import make_article, make_edition, make_figure, make_session, make_theme
from tests.html import tags

SHANGHAI = ZoneInfo("Asia/Shanghai")


def text_of(response):
    return response.content.decode()


def json_ld(html):
    blocks = html.split('<script type="application/ld+json">')[1:]
    return [json.loads(block.split("</script>")[0]) for block in blocks]


def programme(edition, specials=2):
    """A main activity, `specials` special activities under two themes, and a three-day extension."""
    themes = [
        make_theme(edition, name_en="Green metals", position=1),
        make_theme(edition, name_en="Energy", position=2),
    ]
    make_session(edition, title_en="Opening", starts_at=datetime(2023, 9, 3, 9, 0, tzinfo=SHANGHAI))
    for number in range(specials):
        start = datetime(2023, 9, 3 + number % 2, 14, 0, tzinfo=SHANGHAI)
        make_session(
            edition,
            kind=Session.Kind.SPECIAL,
            theme=themes[number % 2],
            title_en=f"Special {number}",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
        )
    start = datetime(2023, 9, 6, 8, 0, tzinfo=SHANGHAI)
    make_session(
        edition, kind=Session.Kind.EXTENSION, title_en="Tour", starts_at=start, ends_at=start + timedelta(days=2)
    )


# Editions list


@pytest.mark.parametrize("count", [1, 3])
def test_edition_list_fixed_queries(client, db, django_assert_num_queries, count):
    for _number in range(count):
        make_edition()
    # chrome (3), the editions, the next scheduled publication (which bounds the cached header and footer)
    with django_assert_num_queries(5):
        response = client.get("/en/events/")
    assert response.status_code == 200
    assert len(response.context["editions"]) == count


def test_edition_list_leaves_out_unpublished_and_unavailable(client, db):
    make_edition(name_en="Public")
    make_edition(name_en="Draft", is_published=False)
    make_edition(name_en="English only", is_ready_my=False)
    assert [edition.name for edition in client.get("/en/events/").context["editions"]] == ["Public", "English only"]
    assert [edition.name_en for edition in client.get("/my/events/").context["editions"]] == ["Public"]


# Edition page


def test_edition_page_by_day_groups_sessions_by_kunming_day(client, db):
    edition = make_edition()
    programme(edition)
    response = client.get(f"/en/events/{edition.slug}/")
    days = [(day.isoformat(), [s.title for s in sessions]) for day, sessions in response.context["programme"]["days"]]
    assert days == [
        ("2023-09-03", ["Opening", "Special 0"]),
        ("2023-09-04", ["Special 1"]),
        ("2023-09-06", ["Tour"]),
    ]
    assert response.context["programme"]["groups"] is None


def test_edition_page_by_theme_main_first_specials_under_themes_then_extensions(client, db):
    edition = make_edition()
    programme(edition, specials=4)
    response = client.get(f"/en/events/{edition.slug}/?view=theme")
    groups = [
        (kind, theme.name if theme else None, [s.title for s in sessions])
        for kind, theme, sessions in response.context["programme"]["groups"]
    ]
    assert groups == [
        ("main", None, ["Opening"]),
        ("special", "Green metals", ["Special 0", "Special 2"]),
        ("special", "Energy", ["Special 1", "Special 3"]),
        ("extension", None, ["Tour"]),
    ]
    html = text_of(response)
    switch = {link["data-view"]: link for link in tags(html, "a") if "data-view" in link}
    assert switch["theme"].get("aria-current") == "true" and "aria-current" not in switch["day"]


@pytest.mark.parametrize("query", ["?view=bogus", "?view=", "?view=THEME&x=%00", "?page=-1"])
def test_edition_page_bad_view_gives_clean_day_page(client, db, query):
    edition = make_edition()
    programme(edition)
    response = client.get(f"/en/events/{edition.slug}/{query}")
    assert response.status_code == 200
    assert response.context["view"] == "day"


@pytest.mark.parametrize("slug", ["nope", "2023-yunnan-x"])
def test_edition_page_unknown_slug_404(client, db, slug):
    make_edition(slug="2023-yunnan")
    assert client.get(f"/en/events/{slug}/").status_code == 404


def test_edition_page_unpublished_or_unavailable_404(client, db):
    draft = make_edition(is_published=False)
    english_only = make_edition(is_ready_my=False)
    assert client.get(f"/en/events/{draft.slug}/").status_code == 404
    assert client.get(f"/my/events/{english_only.slug}/").status_code == 404
    assert client.get(f"/en/events/{english_only.slug}/").status_code == 200


@pytest.mark.parametrize(("specials", "view"), [(1, "day"), (28, "day"), (1, "theme"), (28, "theme")])
def test_edition_page_fixed_queries_at_3_and_30_sessions(client, db, django_assert_num_queries, specials, view):
    edition = make_edition()
    programme(edition, specials=specials)
    make_figure(edition)
    for session in Session.objects.all():
        session.articles.add(make_article())
    # chrome (3), edition, sessions, figures, news, the next scheduled publication
    with django_assert_num_queries(8):
        response = client.get(f"/en/events/{edition.slug}/?view={view}")
    assert response.context["programme"]["session_count"] == specials + 2
    assert len(response.context["programme"]["news"]) == min(specials + 2, 10)
    # Then only the edition's row: the rendered programme is kept until content changes.
    with django_assert_num_queries(1):
        again = client.get(f"/en/events/{edition.slug}/?view={view}")
    assert again.content == response.content


def test_edition_page_leaves_out_sessions_that_could_leak(client, db):
    edition = make_edition()
    make_session(edition, title_en="Public session", title_my="ပွင့်")
    make_session(edition, title_en="Draft session", is_published=False)
    make_session(edition, title_en="English-only session", is_ready_my=False)
    make_session(make_edition(), title_en="Other edition's session")
    en = text_of(client.get(f"/en/events/{edition.slug}/"))
    assert "Public session" in en and "English-only session" in en
    assert "Draft session" not in en and "Other edition" not in en
    my = client.get(f"/my/events/{edition.slug}/")
    assert [session.title_en for session in my.context["programme"]["days"][0][1]] == ["Public session"]


def test_edition_page_news_only_published_articles_of_its_public_sessions(client, db):
    edition = make_edition()
    public = make_session(edition)
    draft = make_session(edition, is_published=False)
    public.articles.add(make_article(title_en="Published news"))
    public.articles.add(make_article(title_en="Draft news", state=Article.State.DRAFT))
    public.articles.add(make_article(title_en="Scheduled news", published_at=timezone.now() + timedelta(days=1)))
    draft.articles.add(make_article(title_en="News of a draft session"))
    make_session(make_edition()).articles.add(make_article(title_en="Other edition news"))
    response = client.get(f"/en/events/{edition.slug}/")
    assert [article.title for article in response.context["programme"]["news"]] == ["Published news"]


def test_edition_page_shows_headline_figures_in_each_language(client, db):
    edition = make_edition()
    make_figure(edition, metric="participants", value=3100, unit="people")
    make_figure(edition, metric="total_investment", value=396_600_000_000, unit="yuan")
    make_figure(edition, metric="projects_over_10bn", value=6, unit="projects")
    en = text_of(client.get(f"/en/events/{edition.slug}/"))
    assert "3,100" in en and "RMB 396.6 billion" in en
    zh = text_of(client.get(f"/zh-hans/events/{edition.slug}/"))
    assert "3966亿元" in zh
    assert [f.metric for f in client.get(f"/en/events/{edition.slug}/").context["programme"]["figures"]] == [
        "participants",
        "total_investment",
    ]
    assert [f.metric for f in client.get(f"/en/events/{edition.slug}/").context["programme"]["other_figures"]] == [
        "projects_over_10bn"
    ]
    assert "Projects of RMB 10 billion and over" in en


def test_edition_page_advertises_and_labels_calendars(client, db):
    edition = make_edition()
    make_session(edition)
    html = text_of(client.get(f"/en/events/{edition.slug}/"))
    calendars = [link["href"] for link in tags(html, "link") if link.get("type") == "text/calendar"]
    assert calendars == [f"/en/events/{edition.slug}/calendar.ics"]
    assert "Subscribe to the whole programme" in html and "Add this event to my calendar" in html
    assert f'href="webcal://testserver/en/events/{edition.slug}/calendar.ics"' in html


def test_edition_page_labels_illustrative_sessions(client, db):
    edition = make_edition()
    make_session(edition, is_illustrative=True)
    assert "illustrative" in text_of(client.get(f"/en/events/{edition.slug}/")).lower()
    plain = make_edition()
    make_session(plain)
    assert "Illustrative" not in text_of(client.get(f"/en/events/{plain.slug}/"))


def test_edition_page_links_project_register(client, db):
    edition = make_edition()
    html = text_of(client.get(f"/en/events/{edition.slug}/"))
    assert f'href="/en/projects/?edition={edition.slug}"' in html


def test_edition_page_json_ld_is_event_and_escaped(client, db):
    edition = make_edition(name_en="Evil </script><script>alert(\"x\")</script> & 'co'")
    make_session(edition, title_en="Opening <b>")
    html = text_of(client.get(f"/en/events/{edition.slug}/"))
    assert "<script>alert" not in html
    [data] = [item for item in json_ld(html) if item["@type"] == "Event"]
    assert data["@type"] == "Event"
    assert data["name"] == edition.name_en
    assert data["startDate"] == "2023-09-03"
    assert [event["name"] for event in data["subEvent"]] == ["Opening <b>"]
    assert data["subEvent"][0]["startDate"] == "2023-09-03T09:00:00+08:00"


# Session page


def test_session_page_shows_time_venue_and_organisers_in_kunming_time(client, db):
    edition = make_edition()
    session = make_session(
        edition,
        venue_en="Hall 3",
        organisers_en="Yunnan Department of Industry",
        starts_at=datetime(2023, 9, 3, 1, 30, tzinfo=ZoneInfo("UTC")),
        ends_at=datetime(2023, 9, 3, 4, 0, tzinfo=ZoneInfo("UTC")),
    )
    html = text_of(client.get(f"/en/events/{edition.slug}/sessions/{session.pk}/"))
    assert "3 September 2023 09:30" in html and "12:00" in html
    assert "Hall 3" in html and "Yunnan Department of Industry" in html
    [data] = [item for item in json_ld(html) if item["@type"] == "Event"]
    assert data["@type"] == "Event" and data["startDate"] == "2023-09-03T09:30:00+08:00"
    assert data["superEvent"]["url"] == f"http://testserver/en/events/{edition.slug}/"
    calendars = [link["href"] for link in tags(html, "link") if link.get("type") == "text/calendar"]
    assert calendars == [
        f"/en/events/{edition.slug}/sessions/{session.pk}/calendar.ics",
        f"/en/events/{edition.slug}/calendar.ics",
    ]


def test_session_page_news_only_published_available(client, db):
    session = make_session()
    session.articles.add(make_article(title_en="Published news"))
    session.articles.add(make_article(title_en="Draft news", state=Article.State.DRAFT))
    session.articles.add(make_article(title_en="English-only news", is_ready_my=False))
    html = text_of(client.get(f"/my/events/{session.edition.slug}/sessions/{session.pk}/"))
    en_titles = {article.title_en for article in session.articles.all()}
    assert en_titles == {"Published news", "Draft news", "English-only news"}
    response = client.get(f"/en/events/{session.edition.slug}/sessions/{session.pk}/")
    assert [a.title for a in response.context["session"].articles.all()] == ["Published news", "English-only news"]
    assert "ယူနန် သတင်း" in html and "Draft" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_session_page_fixed_queries(client, db, django_assert_num_queries, count):
    session = make_session()
    for _number in range(count):
        session.articles.add(make_article())
    # chrome (3), session with edition and theme, articles, projects, the next scheduled publication
    with django_assert_num_queries(7):
        response = client.get(f"/en/events/{session.edition.slug}/sessions/{session.pk}/")
    assert len(response.context["session"].articles.all()) == count


def test_session_page_404s(client, db):
    session = make_session()
    other = make_edition()
    draft = make_session(session.edition, is_published=False)
    no_burmese = make_session(session.edition, is_ready_my=False)
    hidden_edition = make_session(make_edition(is_published=False))
    assert client.get(f"/en/events/{other.slug}/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/en/events/{session.edition.slug}/sessions/{draft.pk}/").status_code == 404
    assert client.get(f"/my/events/{session.edition.slug}/sessions/{no_burmese.pk}/").status_code == 404
    assert client.get(f"/en/events/{hidden_edition.edition.slug}/sessions/{hidden_edition.pk}/").status_code == 404
    assert client.get(f"/en/events/{session.edition.slug}/sessions/999999/").status_code == 404


def test_session_page_labels_illustrative(client, db):
    session = make_session(is_illustrative=True)
    html = text_of(client.get(f"/en/events/{session.edition.slug}/sessions/{session.pk}/"))
    assert "not taken from a source" in html


def test_session_page_language_switcher_skips_languages_its_edition_lacks(client, db):
    session = make_session(make_edition(is_ready_my=False))
    html = text_of(client.get(f"/en/events/{session.edition.slug}/sessions/{session.pk}/"))
    hreflangs = {link["hreflang"] for link in tags(html, "link") if "hreflang" in link}
    assert hreflangs == {"zh-Hans", "en", "x-default"}


def test_edition_page_shows_multi_day_tour_with_both_dates(client, db):
    edition = make_edition()
    programme(edition)
    html = text_of(client.get(f"/en/events/{edition.slug}/"))
    assert "6 September 2023 08:00</time> – <time" in html
    assert "8 September 2023 08:00" in html


def test_edition_page_labels_illustrative_theme(client, db):
    edition = make_edition()
    theme = make_theme(edition, name_en="Invented theme", is_illustrative=True)
    make_session(edition, kind=Session.Kind.SPECIAL, theme=theme)
    html = text_of(client.get(f"/en/events/{edition.slug}/?view=theme"))
    assert 'Invented theme <span class="illustrative">Illustrative</span>' in html
    assert "are sample data" in html


def test_illustrative_sessions_publish_no_structured_event_data(client, demo):
    import json
    import re

    from projects.models import Edition, Session

    edition = Edition.objects.get(slug="2023-yunnan")
    session = Session.objects.filter(edition=edition, is_illustrative=True).first()
    html = client.get(f"/en/events/{edition.slug}/sessions/{session.pk}/").content.decode()
    blocks = [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    assert [block for block in blocks if block.get("@type") == "Event"] == []
    edition_html = client.get(f"/en/events/{edition.slug}/").content.decode()
    events = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', edition_html, re.S)
        if '"Event"' in block
    ]
    assert [event.get("subEvent") for event in events] == [None]


def test_edition_dates_cover_every_session(demo):
    from django.utils import timezone

    from projects.models import Edition

    edition = Edition.objects.get(slug="2023-yunnan")
    days = [timezone.localtime(session.ends_at).date() for session in edition.sessions.all()]
    assert (edition.starts_on.isoformat(), edition.ends_on.isoformat()) == ("2023-09-03", max(days).isoformat())
