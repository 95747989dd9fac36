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


RELATED_SHOWN = 6


def neighbour_map():
    """{pk: (previous pk, next pk)} of every public article in the active language, within its column, older first
    for "previous": one query, for rendering many article pages (render_article_pages)."""
    neighbours = {}
    rows = Article.objects.published().order_by("column_id", "published_at", "pk").values_list("pk", "column_id")
    previous_pk = previous_column = None
    for pk, column_id in rows:
        if column_id == previous_column:
            neighbours[previous_pk] = (neighbours[previous_pk][0], pk)
            neighbours[pk] = (previous_pk, None)
        else:
            neighbours[pk] = (None, None)
        previous_pk, previous_column = pk, column_id
    return neighbours


def article_links(articles, neighbours=None):
    """{pk: links} for each of `articles`: what its page links to, public in the active language: up to six related
    articles (newest first) and the previous (older) and next article of its column. (What other apps show under an
    article, they register as "article-links" blocks: portal/registry.py.)

    Two queries for all of them, three more per article without `neighbours` (`neighbour_map()`).
    """
    public = Article.objects.published()
    if neighbours is None:
        neighbours = {}
        for article in articles:
            if article.published_at is None:
                # A draft previewed before it has a publish time has no place in its column yet.
                continue
            same_column = public.filter(column_id=article.column_id).values_list("pk", flat=True)
            older = same_column.before(article).first()
            newer = same_column.after(article).first()
            neighbours[article.pk] = (older, newer)
    through = Article.related_articles.through
    related_ids = {}
    for from_id, to_id in through.objects.filter(from_article_id__in=[article.pk for article in articles]).values_list(
        "from_article_id", "to_article_id"
    ):
        related_ids.setdefault(from_id, []).append(to_id)
    wanted = {pk for article in articles for pk in neighbours.get(article.pk, ()) if pk is not None}
    wanted.update(pk for ids in related_ids.values() for pk in ids)
    rows = {row.pk: row for row in public.with_card().filter(pk__in=wanted)} if wanted else {}
    links = {}
    for article in articles:
        older, newer = neighbours.get(article.pk, (None, None))
        related = [rows[pk] for pk in related_ids.get(article.pk, ()) if pk in rows]
        related.sort(key=lambda row: (row.published_at, row.pk), reverse=True)
        links[article.pk] = {
            "related": related[:RELATED_SHOWN],
            "previous": rows.get(older),
            "next": rows.get(newer),
        }
    return links
