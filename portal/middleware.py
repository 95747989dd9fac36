"""The anonymous full-page cache.

Correctness rules, each tested in tests/portal/test_page_cache.py:
- only anonymous GET/HEAD requests for public pages are served from or stored in the cache; logged-in users'
  responses are marked private, so that no CDN or proxy keeps them either;
- a response is stored only if it is a plain 200 that sets no cookie, used neither the CSRF token nor the
  request's CSP nonce, and did not ask to stay private (previews are `never_cache`);
- every save or delete of content bumps a generation number that each entry must match, so an edit is public at once;
- no page is kept past the next scheduled publication, so scheduled articles appear on time;
- the key holds the host (pages carry absolute URLs) and the static files' manifest hash, so that during a rolling
  deploy app servers of different releases, which share the cache, never serve each other's pages with links to
  static files they do not have;
- a view may ask that its pages be cached only when read again (`cache_when_read_again`: true, or a function of the
  request saying which): an article of the long tail, read once by a crawler, costs neither a lookup in the shared
  cache nor a write, nor a second resolving of its URL (that decision waits for Django's, in `process_view`);
- pages are stored compressed for readers who accept gzip, and a hit still answers conditional requests with 304;
- strangers cannot fill the cache: the key holds only the query parameters the view declares it reads
  (`cached_query_params`, sorted), the view sees only those, and a query string on a view that declares none is
  rendered without the cache;
- while the database is down, a page still held is served up to PAGE_CACHE_STALE_SECONDS past its freshness,
  marked `X-Page-Cache: stale`; without one the error goes on to the outage middleware outside this one.

The generation, fragments and values live in portal/cache.py; this module holds only the middleware.
"""

import hashlib
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

from .cache import (
    GENERATION_KEY,
    current_generation,
    local,
    reader_generation,
    request_memo,
    seconds_until_next_publication,
    seen_pages,
    shared,
    uses_local_copies,
)
from .outage import is_database_outage
from .stored_pages import origin_of

EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/readyz")
# GZipMiddleware's test (django.middleware.gzip.re_accepts_gzip), compiled here: Django's is compiled lazily and
# reached through a proxy, which made it a tenth of the page cache's cost on a first read.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# How long a page whose view asks for it (`cache_when_read_again`) waits for its second read before it is cached.
SEEN_SECONDS = 300


@dataclass
class PendingPage:
    """A reader's page not found in this process's copies, between the middleware's call and the view: what
    process_view needs to finish the lookup, and what the middleware stores afterwards."""

    key: str
    generation: int | None
    entry: tuple | None  # the copy found so far, stale: served if the database is down while rendering
    look_up: bool  # whether the shared cache is still to be asked (with local copies)
    store: bool = True  # false for a first read of the long tail, and for a page served from the shared cache


def declared(view, name):
    """What `view` declares as `name` (on the function or on its class), or None."""
    value = getattr(view, name, None)
    return value if value is not None else getattr(getattr(view, "view_class", None), name, None)


