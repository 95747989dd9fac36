"""The news sections of the sitemap: articles, columns, and the Google News sitemap of the last two days."""

from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from portal.cache import cached_for_generation
from portal.feeds import strip_xml_illegal
from portal.models import LANGUAGE_CODES, SiteSettings, field_suffix
from portal.sitemaps import TranslatedSitemap, published_anywhere

from .models import Article, Column

# Google News takes articles of the last two days, and its own code for Simplified Chinese.
NEWS_WINDOW = timedelta(days=2)
NEWS_LANGUAGES = {"zh-hans": "zh-cn", "en": "en", "my": "my"}


class ArticleSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at", "published_at")
    light_fields = ("updated_at", "published_at")

    def items(self):
        return published_anywhere(Article.objects).order_by("-published_at", "-pk")

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class ColumnSitemap(TranslatedSitemap):
    changefreq = "hourly"

    def items(self):
        latest = published_anywhere(Article.objects).filter(column=OuterRef("pk")).order_by("-published_at")
        return Column.objects.annotate(latest_published_at=Subquery(latest.values("published_at")[:1])).order_by(
            "position", "pk"
        )

    def get_languages_for_item(self, item):
        return LANGUAGE_CODES

    def lastmod(self, column):
        return column.latest_published_at

    def get_latest_lastmod(self):
        return max(
            (column.latest_published_at for column, _code in self._items() if column.latest_published_at), default=None
        )

    def _items(self):
        # A few rows, but each with a subquery over the articles: read once per content change.
        return cached_for_generation("sitemap-columns", super()._items)


class NewsSitemap(TranslatedSitemap):
    """Google News: articles of the last two days, each with its title, language and publication."""

    lastmod_fields = ("updated_at", "published_at")
    light_fields = ("updated_at", "published_at", "title_zh_hans", "title_en", "title_my")

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return published_anywhere(Article.objects).filter(published_at__gte=since).order_by("-published_at", "-pk")

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        settings_row = SiteSettings.objects.first() or SiteSettings()
        for url in urls:
            article, language = url["item"]
            suffix = field_suffix(language)
            url["news"] = {
                "publication": strip_xml_illegal(
                    getattr(settings_row, f"site_name_{suffix}") or settings_row.site_name
                ),
                "language": NEWS_LANGUAGES[language],
                "published_at": article.published_at,
                "title": strip_xml_illegal(getattr(article, f"title_{suffix}")),
            }
        return urls
