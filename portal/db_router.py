"""Read replicas: which database each query goes to (settings: DATABASE_REPLICA_URLS; docs/scaling.md).

Writes and migrations go to the primary (`default`). Reads go to a random replica only inside requests that
PrimaryReplicaMiddleware lets through: anonymous GET/HEAD requests outside the admin, unless content changed less
than DATABASE_REPLICA_LAG_SECONDS ago (so that a page rendered and cached right after an edit never comes from a
replica that has not caught up). Everything else reads from the primary: logged-in users (an editor who just saved
sees the change), the admin, POSTs, management commands and cron. Even inside an allowed request, the primary
answers within a transaction (which must read its own writes) and for sessions and users (who just logged in);
a row's related rows come from the database the row came from.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, router

REPLICA_PREFIX = "replica_"
PRIMARY_APPS = {"auth", "sessions"}
RECENT_WRITE_KEY = "db:recent-write"
_replica_reads = ContextVar("replica_reads", default=False)


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
        return random.choice(self.replicas)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every database holds the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


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

    def needs_primary(self, request):
        return (
            request.method not in ("GET", "HEAD")
            or request.path.startswith("/admin/")
            or request.user.is_authenticated
            or cache.get(RECENT_WRITE_KEY) is not None
        )
