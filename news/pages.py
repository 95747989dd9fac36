"""Article pages rendered when the article or anything they show changes, and stored with it.

A news site's traffic is a long tail: crawlers and readers of old links read articles nobody has read since the last
change. Reading a stored page is one indexed fetch plus the site shell's parts kept per content generation
(portal/stored_pages.py); rendering it again costs the template, the links query and the blocks of other apps.

One row per article, language and origin (scheme and host: pages carry absolute URLs), rendered by one release of the
code (`portal.stored_pages.release()`). Whether the article is public is checked at every read against the article
row, so unpublishing takes effect at once. A page is forgotten (deleted) when something it shows changes, and stored
again by the next read; the article's own pages are rendered again as soon as it is saved. What a page shows, and so
what forgets it:
- the article itself (every save: texts, cover, column, corrections, publication): `article_saved`;
- its column's name: `column_saved`; its cover and the pictures of its related cards: `image_saved`;
- its previous and next article in the column, and its related articles: the pages next to an article, before and
  after it moves, and those of its related articles, are forgotten with it;
- what other apps show under it ("article-links" blocks): they call `forget_pages_of`;
- the site settings (name, description): every page is forgotten;
- scheduled items: a page expires when the next scheduled item goes public (portal.cache's publication clocks).
The shell's header date, navigation and footer, and the view count, are filled in when the page is served.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import resolve
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from portal import registry
from portal.cache import current_generation, next_publication_at, seconds_until_next_publication
from portal.digits import native_digits
from portal.models import LANGUAGE_CODES
from portal.stored_pages import fill, kept_frame, marker, origin_of, release, storing_page

from .models import Article, ArticleCard, ArticlePage, Column
from .queries import article_links

TEMPLATE_NAME = "news/article_detail.html"
COLUMN_TEMPLATE_NAME = "news/column_detail.html"
CARD_TEMPLATE_NAME = "news/column_detail.html#card"


def page_context(article, views, links=None, prepared_blocks=None):
    """The article page's context; `views` is the number shown, or the marker filled in when a stored page is served.
    `links` and `prepared_blocks` are read here unless given (read for many pages at once)."""
    crumbs = [{"name": article.column.name, "url": article.column.get_absolute_url()}, {"name": article.title}]
    return {
        "article": article,
        "object": article,
        "available_languages": article.public_languages(),
        "crumbs": crumbs,
        "links": links if links is not None else article_links([article])[article.pk],
        "prepared_blocks": prepared_blocks or {},
        "views": views,
        "head_key": f"article:{article.pk}",
    }


def stored_page(request, pk):
    """(html, view count of the row) of the public article `pk` in the active language, or None when no page is stored
    for it (or it is not public)."""
    return ArticlePage.objects.servable(pk, get_language(), origin_of(request), release())


def serve(request, html, views):
    return fill(html, request, views=native_digits(views))


def render_page(request, article, links=None, prepared_blocks=None):
    """The article's page in the active language, with markers where the shell's changing parts go."""
    context = page_context(article, mark_safe(marker("views")), links, prepared_blocks)  # noqa: S308 -- a comment
    with storing_page():
        return render_to_string(TEMPLATE_NAME, context, request)


def expiry():
    """When a page rendered now stops being served: the next scheduled publication (it may be linked from it)."""
    generation = current_generation()
    if generation is not None:
        seconds = seconds_until_next_publication(generation)
        return None if seconds is None else timezone.now() + timedelta(seconds=seconds)
    return next_publication_at()


def store(request, article):
    """Render the public `article`'s page in the active language, store it, and return it."""
    html = render_page(request, article)
    save_pages([ArticlePage(article=article, language=get_language(), origin=origin_of(request), html=html)])
    return html


def save_pages(pages):
    now = timezone.now()
    expires_at = expiry()
    for page in pages:
        page.release, page.rendered_at, page.expires_at = release(), now, expires_at
    ArticlePage.objects.bulk_create(
        pages,
        update_conflicts=True,
        unique_fields=["article", "language", "origin"],
        update_fields=["release", "html", "rendered_at", "expires_at"],
    )


