"""Revisions of every save, restoring any of them, and no edit lost to a concurrent save."""

import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from tests.factories import make_article
from tests.news.conftest import change_url, form_data, get_form

pytestmark = pytest.mark.django_db


def test_every_admin_save_creates_a_revision(client, editor):
    article = make_article(title_zh_hans="第一版", state=Article.State.DRAFT)
    client.force_login(editor)
    for title in ["第二版", "第三版"]:
        response = client.post(change_url(article), {**get_form(client, article), "title_zh_hans": title})
        assert response.status_code == 302
    titles = [version.field_dict["title_zh_hans"] for version in Version.objects.get_for_object(article)]
    assert titles == ["第三版", "第二版"]


def test_revision_keeps_every_language(client, editor):
    article = make_article(title_en="English v1", title_my="မြန်မာ v1", state=Article.State.DRAFT)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "title_my": "မြန်မာ v2"})
    fields = Version.objects.get_for_object(article)[0].field_dict
    assert (fields["title_en"], fields["title_my"]) == ("English v1", "မြန်မာ v2")


def test_workflow_step_creates_a_revision(client, editor):
    article = make_article(state=Article.State.DRAFT)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "submit"})
    states = [version.field_dict["state"] for version in Version.objects.get_for_object(article)]
    assert states[0] == Article.State.IN_REVIEW


def test_restore_an_earlier_revision_through_admin(client, chief):
    article = make_article(title_zh_hans="原标题", state=Article.State.DRAFT)
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "原标题"})
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "改过的标题"})
    first = Version.objects.get_for_object(article).last()
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, form_data(response))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_zh_hans == "原标题"


def test_second_concurrent_save_is_refused(client, editor, reviewer):
    article = make_article(title_zh_hans="共同编辑", state=Article.State.DRAFT)
    client.force_login(editor)
    editor_form = get_form(client, article)
    client.force_login(reviewer)
    reviewer_form = get_form(client, article)

    response = client.post(change_url(article), {**reviewer_form, "title_zh_hans": "审稿人的修改"})
    assert response.status_code == 302

    client.force_login(editor)
    response = client.post(change_url(article), {**editor_form, "title_zh_hans": "编辑的修改"})
    assert response.status_code == 200
    assert "有人在您编辑期间保存了这篇文章" in response.content.decode()
    article.refresh_from_db()
    assert article.title_zh_hans == "审稿人的修改"


def test_save_without_version_is_refused(client, editor):
    article = make_article(title_zh_hans="原样", state=Article.State.DRAFT)
    client.force_login(editor)
    data = get_form(client, article)
    del data["expected_version"]
    response = client.post(change_url(article), {**data, "title_zh_hans": "被改"})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title_zh_hans == "原样"


def test_save_after_workflow_step_by_someone_else_is_refused(client, chief, reviewer):
    article = make_article(state=Article.State.IN_REVIEW)
    client.force_login(chief)
    stale = get_form(client, article)
    client.force_login(reviewer)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "return", "workflow_comment": "再改"})
    client.force_login(chief)
    response = client.post(change_url(article), {**stale, "title_zh_hans": "旧表单"})
    assert response.status_code == 200
    assert "有人在您编辑期间保存了这篇文章" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_zh_hans != "旧表单"
