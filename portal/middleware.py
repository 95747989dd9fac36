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
- pages are stored compressed for readers who accept gzip, and a hit still answers conditional requests with 304.
"""

import hashlib
import pickle
import secrets
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
NEXT_PUBLICATION_KEY = "page-cache:next-publication:{generation}"
NEXT_PUBLICATION_MAX_SECONDS = 3600
EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/readyz")


# What the current request has learnt of the generation: its page and fragments are read under one generation, with
# one cache read instead of one per fragment. Set by the middleware for each request; None outside requests.
request_memo = ContextVar("request_memo", default=None)


def current_generation():
    memo = request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = start_generation()
    if memo is not None:
        memo["generation"] = generation
    return generation


def start_generation():
    # A random start, not 1: after the cache restarts, no number can repeat one that copies kept elsewhere (a
    # server's own memory, a CDN) were rendered under.
    cache.add(GENERATION_KEY, secrets.randbelow(2**48), timeout=None)
    return cache.get(GENERATION_KEY)


def bump_generation():
    """Forget every cached page: called whenever public content may have changed."""
    memo = request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    local_pages.forget_generation()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        start_generation()


class LocalPages:
    """This process's copies of recent page-cache entries and of the generation, in front of a shared cache (Redis).

    A hit from here costs no network round trip. The generation read from the shared cache is trusted for
    LOCAL_GENERATION_SECONDS: an edit made through another server reaches this one at most that late, an edit made
    through this one at once. Bounded in bytes; the least recently used entries go first.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.entries = OrderedDict()
        self.size = 0
        self.forget_generation()

    def forget_generation(self):
        self.generation, self.generation_read_at = None, 0.0

    def known_generation(self):
        if time.monotonic() - self.generation_read_at < LOCAL_GENERATION_SECONDS:
            return self.generation
        return None

    def learn_generation(self, generation):
        self.generation, self.generation_read_at = generation, time.monotonic()

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if entry[0] != generation or entry[1] <= time.time():
                self.size -= len(self.entries.pop(key)[4])
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            if key in self.entries:
                self.size -= len(self.entries.pop(key)[4])
            self.entries[key] = entry
            self.size += len(entry[4])
            while self.size > self.max_bytes and self.entries:
                self.size -= len(self.entries.popitem(last=False)[1][4])


LOCAL_GENERATION_SECONDS = 0.5
local_pages = LocalPages(max_bytes=32 * 1024 * 1024)


def seconds_until_next_publication(generation):
    """Seconds until the next scheduled article goes public, or None.

    Cached per generation (scheduling or unscheduling is a save, which starts a new one) until that moment comes.
    """
    from news.models import Article

    key = NEXT_PUBLICATION_KEY.format(generation=generation)
    next_at = cache.get(key, "unknown")
    if next_at == "unknown":
        next_at = Article.objects.next_publication_at()
        cache.set(key, next_at, NEXT_PUBLICATION_MAX_SECONDS if next_at is None else seconds_until(next_at))
    if next_at is None:
        return None
    return seconds_until(next_at)


def seconds_until(moment):
    return max(0, int((moment - timezone.now()) / timedelta(seconds=1)))


def cached_for_generation(name, compute, max_seconds=3600):
    """`compute()`'s result, cached until content changes or the next scheduled publication, whichever comes first.

    For what is derived from public content and costly to read (statistics, page anchors, rendered fragments): like
    the page cache, the key carries the content generation, so an edit is seen at once by every process sharing the
    cache. With a shared cache, the process keeps its own copy too (`local_values`), read without a round trip.
    """
    generation = current_generation()
    key = f"derived:{generation}:{name}"
    local = uses_local_copies()
    if local:
        value = local_values.get(key)
        if value is not None:
            return value
    value = cache.get(key)
    seconds = None
    if value is None:
        value = compute()
        # Nothing is kept for None (an article id that does not exist): made-up URLs must not fill the cache.
        if value is None:
            return None
        until_next = seconds_until_next_publication(generation)
        seconds = max_seconds if until_next is None else min(max_seconds, until_next)
        cache.set(key, value, seconds)
    if local:
        # A copy found in the shared cache may have been stored up to max_seconds ago: keep it here no longer than
        # the next scheduled publication allows, and at most a minute.
        if seconds is None:
            until_next = seconds_until_next_publication(generation)
            seconds = LOCAL_VALUE_SECONDS if until_next is None else min(LOCAL_VALUE_SECONDS, until_next)
        local_values.put(key, value, seconds)
    return value


