import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (shared and this process's copies), so query counts do not depend on test
    order."""
    from django.core.cache import caches

    from portal.cache import forget_failures

    forget_failures()
    cache.clear()
    caches["local"].clear()
    yield
    cache.clear()
    caches["local"].clear()
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


@pytest.fixture
def demo(db):
    """The full demo content, as `make run` loads it."""
    call_command("load_demo", stdout=open("/dev/null", "w"))


REDIS_TEST_URL = "redis://127.0.0.1:6379/14"


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