class OriginRequest(HttpRequest):
    """A reader's GET of `path` at `origin`, for pages rendered outside a reader's request (after an edit, by the
    render_article_pages command)."""

    def __init__(self, origin, path):
        super().__init__()
        from django.contrib.auth.models import AnonymousUser

        self.origin_scheme, _, host = origin.partition("://")
        self.method = "GET"
        self.path = self.path_info = path
        self.META = {"HTTP_HOST": host, "SERVER_NAME": host.split(":")[0], "SERVER_PORT": "80"}
        self.resolver_match = resolve(path)
        self.user = AnonymousUser()

    def _get_scheme(self):
        return self.origin_scheme


def render_for_origins(article_ids, origins, neighbours=None):
    """Render and store the pages of `article_ids` in every language where each is public, for each origin, and
    their column cards.

    Links and other apps' blocks are read for all of them at once; `neighbours` ({language: neighbour_map()}) saves
    the per-article neighbour queries when rendering many.
    """
    for code in LANGUAGE_CODES:
        with override(code):
            articles = list(Article.objects.published(code).with_page().filter(pk__in=article_ids).order_by("pk"))
            if not articles:
                continue
            store_cards([article.pk for article in articles])
            links = article_links(articles, (neighbours or {}).get(code))
            for origin in origins:
                requests = {article.pk: OriginRequest(origin, article.get_absolute_url()) for article in articles}
                blocks = registry.prepared_blocks("article-links", requests[articles[0].pk], articles)
                save_pages(
                    [
                        ArticlePage(
                            article=article,
                            language=code,
                            origin=origin,
                            html=render_page(
                                requests[article.pk],
                                article,
                                links[article.pk],
                                {"article-links": blocks[article.pk]},
                            ),
                        )
                        for article in articles
                    ]
                )


def known_origins():
    return list(ArticlePage.objects.order_by().values_list("origin", flat=True).distinct())


# Column pages: every page of a column fills one frame, kept per content generation, language and origin
# (portal.stored_pages.kept_frame): what the pages share (head, header, breadcrumb, footer) is rendered once, and a
# page nobody has read lately costs its rows and two small templates.


def column_frame(request, slug):
    """The page of the column `slug` with markers for what differs from page to page, or None (no such column)."""

    def render():
        column = Column.objects.filter(slug=slug).first()
        if column is None:
            return None
        context = {
            "column": column,
            "crumbs": [{"name": column.name}],
            "page_title": mark_safe(marker("page_title")),  # noqa: S308 -- a fixed comment
            "page_content": mark_safe(marker("page_content")),  # noqa: S308 -- a fixed comment
        }
        return render_to_string(COLUMN_TEMPLATE_NAME, context, request)

    return kept_frame(request, f"column:{slug}", render)


def column_page(request, frame, page):
    """The column's `frame` filled with `page`, a page of (pk, stored card or None) rows."""
    context = {"cards": column_cards(page.object_list), "page_obj": page, "page_query": {}}
    return fill(
        frame,
        request,
        page_title=render_to_string(f"{COLUMN_TEMPLATE_NAME}#page_title", context),
        page_content=render_to_string(f"{COLUMN_TEMPLATE_NAME}#page_content", context),
    )


# Column cards: what a column page lists, rendered from the narrow row of `with_card(excerpt=True)` and stored, so
# that a page nobody has read lately costs one query and no template per card.


def column_cards(rows):
    """The cards of `rows` ((pk, stored card or None) of `ArticleCard.objects.column_page`, in order) in the active
    language: the stored ones, and the missing ones rendered and stored now."""
    cards = dict(rows)
    missing = [pk for pk, card in cards.items() if card is None]
    if missing:
        cards.update(store_cards(missing))
    return [mark_safe(cards[pk]) for pk, _card in rows if cards[pk] is not None]  # noqa: S308 -- our template


def store_cards(article_ids):
    """Render the cards of those of `article_ids` that are public in the active language, from their narrow rows
    (`with_card(excerpt=True)`), and store them; {pk: html}."""
    articles = Article.objects.published().with_card(excerpt=True).filter(pk__in=article_ids)
    code, current = get_language(), release()
    cards = [
        ArticleCard(
            article=article,
            language=code,
            release=current,
            version=article.version,
            html=render_to_string(CARD_TEMPLATE_NAME, {"article": article, "card_details": True}),
        )
        for article in articles
    ]
    ArticleCard.objects.bulk_create(
        cards,
        update_conflicts=True,
        unique_fields=["article", "language"],
        update_fields=["release", "version", "html"],
    )
    return {card.article_id: card.html for card in cards}


