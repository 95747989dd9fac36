"""Caching in one place: the content generation, cached values and fragments, the registries apps plug into, and the
guarded Redis backend.

One invalidation scheme for everything: every save, delete or many-to-many change of a registered content model
bumps a generation number, and every cached thing (whole pages in portal/middleware.py, fragments, rows, figures, the
site chrome) is stored under or with the generation it was computed in; nothing is ever deleted by key. Nothing is
kept past the next scheduled publication, which the apps tell through `register_publication_clock`.

Two cache aliases (settings.CACHES): "default", shared by every process (Redis in production), and "local", this
process's own copies in front of it (a LocMemCache: no round trip). A third, "seen-pages", is the page cache's memory
of which pages this process saw read lately (portal/middleware.py). Readers' requests trust a generation read in the
last LOCAL_GENERATION_SECONDS; editors' never do. With the local-memory cache as default (development, most
tests) the default is already this process's memory, so the local alias is not used.

Redis is a cache, not a single point of failure: `GuardedRedisCache` answers every command that fails as a miss,
logs it once a minute, and stops asking a dead server for RETRY_SECONDS (a circuit breaker). While it is down the
generation is unknown (`current_generation()` is None) and pages, fragments and values are computed without the cache.
When it answers again, each process that saw it fail empties its local copies and moves the shared generation on,
so that no copy made before a change saved during the outage is served after it (docs/caching.md).
"""

import logging
import secrets
import threading
import time
from contextvars import ContextVar
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils import timezone

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
NEXT_PUBLICATION_KEY = "page-cache:next-publication:{generation}"
NEXT_PUBLICATION_MAX_SECONDS = 3600
# How long a reader's request trusts the generation this process read last: an edit made through another server
# reaches this one at most that late, an edit made through this one at once.
LOCAL_GENERATION_SECONDS = 0.5
# How long this process keeps its own copy of a value found in the shared cache.
LOCAL_VALUE_SECONDS = 60


# Registries: the apps tell the base what it must know of them, from their AppConfig.ready().

_publication_clocks = []
_content_models = set()
_chrome_providers = {}


def register_publication_clock(clock):
    """`clock()` returns when the app's next scheduled item goes public (an aware datetime), or None.

    Nothing cached outlives the earliest of these moments, so scheduled content appears on time.
    """
    if clock not in _publication_clocks:
        _publication_clocks.append(clock)


def register_content_models(*models):
    """Saves, deletes and many-to-many changes of these models change public content: they bump the generation.

    Pass `app_config.get_models(include_auto_created=True)` to include the many-to-many tables.
    """
    _content_models.update(models)


def is_content_model(model):
    return model in _content_models


def register_chrome(name, provider):
    """`provider()` gives the site chrome's `name` entry (header navigation…), cached per language and generation."""
    _chrome_providers[name] = provider


def chrome_providers():
    return dict(_chrome_providers)


# The generation.

# What the current request has learnt of the generation: its page and fragments are read under one generation, with
# one cache read instead of one per fragment. Set by the middleware for each request; None outside requests.
request_memo = ContextVar("request_memo", default=None)


def shared():
    return caches["default"]


def local():
    return caches["local"]


def seen_pages():
    return caches["seen-pages"]


def uses_local_copies():
    # With the local-memory cache the shared cache is already this process's memory.
    return not isinstance(shared(), LocMemCache)


def current_generation():
    """The content generation, or None when the cache does not answer (then nothing is cached)."""
    memo = request_memo.get()
    if memo is not None and "generation" in memo:
        return memo["generation"]
    generation = shared().get(GENERATION_KEY)
    if generation is None:
        generation = start_generation()
    if memo is not None:
        memo["generation"] = generation
    return generation


def reader_generation():
    """The generation for a reader's request: this process's recent reading of it, within half a second."""
    if not uses_local_copies():
        return current_generation()
    generation = local().get(GENERATION_KEY)
    if generation is None:
        generation = current_generation()
        if generation is not None:
            local().set(GENERATION_KEY, generation, LOCAL_GENERATION_SECONDS)
    memo = request_memo.get()
    if memo is not None:
        memo["generation"] = generation
    return generation


def start_generation():
    # A random start, not 1: after the cache restarts, no number can repeat one that copies kept elsewhere (a
    # server's own memory, a CDN) were rendered under.
    shared().add(GENERATION_KEY, secrets.randbelow(2**48), timeout=None)
    return shared().get(GENERATION_KEY)


def bump_generation():
    """Forget every cached page, fragment and value: called whenever public content may have changed."""
    memo = request_memo.get()
    if memo is not None:
        memo.pop("generation", None)
    if uses_local_copies():
        local().delete(GENERATION_KEY)
    try:
        shared().incr(GENERATION_KEY)
    except ValueError:
        start_generation()