@lru_cache(maxsize=4096)
def view_of(urlconf, language, path):
    """The view `path` resolves to, or None. Kept for the most recent paths, because resolving costs about as much
    as the rest of a page-cache hit on a page with a query string (columns' later pages, searches). The language is
    part of the key: the URLs of the active language's prefix resolve."""
    try:
        return resolve(path, urlconf).func
    except Resolver404:
        return None


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous readers; one cache round trip per request.

    An entry is stored under a key without the generation and carries the generation it was rendered in, so that the
    current generation and the page come back in one `get_many` (one MGET on Redis), and a page re-rendered after an
    edit replaces its stale copy instead of leaving it to expire. Entries hold the finished, compressed bytes and
    headers rather than a pickled response object: a hit only copies them into a new response. With a shared cache,
    each process also keeps recent entries in its "local" cache alias, so that most hits cost no round trip at all.
    Entries stay in the shared cache PAGE_CACHE_STALE_SECONDS past their freshness, for database outages only.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.release = getattr(staticfiles_storage, "manifest_hash", "") or ""

    def __call__(self, request):
        memo = {}
        token = request_memo.set(memo)
        try:
            return self.respond(request, memo)
        finally:
            request_memo.reset(token)

    def respond(self, request, memo):
        use_local = uses_local_copies()
        is_reader = self.is_reader(request)
        if use_local and is_reader:
            # Readers' requests trust this process's recent reading of the generation; editors' do not.
            reader_generation()
        params = self.cached_params(request) if is_reader and settings.PAGE_CACHE_SECONDS > 0 else None
        if params is None:
            response = self.get_response(request)
            if request.user.is_authenticated:
                # What an editor sees is theirs: a CDN or proxy in front must not keep it for anyone else.
                patch_cache_control(response, private=True)
            return response
        key = self.key(request, params)
        if use_local:
            generation = memo["generation"]
            if generation is None:  # the shared cache does not answer: render without it
                return self.get_response(request)
            entry = local().get(key)
        else:
            found = shared().get_many([GENERATION_KEY, key])
            if GENERATION_KEY in found:
                memo["generation"] = found[GENERATION_KEY]
            generation = current_generation()
            entry = found.get(key)
        if self.is_fresh(entry, generation):
            return self.serve(request, entry)
        # The rest waits for the URL to be resolved (process_view), so that it is resolved once.
        pending = request._page_cache = PendingPage(key, generation, entry, look_up=use_local)
        response = self.get_response(request)
        if not pending.store or not self.is_cacheable_response(request, response):
            return response
        timeout = self.timeout(generation)
        if timeout:
            patch_cache_control(response, public=True, max_age=min(timeout, settings.PAGE_CACHE_CLIENT_SECONDS))
            patch_vary_headers(response, ["Accept-Encoding"])
            on_cache_hit = tuple(getattr(response, "on_cache_hit", ()))
            entry = (
                generation,
                time.time() + timeout,
                response.status_code,
                list(response.items()),
                response.content,
                on_cache_hit,
            )
            shared().set(key, entry, timeout + settings.PAGE_CACHE_STALE_SECONDS)
            if use_local:
                local().set(key, entry, timeout)
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view, view_args, view_kwargs):
        """For a page not found in this process's copies (or, without them, in the shared cache): unless it is the
        first read of the long tail, which is neither looked up nor stored, the page from the shared cache."""
        pending = getattr(request, "_page_cache", None)
        if pending is None:
            return None
        if (pending.look_up or pending.entry is None) and self.is_first_read_of_long_tail(view, request, pending):
            pending.store = False
            return None
        if pending.look_up:
            pending.entry = shared().get(pending.key) or pending.entry
            if self.is_fresh(pending.entry, pending.generation):
                local().set(pending.key, pending.entry, pending.entry[1] - time.time())
                pending.store = False
                return self.serve(request, pending.entry)
        return None

    def process_exception(self, request, exception):
        """The database is down while rendering: the last copy of the page, if not older than the stale bound."""
        pending = getattr(request, "_page_cache", None)
        entry = pending.entry if pending is not None and pending.store else None
        # Only for a database that cannot be reached, not for a query that is wrong (portal/outage.py decides).
        if entry is None or not is_database_outage(exception):
            return None
        if entry[1] + settings.PAGE_CACHE_STALE_SECONDS <= time.time():
            return None
        response = self.serve(request, entry, state="stale")
        # Not for a CDN or a browser to keep: the next request may get a fresh page.
        response["Cache-Control"] = "no-cache"
        return response

    def is_fresh(self, entry, generation):
        return entry is not None and generation is not None and entry[0] == generation and entry[1] > time.time()

    def serve(self, request, entry, state="hit"):
        _generation, _expires_at, status, headers, content, on_cache_hit = entry
        for callback, *args in on_cache_hit:
            callback(request, *args)
        response = HttpResponse(content, status=status, headers=dict(headers))
        # Feed readers and browsers revalidate: answer them 304 as the view itself would.
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        response = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        response["X-Page-Cache"] = state
        return response

    def is_first_read_of_long_tail(self, view, request, pending):
        """Whether the page's view caches its pages only when read again (`cache_when_read_again`: articles, most of
        them read once in a while by crawlers and old links) and this process has not seen the page read in the last
        SEEN_SECONDS. Such a read neither looks the page up in the shared cache nor stores it: a miss of the long tail
        costs what no cache costs."""
        rule = declared(view, "cache_when_read_again")
        if callable(rule):
            rule = rule(request)
        if not rule:
            return False
        return seen_pages().add(pending.key, True, SEEN_SECONDS)

    def view_attribute(self, request, name):
        """What the view of the request's path declares as `name`, or None (before Django resolves the URL)."""
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        return declared(view_of(urlconf, get_language(), request.path_info), name)

    def is_reader(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and not request.user.is_authenticated
        )

    def cached_params(self, request):
        """The query parameters the page is cached by, sorted; None when the page is not to be cached.

        A view lists the parameters it reads in `cached_query_params`; the others are dropped from the request
        before the view runs, so the page rendered is exactly the one the key names. A query string on a view that
        declares nothing is rendered without the cache: made-up URLs must not fill it.
        """
        if not request.META.get("QUERY_STRING"):
            return []
        names = self.view_attribute(request, "cached_query_params")
        if names is None:
            return None
        params = [(name, value) for name in sorted(set(names)) for value in request.GET.getlist(name)]
        query = urlencode(params)
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
        return params

    def is_cacheable_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "X-Page-Cache" not in response
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            and not getattr(request, "_csp_nonce", None)
            and not any(word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0"))
        )

    def timeout(self, generation):
        if generation is None:
            return 0
        timeout = settings.PAGE_CACHE_SECONDS
        until_next = seconds_until_next_publication(generation)
        if until_next is not None:
            timeout = min(timeout, until_next)
        return timeout

    def key(self, request, params=()):
        # GZipMiddleware sits inside this one: compressed and plain copies of a page are different entries.
        # From META: `request.headers` would build a dictionary of every header first (15 µs), for this one.
        encoding = "gzip" if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
        digest = hashlib.sha256(f"{origin_of(request)}{request.path}?{urlencode(params)}".encode()).hexdigest()
        return f"page-cache:{self.release}:{get_language()}:{request.method}:{encoding}:{digest}"
