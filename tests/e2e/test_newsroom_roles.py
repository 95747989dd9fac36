"""Every newsroom role through the admin in a real browser: a story written in Burmese first and published in
Burmese only, translated into Chinese later, corrected after publication, and revisions restored by each role."""

import re

import pytest
from django.db import connections

from news.models import Article
from news.roles import assign_role
from tests.e2e.conftest import PASSWORD, admin_page
from tests.factories import make_column

pytestmark = pytest.mark.e2e

ROLES = ["editor", "reviewer", "chief_editor", "translator_zh_hans", "translator_en", "translator_my"]


@pytest.fixture
def browser(chromium):
    yield chromium
    connections.close_all()


@pytest.fixture
def staff(transactional_db, django_user_model):
    for role in ROLES:
        user = django_user_model.objects.create_user(username=f"role-{role}", password=PASSWORD, is_staff=True)
        assign_role(user, role)
    return make_column(slug="burmese", name_zh_hans="缅语专栏", name_en="Burmese column", name_my="မြန်မာ")


def admin_as(browser, live_server, role, locale="en-GB"):
    return admin_page(browser, live_server, f"role-{role}", locale)


def open_tab(page, field, language):
    page.click(f'a.ui-tabs-anchor[href="#tab_id_{field}_{language}"]')


def press(page, action):
    page.click(f"button[name=_workflow][value={action}]")
    page.wait_for_load_state("networkidle")


def status(browser, live_server, path):
    reader = browser.new_context().new_page()
    response = reader.goto(f"{live_server.url}{path}")
    title = reader.locator("h1").first.inner_text() if response.status == 200 else None
    reader.context.close()
    return response.status, title


def test_every_role_from_burmese_first_to_correction(staff, browser, live_server):
    column = staff
    # Editor, Burmese first, Burmese only.
    editor = admin_as(browser, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/news/article/add/")
    editor.select_option("#id_source_language", "my")
    open_tab(editor, "title", "my")
    editor.fill("#id_title_my", "လင်ချန်း ကော်ဖီ ရာသီ")
    open_tab(editor, "body", "my")
    body = editor.locator("#tab_id_body_my [contenteditable=true]")
    body.click()
    body.type("ကော်ဖီ ခူးချိန် ရောက်ပြီ။")
    editor.check("#id_is_ready_my")
    editor.uncheck("#id_is_ready_zh_hans")
    editor.select_option("#id_column", str(column.pk))
    press(editor, "submit")
    article = Article.objects.get(title_my="လင်ချန်း ကော်ဖီ ရာသီ")
    assert (article.state, article.source_language) == (Article.State.IN_REVIEW, "my")

    reviewer = admin_as(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    press(reviewer, "approve")
    chief = admin_as(browser, live_server, "chief_editor")
    chief.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    press(chief, "publish")
    assert status(browser, live_server, f"/my/news/{article.pk}/") == (200, "လင်ချန်း ကော်ဖီ ရာသီ")
    assert status(browser, live_server, f"/zh-hans/news/{article.pk}/")[0] == 404

    # The Chinese translator sees the Burmese source beside the form and may change only Chinese fields.
    translator = admin_as(browser, live_server, "translator_zh_hans", locale="zh-CN")
    translator.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    assert "ကော်ဖီ ခူးချိန် ရောက်ပြီ။" in translator.locator(".source-text").inner_text()
    # On a wide screen the source stands beside the field being translated, not above it.
    panel = translator.locator("fieldset.translation-panel").bounding_box()
    field = translator.locator("#id_title_zh_hans").bounding_box()
    assert panel["x"] >= field["x"] + field["width"] - 1
    assert panel["y"] < field["y"] + field["height"] and field["y"] < panel["y"] + panel["height"]
    assert translator.locator("#id_title_my").count() == 0 and translator.locator("#id_title_en").count() == 0
    assert translator.locator("button[name=_workflow]").count() == 0
    translator.fill("#id_title_zh_hans", "临沧咖啡采摘季")
    body = translator.locator("#tab_id_body_zh_hans [contenteditable=true], .field-body_zh_hans [contenteditable=true]")
    body.first.click()
    body.first.type("咖啡采摘季到了。")
    translator.check("#id_is_ready_zh_hans")
    translator.click("input[name=_continue]")
    translator.wait_for_load_state("networkidle")
    # Published articles change for readers only when a chief editor publishes the change.
    assert status(browser, live_server, f"/zh-hans/news/{article.pk}/")[0] == 404
    chief.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    assert "临沧咖啡采摘季" in chief.locator(".pending-correction").inner_text()
    press(chief, "publish_correction")
    assert status(browser, live_server, f"/zh-hans/news/{article.pk}/") == (200, "临沧咖啡采摘季")

    # A correction with a note, by the chief: the public page changes only after publication.
    chief.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    open_tab(chief, "title", "zh_hans")
    chief.fill("#id_title_zh_hans", "临沧咖啡采摘季开始")
    open_tab(chief, "correction_note", "zh_hans")
    chief.fill("#id_correction_note_zh_hans", "标题补充了“开始”二字。")
    chief.click("input[name=_continue]")
    chief.wait_for_load_state("networkidle")
    assert status(browser, live_server, f"/zh-hans/news/{article.pk}/") == (200, "临沧咖啡采摘季")
    press(chief, "publish_correction")
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}/zh-hans/news/{article.pk}/")
    assert reader.locator("h1").inner_text() == "临沧咖啡采摘季开始"
    assert "标题补充了" in reader.locator(".correction").inner_text()

    # Restoring the first version, Burmese only: the editor may not (published), the chief may, after the diff.
    history = f"{live_server.url}/admin/news/article/{article.pk}/history/"
    chief.goto(history)
    chief.locator("#change-history a").first.click()
    chief.wait_for_load_state("networkidle")
    assert chief.locator("table.restore-diff").count() == 1
    restore_url = chief.url
    editor.goto(restore_url)
    assert "403" in editor.title() or editor.locator("h1").inner_text().startswith("403")
    for role in ["reviewer", "translator_en", "translator_my"]:
        page = admin_as(browser, live_server, role)
        assert page.goto(restore_url).status == 403, role
        # Each translator's form holds only their language's fields.
        page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
        for language in ["zh_hans", "en", "my"]:
            expected = 1 if role == f"translator_{language}" else 0
            if role.startswith("translator"):
                assert page.locator(f"#id_title_{language}").count() == expected, (role, language)
        page.context.close()
    chief.click(".restore-confirm input[type=submit]")
    chief.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert (article.state, article.title_my, article.title_zh_hans or "") == (
        Article.State.PUBLISHED,
        "လင်ချန်း ကော်ဖီ ရာသီ",
        "",
    )
    assert re.search(r"/admin/news/article/\d+/change/", chief.url)
    assert status(browser, live_server, f"/my/news/{article.pk}/") == (200, "လင်ချန်း ကော်ဖီ ရာသီ")