def uses_local_copies():
    # With the local-memory cache the shared cache is already this process's memory.
    return not isinstance(caches["default"], LocMemCache)


class LocalValues:
    """This process's copies of values from `cached_for_generation`, bounded in number, least recently used first.

    Their keys carry the generation, so they need no check of it; they are kept pickled, so that no caller can change
    what the next request reads.
    """

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.entries = OrderedDict()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires_at, data = found
            if expires_at <= time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
        return pickle.loads(data)  # noqa: S301 -- written by this process, from its own values

    def put(self, key, value, seconds):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, data)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


LOCAL_VALUE_SECONDS = 60
local_values = LocalValues(max_entries=5000)


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous readers; one cache round trip per request.

    An entry is stored under a key without the generation and carries the generation it was rendered in, so that the
    current generation and the page come back in one `get_many` (one MGET on Redis), and a page re-rendered after an
    edit replaces its stale copy instead of leaving it to expire. Entries hold the finished, compressed bytes and
    headers rather than a pickled response object: a hit only copies them into a new response. With a shared cache,
    each process also keeps recent entries itself (`LocalPages`), so that most hits cost no round trip at all.
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
        local = uses_local_copies()
        is_reader = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and not request.user.is_authenticated
        )
        if local and is_reader:
            # Readers' requests trust this process's recent reading of the generation (LocalPages); editors' do not.
            generation = local_pages.known_generation()
            if generation is None:
                generation = current_generation()
                local_pages.learn_generation(generation)
            memo["generation"] = generation
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if request.user.is_authenticated:
                # What an editor sees is theirs: a CDN or proxy in front must not keep it for anyone else.
                patch_cache_control(response, private=True)
            return response
        key = self.key(request)
        if local:
            generation = memo["generation"]
            entry = local_pages.get(key, generation)
            if entry is not None:
                return self.serve(request, entry)
            entry = cache.get(key)
        else:
            found = cache.get_many([GENERATION_KEY, key])
            if GENERATION_KEY in found:
                memo["generation"] = found[GENERATION_KEY]
            generation = current_generation()
            entry = found.get(key)
        if entry is not None and entry[0] == generation and entry[1] > time.time():
            if local:
                local_pages.put(key, entry)
            return self.serve(request, entry)
        response = self.get_response(request)
        timeout = self.timeout(generation)
        if timeout and self.is_cacheable_response(request, response):
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
            cache.set(key, entry, timeout)
            if local:
                local_pages.put(key, entry)
            response["X-Page-Cache"] = "miss"
        return response

    def serve(self, request, entry):
        _generation, _expires_at, status, headers, content, on_cache_hit = entry
        for callback, *args in on_cache_hit:
            callback(request, *args)
        response = HttpResponse(content, status=status, headers=dict(headers))
        # Feed readers and browsers revalidate: answer them 304 as the view itself would.
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        response = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        response["X-Page-Cache"] = "hit"
        return response

    def is_cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and not request.user.is_authenticated
        )

    def is_cacheable_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            and not getattr(request, "_csp_nonce", None)
            and not any(word in cache_control for word in ("private", "no-cache", "no-store", "max-age=0"))
        )

    def timeout(self, generation):
        timeout = settings.PAGE_CACHE_SECONDS
        until_next = seconds_until_next_publication(generation)
        if until_next is not None:
            timeout = min(timeout, until_next)
        return timeout

    def key(self, request):
        # GZipMiddleware sits inside this one: compressed and plain copies of a page are different entries.
        encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else "identity"
        digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        return f"page-cache:{self.release}:{get_language()}:{request.method}:{encoding}:{digest}"
