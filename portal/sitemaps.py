"""The sitemaps: every public page once per language it exists in, with its alternates.

Django's i18n sitemap lists every language for every row; here a row is listed
only in the languages it exists in (`available_languages`, the same list that
drives the page's own hreflang links), with x-default chosen as on the page.
"""

import operator
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Column
from projects.models import Edition, Session, SignedProject

from .feeds import strip_xml_illegal
from .models import LANGUAGE_CODES, Page, SiteSettings, field_suffix

# Google News takes articles of the last two days, and its own code for Simplified Chinese.
NEWS_WINDOW = timedelta(days=2)
NEWS_LANGUAGES = {"zh-hans": "zh-cn", "en": "en", "my": "my"}


def published_anywhere(manager):
    """Rows published in at least one language, as one query: each row is then listed in its own languages."""
    return reduce(operator.or_, (manager.published(code) for code in LANGUAGE_CODES))


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True

    def get_languages_for_item(self, item):
        return item.available_languages

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            alternates = url["alternates"]
            codes = [alternate["lang_code"] for alternate in alternates]
            if alternates:
                default = alternates[codes.index(settings.LANGUAGE_CODE)] if settings.LANGUAGE_CODE in codes else None
                default = default or alternates[0]
                alternates.append({"location": default["location"], "lang_code": "x-default"})
            for alternate in alternates:
                alternate["lang_code"] = settings.LANGUAGE_TAGS.get(alternate["lang_code"], alternate["lang_code"])
        return urls


class StaticSitemap(TranslatedSitemap):
    """The home page and the list pages: they exist in every language."""

    changefreq = "hourly"

    def items(self):
        return ["home", "projects:edition-list", "projects:project-list"]

    def location(self, item):
        return reverse(item)

    def get_languages_for_item(self, item):
        return LANGUAGE_CODES


class PageSitemap(TranslatedSitemap):
    def items(self):
        return published_anywhere(Page.objects).order_by("pk")

    def lastmod(self, page):
        return page.updated_at


class ArticleSitemap(TranslatedSitemap):
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


class EditionSitemap(TranslatedSitemap):
    def items(self):
        return published_anywhere(Edition.objects).order_by("-starts_on", "pk")

    def lastmod(self, edition):
        return edition.updated_at


class SessionSitemap(TranslatedSitemap):
    def items(self):
        editions = published_anywhere(Edition.objects)
        return published_anywhere(Session.objects).filter(edition__in=editions).select_related("edition")

    def lastmod(self, session):
        return session.updated_at


class ProjectSitemap(TranslatedSitemap):
    def items(self):
        return published_anywhere(SignedProject.objects).order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class NewsSitemap(TranslatedSitemap):
    """Google News: articles of the last two days, each with its title, language and publication."""

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


SITEMAPS = {
    "pages": StaticSitemap,
    "site-pages": PageSitemap,
    "articles": ArticleSitemap,
    "columns": ColumnSitemap,
    "editions": EditionSitemap,
    "sessions": SessionSitemap,
    "projects": ProjectSitemap,
    "news": NewsSitemap,
}
