import os
import shutil
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (shared, this process's copies, the pages it saw read), so that query counts
    and first reads do not depend on test order."""
    from django.core.cache import caches

    from portal.cache import forget_failures

    forget_failures()
    for alias in django_settings.CACHES:
        caches[alias].clear()
    yield
    for alias in django_settings.CACHES:
        caches[alias].clear()
    forget_failures()


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Most tests look at what views do; tests/portal/test_page_cache.py switches the page cache on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Every `create_user(password=...)` and admin login would spend most of a second in PBKDF2: tests hash with
    MD5, which Django's own test settings use for the same reason. What production hashes with is a setting."""
    configured = list(django_settings.PASSWORD_HASHERS)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield configured


@pytest.fixture
def configured_password_hashing(settings, fast_password_hashing):
    """Hashing as the settings configure it, for a user who logs in on a server the test starts (which does not know
    the tests' MD5)."""
    settings.PASSWORD_HASHERS = fast_password_hashing


def pytest_collection_modifyitems(items):
    """`demo` makes every table hold the demo's rows, so it comes before the test's other fixtures, which add theirs
    on top of it (as if `demo` were the test's first argument): `admin_client` then logs in a user that stays."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        info = getattr(item, "_fixtureinfo", None)
        if not names or info is None or "demo" not in names:
            continue
        own = [name for name in info.argnames if name in names and name != "demo"]
        if own and names.index(own[0]) < names.index("demo"):
            names.remove("demo")
            names.insert(names.index(own[0]), "demo")


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` run once per session: its rows copied inside the test database, its pictures in a folder.

    The database is then put back as migrations left it, so tests without `demo` still start empty.
    """
    from tests.snapshot import Snapshot

    media = tmp_path_factory.mktemp("demo") / "media"
    with django_db_blocker.unblock():
        empty = Snapshot("empty__").take()
        try:
            with override_settings(MEDIA_ROOT=media):
                call_command("load_demo", stdout=StringIO())
                _draw_renditions()
            rows = Snapshot("demo__").take()
        finally:
            empty.restore()
    return rows, media


def _draw_renditions():
    """Every rendition of the demo's pictures, drawn once into the session's folder: otherwise each test's first page
    with a picture spends most of a second resizing. sorl-thumbnail finds the files and only records them."""
    from news.models import Image
    from news.thumbnails import RENDITIONS, rendition

    for image in Image.objects.all():
        for name in RENDITIONS:
            for image_format in ("WEBP", "JPEG"):
                rendition(image, name, image_format)


@pytest.fixture
def demo(db, demo_snapshot, media_root):
    """The full demo content, as `make run` loads it: the session's copy of its rows and pictures, in milliseconds."""
    from django.contrib.contenttypes.models import ContentType

    rows, media = demo_snapshot
    rows.restore()
    shutil.copytree(media, media_root, dirs_exist_ok=True)
    yield
    ContentType.objects.clear_cache()  # the test's rollback may bring back other keys (see tests/snapshot.py)


# CI runs the SQLite and PostgreSQL suites at once, each with Redis databases of its own (.ci/run).
REDIS_TEST_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis (database 14), emptied before and after: CI fails without Redis, a developer's
    machine without it skips."""
    import os

    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Redis at {REDIS_TEST_URL}: {error}")
        pytest.skip(f"Redis does not answer at {REDIS_TEST_URL}: {error}")
    client.flushdb()
    settings.CACHES = redis_caches(REDIS_TEST_URL)
    yield client
    client.flushdb()


def redis_caches(url):
    """CACHES as portal/settings.py sets them when REDIS_URL is set, pointed at `url`."""
    from django.conf import settings

    default = {
        "BACKEND": "portal.cache.GuardedRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }
    return {**settings.CACHES, "default": default}


@pytest.fixture
def round_trips(monkeypatch):
    """What is sent to Redis, one entry per round trip: a pipeline goes out as one packet."""
    from redis.connection import Connection

    sent = []
    original = Connection.send_packed_command

    def send_packed_command(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(Connection, "send_packed_command", send_packed_command)
    return sent
