"""The programme's iCalendar files and JSON export (projects/programme.py, projects/views.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from projects.models import Session
from tests.factories import make_edition, make_session, make_theme

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def edition(db):
    edition = make_edition()
    theme = make_theme(edition)
    make_session(
        edition,
        title_zh_hans="开幕式",
        title_en="Opening",
        title_my="ဖွင့်ပွဲ",
        venue_en="Dianchi centre",
        description_en="Welcome, with commas, and; semicolons",
        starts_at=datetime(2023, 9, 3, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 9, 3, 12, 0, tzinfo=SHANGHAI),
    )
    make_session(
        edition,
        kind=Session.Kind.SPECIAL,
        theme=theme,
        title_en="Metals forum",
        starts_at=datetime(2023, 9, 4, 6, 0, tzinfo=ZoneInfo("UTC")),
        ends_at=datetime(2023, 9, 4, 9, 30, tzinfo=ZoneInfo("UTC")),
        is_illustrative=True,
    )
    make_session(
        edition,
        kind=Session.Kind.EXTENSION,
        title_en="Prefecture tour",
        starts_at=datetime(2023, 9, 5, 8, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 9, 7, 18, 0, tzinfo=SHANGHAI),
    )
    return edition


def test_programme_calendar_parses_with_one_event_per_public_session(client, edition):
    make_session(edition, title_en="Draft", is_published=False)
    make_session(make_edition(), title_en="Other edition")
    calendar = parse(client.get(f"/en/events/{edition.slug}/calendar.ics"))
    assert [str(event["SUMMARY"]) for event in events(calendar)] == ["Opening", "Metals forum", "Prefecture tour"]
    assert str(calendar["X-WR-CALNAME"]) == edition.name_en


def test_programme_calendar_times_are_in_shanghai_with_vtimezone(client, edition):
    calendar = parse(client.get(f"/en/events/{edition.slug}/calendar.ics"))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    forum = events(calendar)[1]
    assert forum["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert forum.decoded("DTSTART") == datetime(2023, 9, 4, 14, 0, tzinfo=SHANGHAI)
    assert forum.decoded("DTSTART").utcoffset() == timedelta(hours=8)
    assert forum.decoded("DTEND") == datetime(2023, 9, 4, 17, 30, tzinfo=SHANGHAI)
    assert b"DTSTART;TZID=Asia/Shanghai:20230904T140000" in calendar.to_ical()


def test_programme_calendar_extension_tour_is_one_multi_day_event(client, edition):
    tour = [
        event
        for event in events(parse(client.get(f"/en/events/{edition.slug}/calendar.ics")))
        if str(event["SUMMARY"]) == "Prefecture tour"
    ]
    assert len(tour) == 1
    assert tour[0].decoded("DTEND") - tour[0].decoded("DTSTART") == timedelta(days=2, hours=10)


def test_programme_calendar_uids_are_stable_and_host_independent(client, edition, settings):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    first = [str(e["UID"]) for e in events(parse(client.get(f"/en/events/{edition.slug}/calendar.ics")))]
    again = [
        str(e["UID"])
        for e in events(parse(client.get(f"/my/events/{edition.slug}/calendar.ics", HTTP_HOST="example.org")))
    ]
    pks = Session.objects.filter(edition=edition).order_by("starts_at").values_list("pk", flat=True)
    assert first == again == [f"session-{pk}@programme.lincang-portal" for pk in pks]


@pytest.mark.parametrize(("language", "summary"), [("zh-hans", "开幕式"), ("en", "Opening"), ("my", "ဖွင့်ပွဲ")])
def test_programme_calendar_speaks_the_page_language(client, edition, language, summary):
    opening = events(parse(client.get(f"/{language}/events/{edition.slug}/calendar.ics")))[0]
    assert str(opening["SUMMARY"]) == summary
    pk = Session.objects.get(title_en="Opening").pk
    assert str(opening["URL"]) == f"http://testserver/{language}/events/{edition.slug}/sessions/{pk}/"


def test_programme_calendar_description_location_and_illustrative_note(client, edition):
    opening, forum, _tour = events(parse(client.get(f"/en/events/{edition.slug}/calendar.ics")))
    assert str(opening["DESCRIPTION"]) == "Welcome, with commas, and; semicolons"
    assert str(opening["LOCATION"]) == "Dianchi centre"
    assert "Illustrative" in str(forum["DESCRIPTION"])


def test_programme_calendar_leaves_out_sessions_missing_in_the_language(client, edition):
    Session.objects.filter(title_en="Metals forum").update(is_ready_my=False)
    summaries = [str(e["SUMMARY"]) for e in events(parse(client.get(f"/my/events/{edition.slug}/calendar.ics")))]
    assert len(summaries) == 2 and "Metals forum" not in summaries


def test_programme_calendar_of_hidden_edition_404(client, db):
    draft = make_edition(is_published=False)
    make_session(draft)
    assert client.get(f"/en/events/{draft.slug}/calendar.ics").status_code == 404
    assert client.get("/en/events/nope/calendar.ics").status_code == 404


def response_disposition(client, edition, session):
    return client.get(f"/en/events/{edition.slug}/sessions/{session.pk}/calendar.ics")["Content-Disposition"]


def test_session_calendar_has_one_event(client, edition):
    forum = Session.objects.get(title_en="Metals forum")
    calendar = parse(client.get(f"/en/events/{edition.slug}/sessions/{forum.pk}/calendar.ics"))
    [event] = events(calendar)
    assert (
        response_disposition(client, edition, forum) == f'attachment; filename="{edition.slug}-session-{forum.pk}.ics"'
    )
    assert str(event["UID"]) == f"session-{forum.pk}@programme.lincang-portal"
    assert event.decoded("DTSTART") == datetime(2023, 9, 4, 14, 0, tzinfo=SHANGHAI)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_session_calendar_of_hidden_session_404(client, edition):
    draft = make_session(edition, is_published=False)
    other = make_session(make_edition())
    assert client.get(f"/en/events/{edition.slug}/sessions/{draft.pk}/calendar.ics").status_code == 404
    assert client.get(f"/en/events/{edition.slug}/sessions/{other.pk}/calendar.ics").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_programme_calendar_fixed_queries(client, db, django_assert_num_queries, count):
    edition = make_edition()
    for _number in range(count):
        make_session(edition)
    with django_assert_num_queries(2):
        response = client.get(f"/en/events/{edition.slug}/calendar.ics")
    assert len(events(parse(response))) == count


# JSON export


def test_programme_json_has_all_three_languages(client, edition):
    response = client.get(f"/en/events/{edition.slug}/programme.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["edition"]["name"] == {"zh-hans": edition.name_zh_hans, "en": edition.name_en, "my": edition.name_my}
    opening = data["sessions"][0]
    assert opening["title"] == {"zh-hans": "开幕式", "en": "Opening", "my": "ဖွင့်ပွဲ"}
    assert opening["starts_at"] == "2023-09-03T09:00:00+08:00"
    assert opening["url"]["my"].endswith(f"/my/events/{edition.slug}/sessions/{opening['id']}/")
    assert [s["kind"] for s in data["sessions"]] == ["main", "special", "extension"]
    assert data["sessions"][1]["theme"]["name"]["en"].startswith("Theme")
    assert data["sessions"][1]["is_illustrative"] is True


def test_programme_json_leaves_out_what_is_not_public(client, edition):
    make_session(edition, title_en="Draft", title_my="မူကြမ်း", is_published=False)
    make_session(edition, title_en="English only", title_my="အင်္ဂလိပ်သာ", is_ready_my=False)
    data = client.get(f"/zh-hans/events/{edition.slug}/programme.json").json()
    titles = {s["title"]["en"]: s for s in data["sessions"]}
    assert "Draft" not in titles
    assert titles["English only"]["languages"] == ["zh-hans", "en"]
    assert "my" not in titles["English only"]["title"]
    assert "မူကြမ်း" not in str(data) and "အင်္ဂလိပ်သာ" not in str(data)


def test_programme_json_of_hidden_edition_404(client, db):
    assert client.get(f"/en/events/{make_edition(is_published=False).slug}/programme.json").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_programme_json_fixed_queries(client, db, django_assert_num_queries, count):
    edition = make_edition()
    for _number in range(count):
        make_session(edition)
    # edition, one public-session query per language, the sessions
    with django_assert_num_queries(5):
        response = client.get(f"/en/events/{edition.slug}/programme.json")
    assert len(response.json()["sessions"]) == count
