import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-1234567890-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values(django_db_setup):
    from django.db import connection

    env = dict(PRODUCTION)
    if connection.vendor == "postgresql":
        # Django's check of generated columns asks the server for its version: point it at a database that exists.
        db = connection.settings_dict
        credentials = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
        env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION, "DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_no_pending_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_healthz_touches_no_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_readyz_checks_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_load_demo_is_idempotent(demo):
    from news.models import Article, Column
    from portal.models import FooterLink

    # `demo` is what a first `load_demo` wrote (tests/conftest.py); this is the second.
    counts = (Article.objects.count(), Column.objects.count(), FooterLink.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert (Article.objects.count(), Column.objects.count(), FooterLink.objects.count()) == counts


def test_demo_passwords_are_never_fixed_without_debug(db, settings):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    from portal.management.commands.load_demo import DEMO_PASSWORD

    settings.DEBUG = False
    call_command("load_demo", stdout=open(os.devnull, "w"))
    # The login throttle (django-axes) needs the request an authentication comes with.
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="editor", password=DEMO_PASSWORD) is None


def test_readyz_reports_a_dead_cache_as_degraded_and_stays_ready(client, db, settings):
    # Pages are served without the cache: a load balancer must keep sending readers (docs/caching.md).
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.GuardedRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "readyz"},
    }
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "degraded"}


def test_readyz_answers_503_when_the_database_is_down(client, db):
    from unittest import mock

    from django.db import connection

    refusal = connection.Database.OperationalError("database is down")
    with mock.patch.object(connection, "cursor", side_effect=refusal):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
