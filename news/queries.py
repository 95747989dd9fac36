"""Reads for the newsroom's pages that are not one QuerySet: the editor's desk."""

from django.conf import settings

from . import services
from .models import Article, ArticleTransition

DESK_ROWS = 10


def editor_desk(user):
    """What the admin's first page shows `user`, each list one query: their drafts, drafts returned to them, articles
    waiting for review, scheduled ones, translations waiting in their languages (every language for editors),
    corrections waiting for publication and the latest published ones."""
    articles = Article.objects.select_related("column").defer(*Article.BODY_FIELDS)
    Draft = Article.State.DRAFT
    returned = ArticleTransition.objects.filter(from_state=Article.State.IN_REVIEW, to_state=Draft).values("article")
    languages = services.translator_languages(user) or [code for code, _name in settings.LANGUAGES]
    translations = []
    for code in languages:
        translations.append((code, list(articles.needing_translation(code)[:DESK_ROWS])))
    return {
        "my_drafts": list(
            articles.filter(state=Draft, created_by=user).exclude(pk__in=returned).order_by("-updated_at")[:DESK_ROWS]
        ),
        "returned": list(
            articles.filter(state=Draft, created_by=user, pk__in=returned).order_by("-updated_at")[:DESK_ROWS]
        ),
        "in_review": list(articles.filter(state=Article.State.IN_REVIEW).order_by("updated_at")[:DESK_ROWS]),
        "scheduled": list(articles.scheduled().order_by("published_at")[:DESK_ROWS]),
        "translations": translations,
        "corrections_waiting": list(
            articles.exclude(pending_changed_at=None).order_by("pending_changed_at")[:DESK_ROWS]
        ),
        "recent_corrections": list(articles.exclude(corrected_at=None).order_by("-corrected_at")[:DESK_ROWS]),
    }
