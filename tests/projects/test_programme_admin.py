"""The edition admin: themes and sessions inline, the programme check and the session rules (projects/admin.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from projects.models import Session
from tests.factories import make_edition, make_session, make_theme

SHANGHAI = ZoneInfo("Asia/Shanghai")


def form_data(response):
    """What the browser would post back unchanged: the edition form and every inline formset."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is True:
                data[key] = "on"
            elif isinstance(value, datetime):
                local = value.astimezone(SHANGHAI)
                data[key + "_0"] = local.strftime("%Y-%m-%d")
                data[key + "_1"] = local.strftime("%H:%M:%S")
            elif hasattr(value, "pk"):
                data[key] = str(value.pk)
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.forms:
            add(form)
    return data


def new_session(data, prefix, index, **fields):
    """Add one session to the posted `sessions` formset."""
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    base = {
        "kind": "main",
        "title_zh_hans": "新活动",
        "title_en": "New session",
        "starts_at_0": "2023-09-03",
        "starts_at_1": "14:00:00",
        "ends_at_0": "2023-09-03",
        "ends_at_1": "16:00:00",
        "is_published": "on",
        "is_ready_zh_hans": "on",
    }
    for name, value in {**base, **fields}.items():
        if value is not None:
            data[f"{prefix}-{index}-{name}"] = value


@pytest.fixture
def edition(db):
    edition = make_edition(declared_main_count=1, declared_special_count=2, declared_theme_count=1)
    theme = make_theme(edition, name_en="Green metals")
    make_session(edition, title_en="Opening")
    make_session(
        edition,
        kind=Session.Kind.SPECIAL,
        theme=theme,
        title_en="Metals forum",
        starts_at=datetime(2023, 9, 4, 9, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 9, 4, 11, 0, tzinfo=SHANGHAI),
    )
    return edition


def change_url(edition):
    return f"/admin/projects/edition/{edition.pk}/change/"


def post_with_new_session(admin_client, edition, **fields):
    response = admin_client.get(change_url(edition), HTTP_ACCEPT_LANGUAGE="en")
    data = form_data(response)
    new_session(data, "sessions", int(data["sessions-TOTAL_FORMS"]), **fields)
    return admin_client.post(change_url(edition), data, HTTP_ACCEPT_LANGUAGE="en")