def seconds_until(moment):
    return max(0, int((moment - timezone.now()) / timedelta(seconds=1)))


def next_publication_at():
    moments = [moment for moment in (clock() for clock in _publication_clocks) if moment is not None]
    return min(moments, default=None)


def seconds_to_keep(next_at):
    # Until the next publication, when it comes; the cache may forget it then.
    return NEXT_PUBLICATION_MAX_SECONDS if next_at is None else seconds_until(next_at)


def seconds_until_next_publication(generation):
    """Seconds until the next scheduled item goes public, or None.

    Cached per generation (scheduling or unscheduling is a save, which starts a new one) until that moment comes;
    with a shared cache, this process keeps a copy too, since every page stored asks (a round trip saved).
    """
    if generation is None:
        next_at = next_publication_at()
    else:
        key = NEXT_PUBLICATION_KEY.format(generation=generation)
        use_local = uses_local_copies()
        next_at = local().get(key, "unknown") if use_local else "unknown"
        if next_at == "unknown":
            next_at = shared().get(key, "unknown")
            if next_at == "unknown":
                next_at = next_publication_at()
                shared().set(key, next_at, seconds_to_keep(next_at))
            if use_local:
                local().set(key, next_at, min(LOCAL_VALUE_SECONDS, seconds_to_keep(next_at)))
    if next_at is None:
        return None
    return seconds_until(next_at)


def cached_for_generation(name, compute, max_seconds=3600):
    """`compute()`'s result, cached until content changes or the next scheduled publication, whichever comes first.

    For what is derived from public content and costly to read (statistics, page anchors, rows, rendered fragments,
    the site chrome): the key carries the content generation, so an edit is seen at once by every process sharing the
    cache. With a shared cache, the process keeps its own copy too (the "local" alias), read without a round trip.
    Without a cache (Redis down) it is computed each time.
    """
    generation = current_generation()
    if generation is None:
        return compute()
    key = f"derived:{generation}:{name}"
    use_local = uses_local_copies()
    if use_local:
        value = local().get(key)
        if value is not None:
            return value
    value = shared().get(key)
    seconds = None
    if value is None:
        value = compute()
        # Nothing is kept for None (an article id that does not exist): made-up URLs must not fill the cache.
        if value is None:
            return None
        until_next = seconds_until_next_publication(generation)
        seconds = max_seconds if until_next is None else min(max_seconds, until_next)
        shared().set(key, value, seconds)
    if use_local:
        # A copy found in the shared cache may have been stored up to max_seconds ago: keep it here no longer than
        # the next scheduled publication allows, and at most a minute.
        if seconds is None:
            until_next = seconds_until_next_publication(generation)
            seconds = LOCAL_VALUE_SECONDS if until_next is None else min(LOCAL_VALUE_SECONDS, until_next)
        local().set(key, value, seconds)
    return value


class ProcessMemoryCache(LocMemCache):
    """Django's local-memory cache without the check that keys would suit memcached: the "local" and "seen-pages"
    aliases are asked several times a request, and that check, a loop in Python over each key's characters, was two
    thirds of the cost of a lookup. It only warns; memcached's rules do not apply to this process's memory."""

    def validate_key(self, key):
        pass


# Redis as a cache, not a single point of failure.

# A command that fails opens the breaker for this long: meanwhile the cache answers as a miss without a round trip.
RETRY_SECONDS = 5
# A dead cache is logged at most this often per process.
LOG_EVERY_SECONDS = 60


