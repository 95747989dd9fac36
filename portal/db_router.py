"""Read replicas: which database each query goes to (settings: DATABASE_REPLICA_URLS; docs/scaling.md).

Writes and migrations go to the primary (`default`). Reads go to a random replica only inside requests that
PrimaryReplicaMiddleware lets through: anonymous GET/HEAD requests outside the admin, unless content changed less
than DATABASE_REPLICA_LAG_SECONDS ago (so that a page rendered and cached right after an edit never comes from a
replica that has not caught up). Everything else reads from the primary: logged-in users (an editor who just saved
sees the change), the admin, POSTs, management commands and cron. Even inside an allowed request, the primary
answers within a transaction (which must read its own writes) and for sessions and users (who just logged in);
a row's related rows come from the database the row came from.

A replica that cannot be reached is skipped: the router checks a replica's connection before it hands it out (once
per request for a kept connection, Django's health check), and one that fails is left alone for
DATABASE_REPLICA_RETRY_SECONDS by this process, its reads going to another replica or the primary. Readers notice
nothing; /readyz reports the replica. A replica lost in the middle of a request fails that request (a 503 from
portal.outage) and is skipped after it. See docs/reliability-database.md.
"""

import logging
import random
from contextlib import contextmanager
from contextvars import ContextVar
from time import monotonic

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, router

REPLICA_PREFIX = "replica_"
PRIMARY_APPS = {"auth", "sessions"}
RECENT_WRITE_KEY = "db:recent-write"
_replica_reads = ContextVar("replica_reads", default=False)
logger = logging.getLogger(__name__)
# alias -> monotonic() until which this process sends the replica no reads.
_down_until = {}


@contextmanager
def replica_reads(allowed=True):
    """Let the block's reads go to replicas (the middleware does this for each request that may)."""
    token = _replica_reads.set(allowed)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class PrimaryReplicaRouter:
    def __init__(self):
        self.replicas = [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        if (
            not self.replicas
            or not _replica_reads.get()
            or model._meta.app_label in PRIMARY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        up = [alias for alias in self.replicas if not replica_is_down(alias)]
        for alias in random.sample(up, len(up)):
            if replica_answers(alias):
                return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every database holds the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def replica_is_down(alias):
    return _down_until.get(alias, 0.0) > monotonic()


def mark_replica_down(alias):
    """No reads from this process go to the replica for DATABASE_REPLICA_RETRY_SECONDS."""
    if not replica_is_down(alias):
        logger.warning(
            "Read replica %s is unavailable; reading from the primary for %s s.",
            alias,
            settings.DATABASE_REPLICA_RETRY_SECONDS,
        )
    _down_until[alias] = monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS


def replica_answers(alias):
    """Whether the replica's connection works, opening it if needed; marks the replica down if not.

    A kept connection is checked once per request (Django's health check, conn_health_checks), so a replica that
    went away between requests is noticed here, before a query fails on it.
    """
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except (OperationalError, InterfaceError):
        mark_replica_down(alias)
        return False
    return True


def replicas_in_use():
    return any(isinstance(each, PrimaryReplicaRouter) and each.replicas for each in router.routers)


def note_primary_write():
    """Content changed: every process reads from the primary for a while, until the replicas have the change."""
    if replicas_in_use():
        cache.set(RECENT_WRITE_KEY, 1, timeout=settings.DATABASE_REPLICA_LAG_SECONDS)


class PrimaryReplicaMiddleware:
    """Lets a request read from replicas when stale data cannot hurt; does nothing without replicas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replicas_in_use():
            return self.get_response(request)
        with replica_reads(not self.needs_primary(request)):
            return self.get_response(request)

    def process_exception(self, request, exception):
        # A replica lost after the router handed it out: this request fails (portal.outage answers it), the next
        # ones read elsewhere.
        if isinstance(exception, (OperationalError, InterfaceError)):
            for alias in replica_aliases():
                if connections[alias].errors_occurred:
                    mark_replica_down(alias)

    def needs_primary(self, request):
        return (
            request.method not in ("GET", "HEAD")
            or request.path.startswith("/admin/")
            or request.user.is_authenticated
            or cache.get(RECENT_WRITE_KEY) is not None
        )
