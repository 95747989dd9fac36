"""The page cache's per-process copies in front of Redis (the "local" cache alias, portal/cache.py).

Needs Redis on 127.0.0.1:6379 (database 14): CI fails without it, a developer's machine without Redis skips.
"""

import time

import pytest
from django.core.cache import caches
from django.db.models import F

from portal.cache import GENERATION_KEY, LOCAL_GENERATION_SECONDS
from tests.factories import make_article, make_column

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def column(db):
    column = make_column(slug="local")
    make_article(column=column, title_zh_hans="第一条")
    return column


def test_a_hit_from_this_process_costs_no_round_trip(client, redis_cache, round_trips, column):
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"
    round_trips.clear()
    response = client.get("/zh-hans/news/column/local/")
    assert response["X-Page-Cache"] == "hit"
    assert "第一条" in response.content.decode()
    assert round_trips == []


def test_an_edit_through_this_server_is_seen_at_once(client, redis_cache, column):
    client.get("/zh-hans/news/column/local/")
    make_article(column=column, title_zh_hans="第二条")
    response = client.get("/zh-hans/news/column/local/")
    assert response["X-Page-Cache"] == "miss"
    assert "第二条" in response.content.decode()


def test_an_edit_through_another_server_is_seen_within_half_a_second(client, redis_cache, column):
    client.get("/zh-hans/news/column/local/")
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "hit"
    # Another server's save: the shared generation moves on, this process was not told.
    redis_cache.incr(":1:" + GENERATION_KEY)
    time.sleep(LOCAL_GENERATION_SECONDS + 0.1)
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"


def test_a_page_cached_by_another_server_is_served_from_redis_then_from_here(client, redis_cache, round_trips, column):
    client.get("/zh-hans/news/column/local/")
    caches["local"].clear()  # as if another server had rendered and stored it
    round_trips.clear()
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "hit"
    # The generation (read at most every half second) and the page.
    assert len(round_trips) == 2
    round_trips.clear()
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "hit"
    assert round_trips == []


def test_the_copies_are_bounded_least_recently_used_first(settings):
    local = caches["local"]
    local._max_entries, local._cull_frequency = 3, 3
    try:
        for name in ("a", "b", "c"):
            local.set(name, b"x" * 100, 60)
            local.get("a")  # "a" stays the most recently used
        local.set("d", b"y", 60)
    finally:
        local._max_entries = settings.CACHES["local"]["OPTIONS"]["MAX_ENTRIES"]
        local._cull_frequency = settings.CACHES["local"]["OPTIONS"]["CULL_FREQUENCY"]
    assert local.get("b") is None
    assert local.get("a") is not None and local.get("d") is not None


def test_fragments_and_rows_are_read_from_this_process_too(client, redis_cache, round_trips, settings):
    # The page cache off, as for a reader it misses: the article's row and rendered parts come from local copies.
    from news.models import Article

    settings.PAGE_CACHE_SECONDS = 0
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
    article = make_article(column=make_column(slug="local"), title_zh_hans="初版标题")
    client.get(article.get_absolute_url(), **browser)
    round_trips.clear()
    assert "初版标题" in client.get(article.get_absolute_url(), **browser).content.decode()
    # The count shown and the view counted, in one pipeline; the page is stored in the database (news/pages.py), the
    # shell's parts are this process's copies.
    assert len(round_trips) == 1
    # Another server's edit: the row changes (an editor's save moves its version on, which the stored card is
    # matched to) and the shared generation moves on; the column page, kept per generation, shows it here within
    # half a second.
    client.get("/zh-hans/news/column/local/", **browser)
    Article.objects.filter(pk=article.pk).update(title_zh_hans="改后标题", version=F("version") + 1)
    redis_cache.incr(":1:" + GENERATION_KEY)
    time.sleep(LOCAL_GENERATION_SECONDS + 0.1)
    assert "改后标题" in client.get("/zh-hans/news/column/local/", **browser).content.decode()


def test_editors_never_read_a_generation_this_process_remembers(client, redis_cache, admin_user, column):
    from news.models import Article

    client.get("/zh-hans/news/column/local/")
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(title_zh_hans="另一台服务器改的标题", version=F("version") + 1)
    redis_cache.incr(":1:" + GENERATION_KEY)
    client.force_login(admin_user)
    assert "另一台服务器改的标题" in client.get("/zh-hans/news/column/local/").content.decode()


def test_healthz_never_touches_redis(client, redis_cache, round_trips):
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert round_trips == []


def test_storing_a_page_read_again_costs_its_lookup_and_its_write_only(client, redis_cache, round_trips, monkeypatch):
    # The generation this process read stays trusted for the whole test, however slow the machine.
    monkeypatch.setattr("portal.cache.LOCAL_GENERATION_SECONDS", 60)
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}
    column = make_column(slug="local")
    earlier, article = make_article(column=column), make_article(column=column, title_zh_hans="再读一次")
    for _ in range(2):  # this process stores a page, and so learns when the next publication comes
        client.get(earlier.get_absolute_url(), **browser)
    assert client.get(article.get_absolute_url(), **browser).get("X-Page-Cache") is None
    round_trips.clear()
    response = client.get(article.get_absolute_url(), **browser)
    assert response["X-Page-Cache"] == "miss" and "再读一次" in response.content.decode()
    # The page looked up, the count shown with the view counted (one pipeline, HGET first), the page stored.
    commands = [b"".join(packed).split(b"\r\n")[2] for packed in round_trips]
    assert commands == [b"GET", b"HGET", b"SET"], commands
    round_trips.clear()
    assert client.get(article.get_absolute_url(), **browser)["X-Page-Cache"] == "hit"
    assert len(round_trips) == 1  # the view counted


def test_cache_commands_share_one_redis_client(redis_cache, monkeypatch):
    import redis

    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    shared = caches["default"]
    shared.set("warm", 1)
    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    for index in range(5):
        shared.set(f"key-{index}", index)
        assert shared.get(f"key-{index}") == index
    assert built == []


@pytest.fixture
def five_local_copies(settings):
    """This process keeps five copies, the oldest dropped first, as if a crawler had read thousands of pages."""
    local = caches["local"]
    local._max_entries, local._cull_frequency = 5, 5
    yield
    local._max_entries = settings.CACHES["local"]["OPTIONS"]["MAX_ENTRIES"]
    local._cull_frequency = settings.CACHES["local"]["OPTIONS"]["CULL_FREQUENCY"]


def test_a_crawlers_first_reads_leave_the_readers_copies_alone(
    client, redis_cache, round_trips, five_local_copies, column
):
    articles = [make_article(column=column) for _ in range(8)]
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"
    for article in articles:  # read once each: neither stored nor looked up
        assert client.get(article.get_absolute_url()).get("X-Page-Cache") is None
    round_trips.clear()
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "hit"
    assert round_trips == []  # still this process's copy, not Redis's


def test_a_first_read_is_remembered_past_the_bound_of_the_copies(client, redis_cache, five_local_copies, column):
    article, *others = [make_article(column=column) for _ in range(9)]
    assert client.get(article.get_absolute_url()).get("X-Page-Cache") is None
    for other in others:
        client.get(other.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"  # read again: stored
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
