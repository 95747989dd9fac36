import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, so query counts do not depend on test order."""
    from portal.middleware import local_pages, local_values

    cache.clear()
    local_pages.clear()
    local_values.clear()
    yield
    cache.clear()
    local_pages.clear()
    local_values.clear()


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
