"""Numbered pages of a newest-first article list that stay fast at page 2,000.

Django's Paginator counts the whole list on every request and reads a page with OFFSET, which walks every row
before it. Here one window query finds the total and the first row of every page; the result is cached for the
current content generation (so an edit or a publication is seen at once) and never past the next scheduled
publication. A request then reads its page by seeking the (published_at, id) index from that page's first row.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Mod, RowNumber
from django.utils.functional import cached_property

from portal.cache import cached_for_generation


class NewestFirstPaginator(Paginator):
    """A Paginator over a QuerySet ordered by (-published_at, -pk); `cache_key` names the list (not the page)."""

    def __init__(self, object_list, per_page, cache_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cache_key = cache_key

    @cached_property
    def _anchors(self):
        """(total, [(published_at, pk) of each page's first row])."""
        return cached_for_generation(f"page-anchors:{self.cache_key}:{self.per_page}", self._read_anchors)

    def _read_anchors(self):
        position = Window(RowNumber(), order_by=[F("published_at").desc(), F("pk").desc()])
        rows = list(
            self.object_list.order_by()
            .annotate(position=position, total=Window(Count("pk")))
            .annotate(offset_in_page=Mod(F("position") - 1, self.per_page))
            .filter(offset_in_page=0)
            .order_by("position")
            .values_list("published_at", "pk", "total")
        )
        total = rows[0][2] if rows else 0
        return total, [(published_at, pk) for published_at, pk, _total in rows]

    @cached_property
    def count(self):
        return self._anchors[0]

    def page(self, number):
        number = self.validate_number(number)
        anchors = self._anchors[1]
        if not anchors:
            return self._get_page([], number, self)
        published_at, pk = anchors[number - 1]
        rows = self.object_list.filter(
            Q(published_at__lte=published_at),
            Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lte=pk),
        )
        return self._get_page(list(rows[: self.per_page]), number, self)


class CappedCountPaginator(Paginator):
    """Counts at most `cap` + 1 rows: a common word matches a large share of 100,000 articles, and counting them
    all costs more than finding the page. Beyond the cap the page says "more than" and offers the first pages.

    Counting is the costly part of a search for a common word (each row is checked, about 30 to 80 µs on 100,000
    articles), so the cap is ten pages of results: readers refine a search rather than read its page eleven.
    """

    cap = 100

    @cached_property
    def count(self):
        # Neither order nor what the cards show (an excerpt is cut in SQL) changes how many rows there are.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self):
        return self.count > self.cap