class Breaker:
    """The state of one Redis server as this process sees it, shared by the backend instances of all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.is_open = False
        self.retry_at = 0.0
        self.logged_at = None
        self.failures = 0

    def allows(self):
        return not self.is_open or time.monotonic() >= self.retry_at

    def fail(self, error, location):
        with self.lock:
            now = time.monotonic()
            self.is_open = True
            self.retry_at = now + RETRY_SECONDS
            self.failures += 1
            if self.logged_at is None or now - self.logged_at >= LOG_EVERY_SECONDS:
                logger.warning(
                    "Cache unavailable at %s (%s): serving without it (%d failed calls since the last such message).",
                    location,
                    error,
                    self.failures,
                )
                self.logged_at = now
                self.failures = 0

    def close(self):
        # logged_at is kept: a server that comes and goes is still reported at most once a minute.
        with self.lock:
            was_open, self.is_open = self.is_open, False
        return was_open


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location):
    breaker = _breakers.get(location)
    if breaker is None:
        with _breakers_lock:
            breaker = _breakers.setdefault(location, Breaker())
    return breaker


def forget_failures():
    """Every server is asked again at once, and a new failure is logged at once (between tests)."""
    with _breakers_lock:
        _breakers.clear()


def _guarded(name, on_failure):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        return self._guard(method, on_failure, self, *args, **kwargs)

    call.__name__ = name
    return call


def _missing_key():
    # What incr() raises for a key that is not there: callers already handle it.
    raise ValueError("The cache is unavailable.")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one redis-py client per connection pool instead of building one for every
    command: building one fills its table of about 170 response callbacks, about 50 µs, which was a third of the cost
    of a page-cache lookup. A redis-py client is safe to share between threads (its pool hands out connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class GuardedRedisCache(RedisCache):
    """Django's Redis cache, but a failed command answers as a miss (`get` → default, `add` → False, …).

    Set short `socket_connect_timeout` and `socket_timeout` in OPTIONS, so that a dead or frozen server costs
    milliseconds, once per RETRY_SECONDS.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self.breaker_key = server if isinstance(server, str) else ",".join(server)
        # For the logs: host, port and database, never a password.
        self.location = ",".join(
            urlsplit(url)._replace(netloc=urlsplit(url).netloc.rpartition("@")[2]).geturl() for url in self._servers
        )

    @property
    def breaker(self):
        return breaker_for(self.breaker_key)

    def is_available(self):
        """Whether the server answers now (a PING, unless the breaker is open)."""
        return self._guard(lambda self: self._cache.get_client().ping(), lambda: False, self) is True

    def _guard(self, method, on_failure, *args, **kwargs):
        """`method(*args, **kwargs)`, or `on_failure()` when Redis fails or failed less than RETRY_SECONDS ago."""
        import redis

        if not self.breaker.allows():
            return on_failure()
        try:
            if self.breaker.is_open:
                self._cache.get_client().ping()
                if self.breaker.close():
                    self.recovered()
            return method(*args, **kwargs)
        except redis.RedisError as error:
            self.breaker.fail(error, self.location)
            return on_failure()

    def recovered(self):
        """The server answers again: forget this process's copies, move the shared generation on.

        Content may have changed while the generation could not be bumped, and the server may have kept its data:
        every page, fragment and value stored before the outage must not be served after it.
        """
        logger.warning("Cache available again at %s: local copies dropped, generation moved on.", self.location)
        if uses_local_copies():
            local().clear()
        try:
            RedisCache.incr(self, GENERATION_KEY)
        except ValueError:
            RedisCache.add(self, GENERATION_KEY, secrets.randbelow(2**48), timeout=None)

    add = _guarded("add", lambda: False)
    set = _guarded("set", lambda: None)
    touch = _guarded("touch", lambda: False)
    delete = _guarded("delete", lambda: False)
    get_many = _guarded("get_many", dict)
    has_key = _guarded("has_key", lambda: False)
    incr = _guarded("incr", _missing_key)
    set_many = _guarded("set_many", list)
    delete_many = _guarded("delete_many", lambda: None)
    clear = _guarded("clear", lambda: False)

    def get(self, key, default=None, version=None):
        # The caller's default, as for a key that is not there.
        return self._guard(RedisCache.get, lambda: default, self, key, default, version)


def cache_status():
    """'ok' when the shared cache answers, 'degraded' when it does not (pages are then served without it)."""
    backend = shared()
    if isinstance(backend, GuardedRedisCache):
        return "ok" if backend.is_available() else "degraded"
    try:
        backend.set("portal:readyz", "1", 5)
        return "ok" if backend.get("portal:readyz") == "1" else "degraded"
    except Exception:
        return "degraded"


_clients = {}


def redis_client():
    """A redis-py client for the default cache's server, kept per process; None when the default cache is not Redis.

    For data structures Django's cache API does not offer (the view-count hash). Keys go through the cache's
    `make_key()`, so they share its prefix and version; the client has the cache's short timeouts. Before using it,
    ask `shared_cache_answers()`, and report a failure with `note_cache_failure()`, so that a dead server is not asked
    on every call.
    """
    import redis

    if not isinstance(shared(), RedisCache):
        return None
    config = settings.CACHES["default"]
    location = config["LOCATION"]
    with _breakers_lock:
        client = _clients.get(location)
        if client is None:
            options = {
                name: value
                for name, value in config.get("OPTIONS", {}).items()
                if name in ("socket_connect_timeout", "socket_timeout")
            }
            client = _clients[location] = redis.Redis.from_url(location, **options)
    return client


def shared_cache_answers():
    """False while the shared cache's breaker is open (it failed less than RETRY_SECONDS ago)."""
    backend = shared()
    return not isinstance(backend, GuardedRedisCache) or backend.breaker.allows()


def note_cache_failure(error):
    backend = shared()
    if isinstance(backend, GuardedRedisCache):
        backend.breaker.fail(error, backend.location)
