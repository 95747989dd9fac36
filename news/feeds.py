"""News feeds: the latest news and each column, in RSS and Atom."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.feeds import PortalFeed, absolute_html, enclosure_for, plain_to_html

from .models import Article, Column

# Saving a publication stamps both times at once; a later save is a correction.
CORRECTION_MARGIN = timedelta(minutes=1)


class ArticleFeed(PortalFeed):
    """Published articles of one language, newest first; subclasses narrow the QuerySet."""

    def articles(self, obj, language):
        return Article.objects.published(language)

    def get_queryset(self, obj, language):
        return self.articles(obj, language).select_related("column", "cover").newest_first()

    def description(self, obj):
        return self.site.meta_description or self.title(obj)

    def author_name(self, obj):
        # Atom wants an author for every entry; the site stands in where an article names none.
        return self.site.site_name or self.request.get_host()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        summary = item.summary or Truncator(strip_tags(item.body)).chars(200)
        return plain_to_html(summary)

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.column.name] if item.column.name else []

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_guid(self, item):
        return self.tag_uri(f"article:{item.pk}:{self.language_code}")

    def item_enclosures(self, item):
        enclosure = enclosure_for(item.cover, self.absolute)
        return [enclosure] if enclosure else []

    def item_extra_kwargs(self, item):
        return {
            "content": absolute_html(item.body, self.absolute(item.get_absolute_url())),
            "source": item.source,
            "updated_after_publication": item.updated_at - item.published_at > CORRECTION_MARGIN,
        }


class LatestNewsFeed(ArticleFeed):
    def title(self, obj):
        return self.site_title(_("Latest news"))

    def link(self, obj):
        return reverse("home")


class ColumnFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Column, slug=slug)

    def articles(self, column, language):
        return super().articles(column, language).filter(column=column)

    def title(self, column):
        return self.site_title(column.name or column.slug)

    def link(self, column):
        return column.get_absolute_url()
