"""In a real browser, in the English admin: a story written in Burmese first, tabbed body editors, and an error in
a language tab that is not the one open."""

import pytest

from news.models import Article
from tests.e2e.conftest import PASSWORD, admin_page
from tests.e2e.test_editorial import browser, newsroom  # noqa: F401 -- fixtures

pytestmark = pytest.mark.e2e

ZAWGYI_TITLE = "ျမန္မာႏိုင္ငံ"


def english_admin(browser, live_server, username):  # noqa: F811
    return admin_page(browser, live_server, username, locale="en-GB")


def open_tab(page, field, language):
    page.click(f'.ui-tabs:has(#id_{field}_{language}) a.ui-tabs-anchor[href="#tab_id_{field}_{language}"]')


def test_burmese_first_article_in_the_english_admin(newsroom, browser, live_server):  # noqa: F811
    _users, column = newsroom
    page = english_admin(browser, live_server, "e2e-editor")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    # One body editor is visible at a time: the bodies are tabbed like the titles.
    editors = page.locator("[contenteditable=true]:visible")
    assert editors.count() == 1
    assert editors.first.bounding_box()["height"] >= 200

    open_tab(page, "title", "my")
    page.fill("#id_title_my", ZAWGYI_TITLE)
    page.select_option("#id_column", str(column.pk))
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    # The error is in the Burmese tab: the tab is marked and the form opens on it.
    assert page.locator("#id_title_my").is_visible()
    assert page.locator(".ui-tab-has-errors a[href='#tab_id_title_my']").count() == 1
    assert "Zawgyi" in page.locator(".field-title_my, #tab_id_title_my").first.inner_text()
    assert not Article.objects.exists()

    page.fill("#id_title_my", "မြန်မာဘာသာဖြင့် ဦးစွာ ရေးသော သတင်း")
    open_tab(page, "body", "my")
    body = page.locator("#tab_id_body_my [contenteditable=true]")
    body.click()
    body.type("ကူမင်းတွင် စီမံကိန်း ၃၈၂ ခု လက်မှတ်ရေးထိုးခဲ့သည်။")
    page.check("#id_is_ready_my")
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    article = Article.objects.get()
    assert (article.title_my, article.title_zh_hans or "") == ("မြန်မာဘာသာဖြင့် ဦးစွာ ရေးသော သတင်း", "")
    assert "၃၈၂" in article.body_my


def test_admin_pages_break_no_content_security_policy_and_miss_no_file(newsroom, browser, live_server):  # noqa: F811
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from tests.factories import make_article

    article = make_article()
    get_user_model().objects.create_superuser("e2e-admin", password=PASSWORD)
    page = english_admin(browser, live_server, "e2e-admin")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda response: problems.append(response.url) if response.status >= 400 else None)
    paths = [
        "/admin/",
        f"/admin/news/article/{article.pk}/change/",
        f"/admin/news/article/{article.pk}/history/",
        reverse("admin:news_article_translations"),
        reverse("admin:password_change"),
    ]
    # Every model's list and add page, as any editor or administrator meets them.
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        paths.append(reverse("admin:{}_{}_add".format(*info)))
    found = {}
    for path in paths:
        problems.clear()
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        # A 403 is the admin's own answer for a model that takes no new row (the one site settings row).
        if response.status != 403 and problems:
            found[path] = list(problems)
    assert found == {}
