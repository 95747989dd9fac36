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
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
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
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    if memo is not None:
        memo["generation"] = generation
    return generation


def bump_generation():
    """Forget every cached page: called whenever public content may have changed."""
    memo = request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


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

    For figures derived from public content that are costly to read (statistics, page anchors): like the page
    cache, the key carries the content generation, so an edit is seen at once by every process sharing the cache.
    """
    generation = current_generation()
    key = f"derived:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        # Nothing is kept for None (an article id that does not exist): made-up URLs must not fill the cache.
        if value is not None:
            until_next = seconds_until_next_publication(generation)
            cache.set(key, value, max_seconds if until_next is None else min(max_seconds, until_next))
    return value


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous readers; one cache round trip per request.

    An entry is stored under a key without the generation and carries the generation it was rendered in, so that the
    current generation and the page come back in one `get_many` (one MGET on Redis), and a page re-rendered after an
    edit replaces its stale copy instead of leaving it to expire. Entries hold the finished, compressed bytes and
    headers rather than a pickled response object: a hit only copies them into a new response.
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
        if not self.is_cacheable_request(request):
            response = self.get_response(request)
            if request.user.is_authenticated:
                # What an editor sees is theirs: a CDN or proxy in front must not keep it for anyone else.
                patch_cache_control(response, private=True)
            return response
        key = self.key(request)
        found = cache.get_many([GENERATION_KEY, key])
        if GENERATION_KEY in found:
            memo["generation"] = found[GENERATION_KEY]
        generation = current_generation()
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return self.serve(request, entry)
        response = self.get_response(request)
        timeout = self.timeout(generation)
        if timeout and self.is_cacheable_response(request, response):
            patch_cache_control(response, public=True, max_age=min(timeout, settings.PAGE_CACHE_CLIENT_SECONDS))
            patch_vary_headers(response, ["Accept-Encoding"])
            on_cache_hit = tuple(getattr(response, "on_cache_hit", ()))
            entry = (generation, response.status_code, list(response.items()), response.content, on_cache_hit)
            cache.set(key, entry, timeout)
            response["X-Page-Cache"] = "miss"
        return response

    def serve(self, request, entry):
        _generation, status, headers, content, on_cache_hit = entry
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
