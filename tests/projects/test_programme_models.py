"""The session gate and the session rules of projects/models.py."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from projects.models import ReportedFigure, Session
from tests.factories import make_edition, make_figure, make_session, make_theme

SHANGHAI = ZoneInfo("Asia/Shanghai")


def published_titles(language):
    return sorted(Session.objects.published(language).values_list("title_en", flat=True))


def test_session_published_is_the_gate(db):
    edition = make_edition()
    make_session(edition, title_en="Public")
    make_session(edition, title_en="Draft", is_published=False)
    make_session(make_edition(is_published=False), title_en="In a draft edition")
    assert published_titles("en") == ["Public"]


def test_session_published_applies_the_availability_rule(db):
    edition = make_edition(is_ready_my=False)
    make_session(edition, title_en="Edition not in Burmese")
    make_session(make_edition(), title_en="Not ready in Burmese", is_ready_my=False)
    make_session(make_edition(), title_en="Empty Burmese title", title_my="")
    make_session(make_edition(), title_en="Everywhere")
    assert published_titles("my") == ["Everywhere"]
    assert published_titles("en") == [
        "Edition not in Burmese",
        "Empty Burmese title",
        "Everywhere",
        "Not ready in Burmese",
    ]


def test_session_published_hides_sessions_under_a_theme_missing_in_the_language(db):
    edition = make_edition()
    theme = make_theme(edition, is_ready_my=False)
    make_session(edition, kind=Session.Kind.SPECIAL, theme=theme, title_en="Special")
    assert published_titles("my") == []
    assert published_titles("en") == ["Special"]


def session(edition, **fields):
    starts_at = datetime(2023, 9, 3, 9, 0, tzinfo=SHANGHAI)
    defaults = {"edition": edition, "kind": Session.Kind.MAIN, "title": "x", "starts_at": starts_at}
    defaults["ends_at"] = fields.get("starts_at", starts_at) + timedelta(hours=2)
    return Session(**{**defaults, **fields})


def errors_of(session):
    with pytest.raises(ValidationError) as raised:
        session.clean()
    return raised.value.message_dict


def test_session_clean_special_needs_theme(db):
    assert "theme" in errors_of(session(make_edition(), kind=Session.Kind.SPECIAL))


@pytest.mark.parametrize("kind", [Session.Kind.MAIN, Session.Kind.EXTENSION])
def test_session_clean_other_kinds_refuse_theme(db, kind):
    edition = make_edition()
    assert "theme" in errors_of(session(edition, kind=kind, theme=make_theme(edition)))


def test_session_clean_theme_of_another_edition_refused(db):
    assert "theme" in errors_of(session(make_edition(), kind=Session.Kind.SPECIAL, theme=make_theme()))


def test_session_clean_end_must_follow_start(db):
    start = datetime(2023, 9, 3, 9, 0, tzinfo=SHANGHAI)
    assert "ends_at" in errors_of(session(make_edition(), starts_at=start, ends_at=start))


def test_session_clean_main_after_edition_end_refused(db):
    start = datetime(2023, 9, 6, 9, 0, tzinfo=SHANGHAI)
    assert "ends_at" in errors_of(session(make_edition(), starts_at=start, ends_at=start + timedelta(hours=1)))


def test_session_clean_before_edition_start_refused(db):
    start = datetime(2023, 9, 2, 9, 0, tzinfo=SHANGHAI)
    assert "starts_at" in errors_of(session(make_edition(), kind=Session.Kind.EXTENSION, starts_at=start))


def test_session_clean_extension_may_run_after_edition(db):
    start = datetime(2023, 9, 5, 8, 0, tzinfo=SHANGHAI)
    session(make_edition(), kind=Session.Kind.EXTENSION, starts_at=start, ends_at=start + timedelta(days=3)).clean()


def test_session_clean_uses_kunming_dates(db):
    # 07:00 on the first day in Kunming is still the day before in UTC.
    start = datetime(2023, 9, 3, 7, 0, tzinfo=SHANGHAI)
    session(make_edition(), starts_at=start, ends_at=start + timedelta(minutes=90)).clean()


def test_reported_figure_headline_leaves_out_bands_and_session_figures(db):
    edition = make_edition()
    make_figure(edition, metric=ReportedFigure.Metric.PARTICIPANTS)
    make_figure(edition, metric=ReportedFigure.Metric.PROJECTS_OVER_10BN, unit="projects", value=6)
    make_figure(edition, metric=ReportedFigure.Metric.SIGNED_PROJECTS, session=make_session(edition), value=10)
    assert list(ReportedFigure.objects.headline().values_list("metric", flat=True)) == ["participants"]