def test_edition_admin_unchanged_post_saves(admin_client, edition):
    response = admin_client.get(change_url(edition))
    data = form_data(response)
    data["name_en"] = "Renamed"
    response = admin_client.post(change_url(edition), data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.name_en == "Renamed"
    assert edition.sessions.count() == 2


def test_edition_admin_adds_a_valid_special_session(admin_client, edition):
    theme = edition.themes.get()
    response = post_with_new_session(admin_client, edition, kind="special", theme=str(theme.pk))
    assert response.status_code == 302
    assert edition.sessions.filter(kind="special").count() == 2


def test_edition_admin_special_without_theme_refused(admin_client, edition):
    response = post_with_new_session(admin_client, edition, kind="special")
    assert response.status_code == 200
    assert "A special activity needs a theme." in response.content.decode()
    assert edition.sessions.count() == 2


@pytest.mark.parametrize("kind", ["main", "extension"])
def test_edition_admin_theme_on_other_kinds_refused(admin_client, edition, kind):
    response = post_with_new_session(admin_client, edition, kind=kind, theme=str(edition.themes.get().pk))
    assert response.status_code == 200
    assert "Only special activities have a theme" in response.content.decode()
    assert edition.sessions.count() == 2


def test_edition_admin_end_before_start_refused(admin_client, edition):
    response = post_with_new_session(admin_client, edition, ends_at_1="13:00:00")
    assert response.status_code == 200
    assert "A session must end after it starts." in response.content.decode()
    assert edition.sessions.count() == 2


def test_edition_admin_main_after_edition_refused_extension_allowed(admin_client, edition):
    late = {"starts_at_0": "2023-09-06", "ends_at_0": "2023-09-07"}
    response = post_with_new_session(admin_client, edition, **late)
    assert response.status_code == 200
    assert "only extensions run later" in response.content.decode()
    assert edition.sessions.count() == 2
    response = post_with_new_session(admin_client, edition, kind="extension", **late)
    assert response.status_code == 302
    assert edition.sessions.filter(kind="extension").count() == 1


def test_edition_admin_shrinking_dates_revalidates_sessions(admin_client, edition):
    data = form_data(admin_client.get(change_url(edition)))
    data["ends_on"] = "2023-09-03"
    response = admin_client.post(change_url(edition), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "only extensions run later" in response.content.decode()
    edition.refresh_from_db()
    assert edition.ends_on.isoformat() == "2023-09-05"


def test_edition_admin_programme_check_warns_when_counts_differ(admin_client, edition):
    html = admin_client.get(change_url(edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 special activity entered, 2 declared" in html
    assert "1 main activity entered, 1 declared" in html
    assert "0 extension activities entered, 0 declared" in html
    assert "Theme “Green metals”: 1 special activity" in html


def test_edition_admin_programme_check_plural_and_no_warning_when_matching(admin_client, edition):
    theme = edition.themes.get()
    make_session(
        edition,
        kind=Session.Kind.SPECIAL,
        theme=theme,
        starts_at=datetime(2023, 9, 4, 14, 0, tzinfo=SHANGHAI),
        ends_at=datetime(2023, 9, 4, 16, 0, tzinfo=SHANGHAI),
    )
    html = admin_client.get(change_url(edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 special activities entered, 2 declared" in html
    assert "Warning:" not in html


def test_edition_admin_programme_check_in_chinese(admin_client, edition):
    html = admin_client.get(change_url(edition), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已录入 1 场专项活动，公布 2 场" in html


def test_session_admin_lists_illustrative_flag(admin_client, edition):
    make_session(edition, title_en="Invented", is_illustrative=True)
    response = admin_client.get("/admin/projects/session/?is_illustrative__exact=1", HTTP_ACCEPT_LANGUAGE="en")
    assert [session.title_en for session in response.context["cl"].result_list] == ["Invented"]


def test_edition_admin_add_page_renders(admin_client, db):
    response = admin_client.get("/admin/projects/edition/add/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Add edition</h1>" in html
    # No sessions to compare yet: the check says so instead of failing.
    assert "Save the edition first; the check compares its sessions with the declared structure." in html
    fields = response.context["adminform"].form.fields
    assert {"name_zh_hans", "name_en", "name_my", "slug", "declared_special_count", "is_ready_my"} <= set(fields)
    inlines = [
        (inline.formset.prefix, inline.formset.total_form_count())
        for inline in response.context["inline_admin_formsets"]
    ]
    assert inlines == [("themes", 0), ("sessions", 0), ("reported_figures", 0)]


def test_session_admin_add_special_without_theme_refused(admin_client, edition):
    data = {
        "edition": str(edition.pk),
        "kind": "special",
        "title_zh_hans": "单独添加",
        "starts_at_0": "2023-09-03",
        "starts_at_1": "14:00:00",
        "ends_at_0": "2023-09-03",
        "ends_at_1": "15:00:00",
        "is_ready_zh_hans": "on",
    }
    response = admin_client.post("/admin/projects/session/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "A special activity needs a theme." in response.content.decode()
    assert not Session.objects.filter(title_zh_hans="单独添加").exists()
    data["theme"] = str(edition.themes.get().pk)
    assert admin_client.post("/admin/projects/session/add/", data).status_code == 302
    assert Session.objects.filter(title_zh_hans="单独添加").count() == 1


def test_edition_admin_demo_programme_check_matches(admin_client, demo):
    from projects.models import Edition

    edition = Edition.objects.get(slug="2023-yunnan")
    html = admin_client.get(change_url(edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "18 special activities entered, 18 declared" in html
    assert "7 themes entered, 7 declared" in html
    assert "21 sessions are marked illustrative" in html
    assert "Warning:" not in html
