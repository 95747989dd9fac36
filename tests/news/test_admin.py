"""The editorial workflow and its roles, driven through the admin like editors drive it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.admin import ArticleAdmin
from news.models import Article, ArticleTransition
from tests.factories import make_article, make_column
from tests.news.conftest import change_url, get_form

State = Article.State


def new_article_data(client, column):
    data = get_form(client)
    data.update(
        title_zh_hans="临沧新稿",
        body_zh_hans="<p>正文</p>",
        column=str(column.pk),
        is_ready_zh_hans="on",
    )
    return data


def test_editor_creates_draft_through_admin(client, editor):
    column = make_column()
    client.force_login(editor)
    response = client.post(reverse("admin:news_article_add"), new_article_data(client, column))
    assert response.status_code == 302
    article = Article.objects.get(title_zh_hans="临沧新稿")
    assert (article.state, article.created_by) == (State.DRAFT, editor)
    assert list(article.transitions.values_list("to_state", "user")) == [(State.DRAFT, editor.pk)]


def test_full_workflow_through_admin_buttons(client, editor, reviewer, chief):
    article = make_article(state=State.DRAFT, published_at=None, created_by=editor)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "submit", "workflow_comment": "请审"})
    article.refresh_from_db()
    assert article.state == State.IN_REVIEW

    client.force_login(reviewer)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "approve", "workflow_comment": "可以"})
    article.refresh_from_db()
    assert (article.state, article.is_approved) == (State.IN_REVIEW, True)

    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "publish"})
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    assert article.published_at <= timezone.now()
    history = list(
        article.transitions.order_by("created_at", "pk").values_list("from_state", "to_state", "user", "comment")
    )
    assert history == [
        (State.DRAFT, State.IN_REVIEW, editor.pk, "请审"),
        (State.IN_REVIEW, State.IN_REVIEW, reviewer.pk, "可以"),
        (State.IN_REVIEW, State.PUBLISHED, chief.pk, ""),
    ]


def test_reviewer_returns_draft_with_comment(client, reviewer):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(reviewer)
    client.post(
        change_url(article), {**get_form(client, article), "_workflow": "return", "workflow_comment": "补充来源"}
    )
    article.refresh_from_db()
    assert article.state == State.DRAFT
    assert article.transitions.get().comment == "补充来源"


def test_reviewer_return_without_comment_is_refused(client, reviewer):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(reviewer)
    response = client.post(change_url(article), {**get_form(client, article), "_workflow": "return"}, follow=True)
    article.refresh_from_db()
    assert article.state == State.IN_REVIEW
    assert "必须填写意见" in response.content.decode()
    assert not ArticleTransition.objects.exists()


def test_publish_post_by_reviewer_is_refused(client, reviewer):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(reviewer)
    response = client.post(change_url(article), {**get_form(client, article), "_workflow": "publish"}, follow=True)
    article.refresh_from_db()
    assert article.state == State.IN_REVIEW
    assert "您没有权限执行此操作" in response.content.decode()
    assert not ArticleTransition.objects.exists()


def test_publish_post_by_editor_is_forbidden(client, editor):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(editor)
    data = get_form(client, article)
    response = client.post(change_url(article), {**data, "title_zh_hans": "改", "_workflow": "publish"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.state == State.IN_REVIEW and article.title_zh_hans != "改"
    assert not ArticleTransition.objects.exists()


@pytest.mark.parametrize(
    ("role", "state", "allowed"),
    [
        ("editor", State.DRAFT, True),
        ("editor", State.IN_REVIEW, False),
        ("editor", State.PUBLISHED, False),
        ("reviewer", State.IN_REVIEW, True),
        ("reviewer", State.PUBLISHED, False),
        ("chief", State.PUBLISHED, True),
        ("chief", State.UNPUBLISHED, True),
    ],
)
def test_who_may_change_text_in_which_state(client, request, role, state, allowed):
    user = request.getfixturevalue(role)
    article = make_article(state=state, title_zh_hans="原文")
    client.force_login(user)
    data = get_form(client, article)
    response = client.post(change_url(article), {**data, "title_zh_hans": "改过", "body_zh_hans": "<p>改过</p>"})
    assert response.status_code == (302 if allowed else 403)
    article.refresh_from_db()
    # On a published article the change waits for publication (tests/news/test_corrections.py).
    saved = article.pending_changes.get("title_zh_hans", article.title_zh_hans)
    assert saved == ("改过" if allowed else "原文")


def test_editor_cannot_approve_own_article(client, editor):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "approve"})
    article.refresh_from_db()
    assert article.is_approved is False


def test_editor_cannot_change_state_field_by_post(client, editor):
    article = make_article(state=State.DRAFT, published_at=None)
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "state": State.PUBLISHED})
    article.refresh_from_db()
    assert article.state == State.DRAFT


def test_editor_cannot_set_published_at(client, editor):
    article = make_article(state=State.DRAFT, published_at=None)
    client.force_login(editor)
    client.post(
        change_url(article), {**get_form(client, article), "published_at_0": "2030-01-01", "published_at_1": "10:00"}
    )
    article.refresh_from_db()
    assert article.published_at is None


def test_chief_schedules_with_future_time(client, chief):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(chief)
    data = get_form(client, article)
    future = timezone.localtime() + timedelta(days=2)
    data.update(
        published_at_0=future.strftime("%Y-%m-%d"), published_at_1=future.strftime("%H:%M:%S"), _workflow="publish"
    )
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_chief_unpublishes(client, chief):
    article = make_article()
    client.force_login(chief)
    client.post(
        change_url(article), {**get_form(client, article), "_workflow": "unpublish", "workflow_comment": "撤稿"}
    )
    article.refresh_from_db()
    assert article.state == State.UNPUBLISHED
    assert article.transitions.get().comment == "撤稿"


def bulk(client, action, articles):
    return client.post(
        reverse("admin:news_article_changelist"),
        {"action": action, "_selected_action": [str(article.pk) for article in articles]},
        follow=True,
    )


def test_bulk_publish_by_chief(client, chief):
    articles = [make_article(state=State.IN_REVIEW, published_at=None) for _ in range(2)]
    client.force_login(chief)
    bulk(client, "publish_selected", articles)
    assert set(Article.objects.values_list("state", flat=True)) == {State.PUBLISHED}
    assert ArticleTransition.objects.count() == 2


def test_bulk_publish_by_editor_is_refused(client, editor):
    articles = [make_article(state=State.IN_REVIEW, published_at=None) for _ in range(2)]
    client.force_login(editor)
    response = bulk(client, "publish_selected", articles)
    assert response.status_code == 200
    assert set(Article.objects.values_list("state", flat=True)) == {State.IN_REVIEW}


def test_bulk_submit_skips_articles_not_in_draft(client, editor):
    draft = make_article(state=State.DRAFT, published_at=None)
    published = make_article()
    client.force_login(editor)
    bulk(client, "submit_selected", [draft, published])
    assert Article.objects.get(pk=draft.pk).state == State.IN_REVIEW
    assert Article.objects.get(pk=published.pk).state == State.PUBLISHED


def test_bulk_actions_offered_by_role(client, editor, chief):
    client.force_login(editor)
    actions = [
        name
        for name, _label in client.get(reverse("admin:news_article_changelist"))
        .context["action_form"]
        .fields["action"]
        .choices
    ]
    assert "submit_selected" in actions and "publish_selected" not in actions
    client.force_login(chief)
    actions = [
        name
        for name, _label in client.get(reverse("admin:news_article_changelist"))
        .context["action_form"]
        .fields["action"]
        .choices
    ]
    assert "publish_selected" in actions


def test_changelist_shows_language_board(admin_client):
    make_article(title_zh_hans="状态板", is_ready_en=False, is_ready_my=False, title_my="", body_my="")
    html = admin_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert html.count("lang-status-ready") == 1
    assert html.count("lang-status-in_progress") == 1
    assert html.count("lang-status-missing") == 1


def test_changelist_filters_and_search(admin_client):
    make_article(title_zh_hans="云南咖啡")
    make_article(title_zh_hans="临沧茶叶", state=State.DRAFT, published_at=None)
    url = reverse("admin:news_article_changelist")
    assert admin_client.get(url, {"q": "咖啡"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"state__exact": "draft"}).context["cl"].result_count == 1


def test_changelist_shows_and_sorts_by_views_and_the_form_shows_them(admin_client):
    make_article(title_zh_hans="常读", view_count=1234)
    make_article(title_zh_hans="没人读")
    make_article(title_zh_hans="偶尔读", view_count=7)
    url = reverse("admin:news_article_changelist")
    position = ArticleAdmin.list_display.index("view_count") + 1
    html = admin_client.get(url, {"o": f"-{position}"}).content.decode()
    rows = re.findall(r'<th class="field-title">.*?>([^<]+)</a>.*?<td class="field-view_count">(\d+)</td>', html, re.S)
    assert rows == [("常读", "1234"), ("偶尔读", "7"), ("没人读", "0")]
    html = admin_client.get(change_url(Article.objects.get(title_zh_hans="常读"))).content.decode()
    assert re.search(r'<div class="readonly">1234</div>', html)


def test_admin_index_is_editors_desk(client, editor):
    client.force_login(editor)
    make_article(title_zh_hans="我的草稿", state=State.DRAFT, published_at=None, created_by=editor)
    make_article(title_zh_hans="待审稿件", state=State.IN_REVIEW, published_at=None)
    make_article(title_zh_hans="定时稿件", published_at=timezone.now() + timedelta(days=1))
    make_article(title_zh_hans="缺缅文", is_ready_my=False)
    html = client.get(reverse("admin:index")).content.decode()
    for title in ["我的草稿", "待审稿件", "定时稿件", "缺缅文"]:
        assert title in html


# What an editor sees of an article they may no longer change, and where "view on site" leads.


def test_view_on_site_of_a_draft_leads_to_its_preview(client, editor):
    article = make_article(state=State.DRAFT, published_at=None, created_by=editor)
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    link = re.search(r'<a href="([^"]+)" class="viewsitelink"', html).group(1)
    assert link == reverse("news:article-preview", kwargs={"pk": article.pk})
    assert client.get(link).status_code == 200


def test_view_on_site_of_a_public_article_leads_to_its_page(client, chief):
    article = make_article()
    client.force_login(chief)
    html = client.get(change_url(article)).content.decode()
    assert re.search(r'<a href="([^"]+)" class="viewsitelink"', html).group(1) == article.get_absolute_url()


def test_after_submitting_the_editor_sees_rendered_bodies_and_a_preview_link(client, editor):
    article = make_article(
        state=State.DRAFT, published_at=None, body_zh_hans="<p>第一段</p><p>第二段</p>", created_by=editor
    )
    client.force_login(editor)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "submit"})
    response = client.get(change_url(article))
    html = response.content.decode()
    assert "body_zh_hans" not in response.context["adminform"].form.fields
    assert "<p>第一段</p><p>第二段</p>" in html
    assert "&lt;p&gt;" not in html
    assert f'href="{reverse("news:article-preview", kwargs={"pk": article.pk})}"' in html


# Any language first: the Burmese column writes in Burmese, and a story may never have a Chinese version.


def test_burmese_only_article_is_written_and_published_without_chinese(client, editor, chief):
    column = make_column()
    client.force_login(editor)
    data = get_form(client)
    data.update(
        title_my="လင်ချန်း မြို့ သတင်း",
        body_my="<p>မြန်မာဘာသာဖြင့် ဦးစွာ ရေးသားသည်။</p>",
        column=str(column.pk),
        is_ready_my="on",
    )
    data.pop("is_ready_zh_hans", None)
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(title_my="လင်ချန်း မြို့ သတင်း")
    assert not article.title_zh_hans and not article.body_zh_hans
    client.post(change_url(article), {**get_form(client, article), "_workflow": "submit"})
    client.force_login(chief)
    client.post(change_url(article), {**get_form(client, article), "_workflow": "publish"})
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    assert client.get(f"/my/news/{article.pk}/").status_code == 200
    assert client.get(f"/zh-hans/news/{article.pk}/").status_code == 404
    assert client.get(f"/en/news/{article.pk}/").status_code == 404


def test_article_without_any_title_is_refused_with_a_visible_message(client, editor):
    column = make_column()
    client.force_login(editor)
    data = {**get_form(client), "body_en": "<p>Body only</p>", "column": str(column.pk)}
    response = client.post(reverse("admin:news_article_add"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Write the title in at least one language: Chinese, English or Burmese."
    ]
    assert not Article.objects.exists()


def test_publishing_burmese_later_needs_no_second_approval_of_chinese(client, chief):
    article = make_article(title_my="", body_my="", is_ready_my=False)
    transitions_before = article.transitions.count()
    client.force_login(chief)
    data = {
        **get_form(client, article),
        "title_my": "နောက်မှ ဘာသာပြန်သည်",
        "body_my": "<p>မြန်မာ</p>",
        "is_ready_my": "on",
        "_workflow": "publish_correction",
    }
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.state, article.available_languages) == (State.PUBLISHED, ["zh-hans", "en", "my"])
    # One step, the Burmese text's: the Chinese one was neither sent back nor approved again.
    assert list(article.transitions.values_list("from_state", "to_state"))[transitions_before:] in (
        [(State.PUBLISHED, State.PUBLISHED)],
        [],
    )
    assert article.transitions.count() == transitions_before + 1
    assert client.get(f"/my/news/{article.pk}/").status_code == 200


def test_scheduled_time_keeps_its_seconds_through_later_saves(client, chief):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    client.force_login(chief)
    when = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0, second=30, microsecond=0)
    data = {
        **get_form(client, article),
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": "10:00:30",
        "_workflow": "publish",
    }
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.published_at == when
    client.post(change_url(article), {**get_form(client, article), "title_en": "Edited while scheduled"})
    article.refresh_from_db()
    assert (article.published_at, article.title_en) == (when, "Edited while scheduled")


def test_change_form_shows_one_state(client, chief):
    article = make_article(published_at=timezone.now() + timedelta(hours=3))
    client.force_login(chief)
    response = client.get(change_url(article), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "state" not in response.context["adminform"].form.fields
    assert re.findall(r">(Published|Scheduled)<", html) == ["Scheduled", "Scheduled"]


@pytest.mark.parametrize("count", [1, 3])
def test_editors_desk_runs_a_fixed_number_of_queries(client, editor, reviewer, django_assert_num_queries, count):
    for number in range(count):
        draft = make_article(
            title_zh_hans=f"退回稿{number}", state=State.IN_REVIEW, published_at=None, created_by=editor
        )
        client.force_login(reviewer)
        client.post(change_url(draft), {**get_form(client, draft), "_workflow": "return", "workflow_comment": "改"})
        make_article(state=State.DRAFT, published_at=None, created_by=editor)
        make_article(published_at=timezone.now() + timedelta(days=1), title_my="", body_my="")
        make_article(pending_changes={"title_en": "Waiting"}, pending_changed_at=timezone.now())
        make_article(correction_note_en="Fixed", corrected_at=timezone.now())
    client.force_login(editor)
    client.get(reverse("admin:index"))  # sessions and permissions cached as for any page after the first
    with django_assert_num_queries(14):
        html = client.get(reverse("admin:index")).content.decode()
    returned = re.search(r"<caption>被退回给我的</caption>(.*?)</table>", html, re.S).group(1)
    assert re.findall(r"退回稿\d", returned) == [f"退回稿{number}" for number in reversed(range(count))]


FORBIDDEN_STEPS = [
    ("editor", State.IN_REVIEW, "approve"),
    ("editor", State.IN_REVIEW, "publish"),
    ("editor", State.PUBLISHED, "unpublish"),
    ("editor", State.PUBLISHED, "publish_correction"),
    ("reviewer", State.DRAFT, "submit"),
    ("reviewer", State.IN_REVIEW, "publish"),
    ("reviewer", State.PUBLISHED, "publish_correction"),
    ("chief_editor", State.DRAFT, "approve"),
    ("translator_en", State.DRAFT, "submit"),
    ("translator_my", State.IN_REVIEW, "approve"),
    ("translator_zh_hans", State.IN_REVIEW, "publish"),
    ("translator_en", State.PUBLISHED, "unpublish"),
]


@pytest.mark.parametrize(("role", "state", "action"), FORBIDDEN_STEPS)
def test_forged_post_of_a_forbidden_step_changes_nothing(client, django_user_model, role, state, action):
    from news.roles import assign_role

    user = django_user_model.objects.create_user(username=f"forger-{role}", password="pw-for-tests-only", is_staff=True)
    assign_role(user, role)
    published_at = timezone.now() - timedelta(hours=1) if state == State.PUBLISHED else None
    article = make_article(state=state, published_at=published_at)
    client.force_login(user)
    response = client.get(change_url(article))
    data = get_form(client, article) if response.status_code == 200 else {}
    client.post(change_url(article), {**data, "_workflow": action, "workflow_comment": "forged"})
    article.refresh_from_db()
    assert (article.state, article.is_approved) == (state, False)
    assert not ArticleTransition.objects.filter(comment="forged").exists()
