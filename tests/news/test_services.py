"""The workflow services: who may do what, from which state, and what they leave behind."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from news import services
from news.models import Article, ArticleTransition
from tests.factories import make_article

pytestmark = pytest.mark.django_db
State = Article.State


def test_submit_then_publish_records_history(editor, chief):
    article = make_article(state=State.DRAFT, published_at=None)
    services.article_submit(article=article, user=editor, comment="好了")
    services.article_publish(article=article, user=chief)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED and article.version == 2
    steps = list(ArticleTransition.objects.order_by("pk").values_list("from_state", "to_state", "user", "comment"))
    assert steps == [
        (State.DRAFT, State.IN_REVIEW, editor.pk, "好了"),
        (State.IN_REVIEW, State.PUBLISHED, chief.pk, ""),
    ]


def test_publish_straight_from_draft_is_refused(chief):
    article = make_article(state=State.DRAFT, published_at=None)
    with pytest.raises(ValidationError):
        services.article_publish(article=article, user=chief)
    assert Article.objects.get(pk=article.pk).state == State.DRAFT


@pytest.mark.parametrize(
    ("role", "action"),
    [
        ("editor", "article_approve"),
        ("editor", "article_publish"),
        ("reviewer", "article_publish"),
        ("reviewer", "article_submit"),
    ],
)
def test_role_without_permission_is_refused(request, role, action):
    user = request.getfixturevalue(role)
    state = State.DRAFT if action == "article_submit" else State.IN_REVIEW
    article = make_article(state=state, published_at=None)
    with pytest.raises(PermissionDenied):
        getattr(services, action)(article=article, user=user, comment="x")
    assert not ArticleTransition.objects.exists()


def test_return_needs_a_comment(reviewer):
    article = make_article(state=State.IN_REVIEW, published_at=None)
    with pytest.raises(ValidationError):
        services.article_return(article=article, user=reviewer, comment="  ")


def test_publish_keeps_a_future_time_as_schedule(chief):
    when = timezone.now() + timedelta(days=3)
    article = make_article(state=State.IN_REVIEW, published_at=when)
    services.article_publish(article=article, user=chief)
    article.refresh_from_db()
    assert article.published_at == when and article.is_scheduled
    assert list(Article.objects.scheduled()) == [article]
    assert not Article.objects.published().exists()


def test_unpublish_then_republish(chief):
    article = make_article()
    services.article_unpublish(article=article, user=chief, comment="更正")
    assert not Article.objects.published().exists()
    services.article_publish(article=article, user=chief, comment="已更正")
    assert Article.objects.published().get() == article


def test_language_status_board():
    article = make_article(is_ready_en=False, title_my="", body_my="", is_ready_my=False)
    assert article.language_status() == {"zh-hans": "ready", "en": "in_progress", "my": "missing"}