# Forgetting pages when what they show changes.


def forget_pages_of(article_ids):
    """Forget the stored pages of these articles (another app's content shown under them changed)."""
    # A QuerySet stays a subquery: one statement however many articles it names.
    ids = article_ids if isinstance(article_ids, QuerySet) else list(article_ids)
    ArticlePage.objects.filter(article_id__in=ids).delete()


def neighbour_ids(article):
    """The articles next to `article` in its column, in any language: their pages link to it, or will."""
    if article.published_at is None or article.column_id is None:
        return set()
    ids = set()
    for code in LANGUAGE_CODES:
        same_column = Article.objects.published(code).filter(column_id=article.column_id).exclude(pk=article.pk)
        for rows in (same_column.before(article), same_column.after(article)):
            ids.update(rows.values_list("pk", flat=True)[:1])
    return ids


def pages_stored():
    # Until a first page is stored (a new site, a bulk load, most tests) a save has nothing to forget.
    return ArticlePage.objects.exists()


def remember_position(sender, instance, **kwargs):
    """Before a save or delete: the neighbours of the article where it was."""
    instance._neighbours_before = set()
    # Read once for the save: article_saved needs it too.
    instance._pages_stored = pages_stored()
    if instance.pk is None or not instance._pages_stored:
        return
    before = Article.objects.filter(pk=instance.pk).only("pk", "column_id", "published_at").first()
    instance._neighbours_before = neighbour_ids(before) if before is not None else set()


def article_saved(sender, instance, **kwargs):
    """Forget the pages that link to the article, where it was and where it is; render its own pages again; forget
    its cards."""
    ArticleCard.objects.filter(article_id=instance.pk).delete()
    stored = getattr(instance, "_pages_stored", None)
    if not (pages_stored() if stored is None else stored):
        return
    related = set(instance.related_articles.values_list("pk", flat=True)) if instance.pk else set()
    forget_pages_of(getattr(instance, "_neighbours_before", set()) | neighbour_ids(instance) | related)
    origins = known_origins()
    ArticlePage.objects.filter(article_id=instance.pk).delete()
    if origins and instance.state == Article.State.PUBLISHED:
        pk = instance.pk
        transaction.on_commit(lambda: render_for_origins([pk], origins))


def article_deleted(sender, instance, **kwargs):
    forget_pages_of(getattr(instance, "_neighbours_before", set()))


def related_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear", "pre_clear"):
        ids = {instance.pk, *(pk_set or ())}
        if action == "pre_clear":
            ids |= set(instance.related_articles.values_list("pk", flat=True))
        forget_pages_of(ids)


def column_saved(sender, instance, **kwargs):
    ArticlePage.objects.filter(article__column=instance).delete()
    ArticleCard.objects.filter(article__column=instance).delete()


def image_saved(sender, instance, **kwargs):
    ArticlePage.objects.filter(Q(article__cover=instance) | Q(article__related_articles__cover=instance)).delete()
    ArticleCard.objects.filter(article__cover=instance).delete()


def site_settings_saved(sender, **kwargs):
    ArticlePage.objects.all().delete()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

    from portal.models import SiteSettings

    from .models import Column, Image

    pre_save.connect(remember_position, sender=Article, dispatch_uid="pages-remember-save")
    pre_delete.connect(remember_position, sender=Article, dispatch_uid="pages-remember-delete")
    post_save.connect(article_saved, sender=Article, dispatch_uid="pages-article-saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="pages-article-deleted")
    m2m_changed.connect(related_changed, sender=Article.related_articles.through, dispatch_uid="pages-related")
    post_save.connect(column_saved, sender=Column, dispatch_uid="pages-column")
    post_save.connect(image_saved, sender=Image, dispatch_uid="pages-image-saved")
    pre_delete.connect(image_saved, sender=Image, dispatch_uid="pages-image-deleted")
    post_save.connect(site_settings_saved, sender=SiteSettings, dispatch_uid="pages-site-settings")
