"""The sitemaps: every public page once per language it exists in, with its alternates.

Django's i18n sitemap lists every language for every row; here a row is listed
only in the languages it exists in (`available_languages`, the same list that
drives the page's own hreflang links), with x-default chosen as on the page.
"""

import operator
from collections.abc import Sequence
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from news.models import Article, Column
from projects.models import Edition, Session, SignedProject

from .cache import cached_for_generation
from .feeds import strip_xml_illegal
from .models import LANGUAGE_CODES, Page, SiteSettings, field_suffix

# Google News takes articles of the last two days, and its own code for Simplified Chinese.
NEWS_WINDOW = timedelta(days=2)
NEWS_LANGUAGES = {"zh-hans": "zh-cn", "en": "en", "my": "my"}


def published_anywhere(manager):
    """Rows published in at least one language, as one query: each row is then listed in its own languages."""
    return reduce(operator.or_, (manager.published(code) for code in LANGUAGE_CODES))


class LanguageRows(Sequence):
    """A sitemap section's (row, language) pairs, language after language, read one sitemap page at a time.

    Its length comes from per-language counts, so the index never loads a row, and a page loads only its own rows.
    """

    def __init__(self, sitemap, counts):
        self.sitemap = sitemap
        self.counts = counts

    def __len__(self):
        return sum(self.counts.values())

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        pairs = []
        offset = 0
        for code in LANGUAGE_CODES:
            low, high = max(start - offset, 0), min(stop - offset, self.counts[code])
            if low < high:
                pairs.extend((row, code) for row in self.sitemap.rows_in(code)[low:high])
            offset += self.counts[code]
        return pairs


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    # Every URL carries its alternates: smaller pages than the protocol's 50,000 keep each one quick to build.
    limit = 5000
    # Fields whose newest value is the section's lastmod in the index.
    lastmod_fields = ()
    # Translated rows load only these fields; the languages each row exists in come from the database.
    light_fields = None

    def language_flags(self):
        """Per language, whether a row passes the model's own published() gate: its languages, never its texts.

        `pk IN (subquery)` rather than EXISTS: the database hashes the public ids once instead of probing per row.
        """
        model = self.items().model
        return {
            f"in_{field_suffix(code)}": ExpressionWrapper(
                Q(pk__in=model.objects.published(code).values("pk")), output_field=BooleanField()
            )
            for code in LANGUAGE_CODES
        }

    @cached_property
    def figures(self):
        """The section's newest lastmod field values and its row count per language: one query per content change."""
        return cached_for_generation(f"sitemap-figures:{type(self).__name__}", self.read_figures)

    def read_figures(self):
        aggregates = {field: Max(field) for field in self.lastmod_fields}
        if self.light_fields is not None:
            aggregates |= {
                f"count_{name}": Count("pk", filter=flag.expression) for name, flag in self.language_flags().items()
            }
        return self.items().order_by().aggregate(**aggregates) if aggregates else {}

    def get_latest_lastmod(self):
        # Django would call lastmod() on every row of the section; one aggregate query does instead.
        return max((self.figures[field] for field in self.lastmod_fields if self.figures[field]), default=None)

    def rows_in(self, code):
        """The light rows that exist in language `code`, each knowing all its languages, in the section's order."""
        return (
            self.items()
            .only(*self.light_fields)
            .annotate(**self.language_flags())
            .filter(self.language_flags()[f"in_{field_suffix(code)}"].expression)
        )

    def _items(self):
        if self.light_fields is None:
            return super()._items()
        return LanguageRows(self, {code: self.figures[f"count_in_{field_suffix(code)}"] for code in LANGUAGE_CODES})

    def get_languages_for_item(self, item):
        return [code for code in LANGUAGE_CODES if getattr(item, f"in_{field_suffix(code)}")]

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
    lastmod_fields = ("updated_at",)
    light_fields = ("slug", "updated_at")

    def items(self):
        return published_anywhere(Page.objects).order_by("pk")

    def lastmod(self, page):
        return page.updated_at


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


class EditionSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at",)
    light_fields = ("slug", "updated_at")

    def items(self):
        return published_anywhere(Edition.objects).order_by("-starts_on", "pk")

    def lastmod(self, edition):
        return edition.updated_at


class SessionSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at",)
    light_fields = ("updated_at", "edition__slug")

    def items(self):
        editions = published_anywhere(Edition.objects)
        return published_anywhere(Session.objects).filter(edition__in=editions).select_related("edition")

    def lastmod(self, session):
        return session.updated_at


class ProjectSitemap(TranslatedSitemap):
    lastmod_fields = ("updated_at",)
    light_fields = ("updated_at",)

    def items(self):
        return published_anywhere(SignedProject.objects).order_by("pk")

    def lastmod(self, project):
        return project.updated_at


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
