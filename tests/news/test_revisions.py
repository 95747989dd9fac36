"""Revisions of every save, restoring any of them, and no edit lost to a concurrent save."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from tests.factories import make_article
from tests.news.conftest import change_url, get_form

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


def revision_url(article, version):
    return reverse("admin:news_article_revision", args=[article.pk, version.pk])


def published_with_history(client, editor, reviewer, chief):
    """A published article that went through the whole workflow, with an earlier text in its revisions."""
    article = make_article(title_zh_hans="原标题", title_en="Old title", state=Article.State.DRAFT, published_at=None)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "submit"})
    client.force_login(reviewer)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "approve"})
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "publish"})
    changed = {"title_zh_hans": "新标题", "title_en": "New title", "_workflow": "publish_correction"}
    client.post(change_url(article), {**get_form(client, article), **changed})
    article.refresh_from_db()
    assert (article.state, article.title_zh_hans) == (Article.State.PUBLISHED, "新标题")
    earliest = Version.objects.get_for_object(article).last()
    # Restoring it the way django-reversion does would take the article offline.
    assert earliest.field_dict["state"] != Article.State.PUBLISHED
    return article, earliest


def test_restore_shows_what_changes_per_field_and_language_before_confirming(client, editor, reviewer, chief):
    article, version = published_with_history(client, editor, reviewer, chief)
    response = client.get(revision_url(article, version))
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', html, re.S)
    assert rows == [
        ("标题 [zh-hans]", "<del>新</del><ins>原</ins>标题"),
        ("标题 [en]", "<del>New</del><ins>Old</ins> title"),
    ]
    article.refresh_from_db()
    assert article.title_zh_hans == "新标题"


def test_restore_changes_the_texts_only_never_state_approval_time_version_or_history(client, editor, reviewer, chief):
    article, version = published_with_history(client, editor, reviewer, chief)
    before = Article.objects.get(pk=article.pk)
    history = list(article.transitions.order_by("pk").values_list("pk", "from_state", "to_state", "user"))
    response = client.get(revision_url(article, version))
    response = client.post(revision_url(article, version), {"expected_version": before.version})
    assert response.status_code == 302
    after = Article.objects.get(pk=article.pk)
    assert (after.title_zh_hans, after.title_en) == ("原标题", "Old title")
    assert (after.state, after.is_approved, after.published_at) == (
        Article.State.PUBLISHED,
        before.is_approved,
        before.published_at,
    )
    assert after.version == before.version + 1
    assert list(article.transitions.order_by("pk").values_list("pk", "from_state", "to_state", "user")) == history
    assert client.get(after.get_absolute_url()).status_code == 200


def test_editor_may_not_restore_a_published_article_even_by_forged_post(client, editor, reviewer, chief):
    article, version = published_with_history(client, editor, reviewer, chief)
    before = Article.objects.get(pk=article.pk)
    client.force_login(editor)
    assert client.get(revision_url(article, version)).status_code == 403
    response = client.post(revision_url(article, version), {"expected_version": before.version})
    assert response.status_code == 403
    after = Article.objects.get(pk=article.pk)
    assert (after.title_zh_hans, after.state, after.version) == ("新标题", Article.State.PUBLISHED, before.version)


def test_editor_restores_own_draft(client, editor):
    article = make_article(title_zh_hans="第一稿", state=Article.State.DRAFT, published_at=None)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "第一稿"})
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "第二稿"})
    first = Version.objects.get_for_object(article).last()
    version_now = Article.objects.get(pk=article.pk).version
    response = client.post(revision_url(article, first), {"expected_version": version_now}, follow=True)
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title_zh_hans == "第一稿"
    assert Version.objects.get_for_object(article)[0].field_dict["title_zh_hans"] == "第一稿"


def test_restore_from_a_stale_page_is_refused(client, chief):
    article = make_article(title_zh_hans="甲", state=Article.State.DRAFT, published_at=None)
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "甲"})
    first = Version.objects.get_for_object(article).last()
    shown_version = Article.objects.get(pk=article.pk).version
    client.post(change_url(article), {**get_form(client, article), "title_zh_hans": "乙"})
    response = client.post(revision_url(article, first), {"expected_version": shown_version}, follow=True)
    assert "有人在您编辑期间保存了这篇文章" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_zh_hans == "乙"


def test_recovering_a_deleted_article_is_for_chief_editors_only(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:news_article_recoverlist")).status_code == 403


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


def history_comments(client, article, language):
    response = client.get(reverse("admin:news_article_history", args=[article.pk]), HTTP_ACCEPT_LANGUAGE=language)
    return [action["comment"] for action in response.context["action_list"]]


def test_history_says_steps_and_fields_in_the_readers_language(client, editor):
    article = make_article(state=Article.State.DRAFT, published_at=None)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "title_en": "Changed in English"})
    client.post(change_url(article), {**get_form(client, article), "_workflow": "submit", "workflow_comment": "请审"})
    assert history_comments(client, article, "zh-hans") == ["修改了标题 [en]。", "提交审核: 请审"]
    assert history_comments(client, article, "en") == ["Changed Title [en].", "Submit for review: 请审"]
    assert history_comments(client, article, "my") == ["ခေါင်းစဉ် [en] ကို ပြင်ဆင်ခဲ့သည်။", "စစ်ဆေးရန် တင်သွင်းရန်: 请审"]
