"""In a real browser: an editor writes and submits, a reviewer approves, a chief editor publishes, a reader reads."""

import pytest
from django.db import connections

from news.models import Article
from news.roles import assign_role
from tests.e2e.conftest import PASSWORD, admin_page
from tests.factories import make_column

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser(chromium):
    yield chromium
    # Queries made while Playwright's loop runs get their own connection; close it, or PostgreSQL
    # cannot drop the test database.
    connections.close_all()


@pytest.fixture
def newsroom(transactional_db, django_user_model):
    users = {}
    for username, role in [("e2e-editor", "editor"), ("e2e-reviewer", "reviewer"), ("e2e-chief", "chief_editor")]:
        users[role] = django_user_model.objects.create_user(username=username, password=PASSWORD, is_staff=True)
        assign_role(users[role], role)
    return users, make_column(slug="local", name_zh_hans="本地新闻")


def press_workflow(page, action):
    page.click(f"button[name=_workflow][value={action}]")
    page.wait_for_load_state("networkidle")


def test_editor_reviewer_chief_then_reader(newsroom, browser, live_server):
    _users, column = newsroom

    editor = admin_page(browser, live_server, "e2e-editor")
    editor.goto(f"{live_server.url}/admin/news/article/add/")
    editor.fill("#id_title_zh_hans", "浏览器里写的云南新闻")
    # The rich-text editor replaces the textarea with an editable area.
    body = editor.locator(".ProseMirror:visible").first
    body.click()
    body.type("昆明的对接活动签约了三百八十二个项目。")
    editor.select_option("#id_column", str(column.pk))
    editor.fill("#id_workflow_comment", "请审稿")
    press_workflow(editor, "submit")
    article = Article.objects.get(title_zh_hans="浏览器里写的云南新闻")
    assert article.state == Article.State.IN_REVIEW
    assert "三百八十二" in article.body_zh_hans and article.body_zh_hans.startswith("<p>")
    # The editor may not publish: the button is not offered.
    assert editor.locator("button[value=publish]").count() == 0

    reviewer = admin_page(browser, live_server, "e2e-reviewer")
    assert "浏览器里写的云南新闻" in reviewer.content()  # the editor's desk lists it as awaiting review
    reviewer.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    press_workflow(reviewer, "approve")
    article.refresh_from_db()
    assert article.is_approved

    reader = browser.new_context().new_page()
    assert reader.goto(f"{live_server.url}/zh-hans/news/{article.pk}/").status == 404

    chief = admin_page(browser, live_server, "e2e-chief")
    chief.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    press_workflow(chief, "publish")
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED

    response = reader.goto(f"{live_server.url}/zh-hans/news/{article.pk}/")
    assert response.status == 200
    assert reader.locator("h1").inner_text() == "浏览器里写的云南新闻"
    assert "三百八十二" in reader.locator(".article-body").inner_text()
    assert "本地新闻" in reader.locator(".breadcrumb").inner_text()
    history = list(article.transitions.order_by("created_at", "pk").values_list("to_state", flat=True))
    assert history == ["draft", "in_review", "in_review", "published"]
