"""Editorial workflow: every state change goes through here, is checked against the user's role and is recorded."""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, ArticleTransition

State = Article.State

# action -> (states it may start from, the state it leads to, the permission it needs)
TRANSITIONS = {
    "submit": ({State.DRAFT}, State.IN_REVIEW, "news.submit_article"),
    "approve": ({State.IN_REVIEW}, State.IN_REVIEW, "news.review_article"),
    "return": ({State.IN_REVIEW}, State.DRAFT, "news.review_article"),
    "publish": ({State.IN_REVIEW, State.UNPUBLISHED}, State.PUBLISHED, "news.publish_article"),
    "unpublish": ({State.PUBLISHED}, State.UNPUBLISHED, "news.publish_article"),
}


def can_transition(user, action, article=None):
    allowed_from, _to, permission = TRANSITIONS[action]
    if not user.has_perm(permission):
        return False
    return article is None or article.state in allowed_from


def _transition(action, *, article, user, comment="", **changes):
    allowed_from, to_state, permission = TRANSITIONS[action]
    if not user.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"{action}: {comment}" if comment else action)
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.state not in allowed_from:
            raise ValidationError(
                _("“%(title)s” is %(state)s; this step is not possible from there.")
                % {"title": article, "state": article.get_state_display()}
            )
        from_state = article.state
        article.state = to_state
        for name, value in changes.items():
            setattr(article, name, value)
        article.version += 1
        article.save(update_fields=["state", "version", "updated_at", *changes])
        ArticleTransition.objects.create(
            article=article, from_state=from_state, to_state=to_state, user=user, comment=comment
        )
    return article


def article_submit(*, article, user, comment=""):
    """An editor hands a draft to the reviewers."""
    return _transition("submit", article=article, user=user, comment=comment)


def article_approve(*, article, user, comment=""):
    """A reviewer approves: the article stays in review, now marked approved, for the chief editor to publish."""
    return _transition("approve", article=article, user=user, comment=comment, is_approved=True)


def article_return(*, article, user, comment):
    """A reviewer sends a draft back to its editor, saying why."""
    if not comment.strip():
        raise ValidationError(_("Say why the article goes back: a comment is required."))
    return _transition("return", article=article, user=user, comment=comment, is_approved=False)


def article_publish(*, article, user, comment="", published_at=None):
    """A chief editor publishes now, or at `published_at` (a time in the future schedules it)."""
    when = published_at or article.published_at or timezone.now()
    return _transition("publish", article=article, user=user, comment=comment, published_at=when)


def article_unpublish(*, article, user, comment=""):
    """A chief editor takes an article off the site; it keeps its text and history."""
    return _transition("unpublish", article=article, user=user, comment=comment, is_approved=False)


def record_creation(*, article, user):
    ArticleTransition.objects.create(
        article=article, from_state="", to_state=article.state, user=user, comment=_("Created")
    )
