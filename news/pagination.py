"""Pages of article lists that cost the same at any page and any size.

`NewestFirstPaginator`: numbered pages of a newest-first article list that stay fast at page 2,000. Django's
Paginator counts the whole list on every request and reads a page with OFFSET, which walks every row before it.
Here one window query finds the total and the first row of every page; the result is cached for the current content
generation (so an edit or a publication is seen at once) and never past the next scheduled publication. A request
then reads its page by seeking the (published_at, id) index from that page's first row.

Search results are not kept, and counting them is what costs: `LookaheadPaginator` pages them without a count.
"""

from array import array
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import Mod, RowNumber
from django.utils.functional import cached_property

from portal.cache import cached_for_generation

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


class NewestFirstPaginator(Paginator):
    """A Paginator over a list ordered by (-published_at, -pk); `cache_key` names the list (not the page).

    `object_list` is a function returning the list's QuerySet, built only when the anchors are read, not for every
    page; `read_rows(first, count)` reads a page's rows from its first row's (published_at, pk) (for columns, a
    statement written once: `ArticleCard.objects.column_page`).
    """

    def __init__(self, object_list, per_page, cache_key, read_rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cache_key = cache_key
        self.read_rows = read_rows

    @cached_property
    def _anchors(self):
        """(total, microseconds since the epoch of each page's first row, its pk): arrays, which every page read
        unpickles from the cache a hundred times faster than a list of datetimes."""
        # Named for their shape: a deploy that changes it must not read the previous shape, kept under the old name.
        return cached_for_generation(f"page-anchor-arrays:{self.cache_key}:{self.per_page}", self._read_anchors)

    def _read_anchors(self):
        position = Window(RowNumber(), order_by=[F("published_at").desc(), F("pk").desc()])
        rows = list(
            self.object_list()
            .order_by()
            .annotate(position=position, total=Window(Count("pk")))
            .annotate(offset_in_page=Mod(F("position") - 1, self.per_page))
            .filter(offset_in_page=0)
            .order_by("position")
            .values_list("published_at", "pk", "total")
        )
        total = rows[0][2] if rows else 0
        times = array("q", ((published_at - EPOCH) // MICROSECOND for published_at, _pk, _total in rows))
        return total, times, array("q", (pk for _published_at, pk, _total in rows))

    @cached_property
    def count(self):
        return self._anchors[0]

    def page(self, number):
        number = self.validate_number(number)
        _total, times, pks = self._anchors
        if not pks:
            return self._get_page([], number, self)
        published_at = EPOCH + times[number - 1] * MICROSECOND
        return self._get_page(self.read_rows((published_at, pks[number - 1]), self.per_page), number, self)


class LookaheadPaginator:
    """Pages of a list that is never counted (search results): a page reads one row more than it shows, to know
    whether another page follows.

    Counting is the costly part of a search for a common word: every matching row is checked, tens of µs each on
    100,000 articles, where finding the newest ten checks a few dozen. So the page says how many it found only once
    the last page is reached ("23 articles found"), and otherwise "more than" the rows up to this page. It offers
    `max_pages` pages, as readers refine a search rather than read its page eleven; an out-of-range or garbled page
    number gives the nearest page that exists.
    """

    max_pages = 10

    def __init__(self, object_list, per_page):
        self.object_list = object_list
        self.per_page = per_page

    def get_page(self, number):
        try:
            number = min(max(int(number), 1), self.max_pages)
        except (TypeError, ValueError):
            number = 1
        page = self.page(number)
        if not page and number > 1:  # beyond the last page: the first one, which says how many there are
            page = self.page(1)
        return page

    def page(self, number):
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        return LookaheadPage(rows[: self.per_page], number, start, more=len(rows) > self.per_page, last=self.max_pages)


class LookaheadPage(Sequence):
    def __init__(self, object_list, number, start, more, last):
        self.object_list = object_list
        self.number = number
        self._start = start
        # Rows follow this page, whether or not a page of them is offered.
        self.found_all = not more
        self._has_next = more and number < last

    def __getitem__(self, index):
        return self.object_list[index]

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1

    def end_index(self):
        """The rows up to this page: all that were found when `found_all`."""
        return self._start + len(self.object_list)
