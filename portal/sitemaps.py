"""The sitemaps: every public page once per language it exists in, with its alternates.

Django's i18n sitemap lists every language for every row; here a row is listed
only in the languages it exists in (`available_languages`, the same list that
drives the page's own hreflang links), with x-default chosen as on the page.
"""

import operator
from collections.abc import Sequence
from functools import reduce

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q
from django.urls import reverse
from django.utils.functional import cached_property

from . import registry
from .cache import cached_for_generation
from .models import LANGUAGE_CODES, Page, field_suffix


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
    """The home page and the apps' list pages (registry.register_sitemap_page): they exist in every language."""

    changefreq = "hourly"

    def items(self):
        return ["home", *registry.sitemap_pages()]

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


# The index lists the sections the apps register (portal/registry.py), in their registered positions.
SITEMAPS = registry.SitemapRegistry()
