"""View counting with Redis, the production cache: one round trip per view, atomic flushes.

The local-memory path is tested in test_views.py; Redis stopped for real in tests/portal/test_cache_outage.py. These tests need Redis on 127.0.0.1:6379 (database 14): CI fails
without it, a developer's machine without Redis skips them.
"""

import os

import pytest
from django.core.management import call_command
from django.db import DatabaseError

from news import view_counts
from news.view_counts import COUNTS_HASH_KEY, flush_view_counts, record_view
from tests.factories import make_article, views_of
from tests.html import views_shown

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}

pytestmark = pytest.mark.django_db


def buffered(redis_cache, article):
    """The views buffered in Redis for the article, as the next flush will find them."""
    return int(redis_cache.hget(":1:" + COUNTS_HASH_KEY, article.pk) or 0)


def test_views_are_buffered_in_redis_and_flushed(client, redis_cache):
    article = make_article(view_count=10)
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)  # a flush happened less than a minute ago
    for _ in range(3):
        client.get(article.get_absolute_url(), **BROWSER)
    assert views_of(article) == 10
    assert buffered(redis_cache, article) == 3
    assert views_shown(client.get(article.get_absolute_url(), **BROWSER)) == 13
    call_command("flush_view_counts", stdout=open(os.devnull, "w"))
    assert views_of(article) == 14
    assert buffered(redis_cache, article) == 0
    assert flush_view_counts() == 0


def test_the_shown_count_never_drops_when_the_buffer_is_written(client, redis_cache):
    article = make_article(view_count=10)
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)
    for _ in range(3):
        client.get(article.get_absolute_url(), **BROWSER)
    assert views_shown(client.get(article.get_absolute_url(), **BROWSER)) == 13
    flush_view_counts()
    assert views_shown(client.get(article.get_absolute_url(), **BROWSER)) == 14


def test_the_first_view_after_a_minute_writes_the_buffer(client, redis_cache):
    article = make_article(view_count=0)
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)
    client.get(article.get_absolute_url(), **BROWSER)
    client.get(article.get_absolute_url(), **BROWSER)
    assert views_of(article) == 0
    redis_cache.delete(":1:" + view_counts.FLUSH_LOCK_KEY)  # as if the minute had passed
    client.get(article.get_absolute_url(), **BROWSER)
    # That view took the lock and wrote everything buffered, itself included.
    assert views_of(article) == 3
    assert redis_cache.ttl(":1:" + view_counts.FLUSH_LOCK_KEY) > 0


def test_a_view_costs_one_round_trip(rf, redis_cache, round_trips):
    article = make_article()
    request = rf.get(article.get_absolute_url(), **BROWSER)
    record_view(request, article.pk)  # takes the lock and flushes
    round_trips.clear()
    record_view(request, article.pk)
    assert len(round_trips) == 1
    assert buffered(redis_cache, article) == 1


def test_an_article_page_shows_the_views_before_its_own_and_counts_it_in_the_same_round_trip(
    client, redis_cache, round_trips, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(view_count=10)
    url = article.get_absolute_url()
    # The first view stores the page, takes the flush lock and is written at once.
    assert views_shown(client.get(url, **BROWSER)) == 10
    assert views_of(article) == 11
    assert views_shown(client.get(url, **BROWSER)) == 11
    round_trips.clear()
    assert views_shown(client.get(url, **BROWSER)) == 12
    assert len(round_trips) == 1
    assert buffered(redis_cache, article) == 2
    # A crawler is shown the count and adds nothing to it.
    assert views_shown(client.get(url, HTTP_USER_AGENT="Baiduspider")) == 13
    assert buffered(redis_cache, article) == 2


def test_a_cached_article_page_costs_one_round_trip(client, redis_cache, round_trips, page_cache):
    article = make_article()
    # An article is written to the page cache when read again (portal/middleware.py).
    client.get(article.get_absolute_url(), **BROWSER)
    assert client.get(article.get_absolute_url(), **BROWSER)["X-Page-Cache"] == "miss"
    round_trips.clear()
    response = client.get(article.get_absolute_url(), **BROWSER)
    assert response["X-Page-Cache"] == "hit"
    # The page from this process's own copy; the view and the flush lock in one pipeline.
    assert len(round_trips) == 1


def test_flushes_never_write_a_view_twice(rf, redis_cache):
    article = make_article(view_count=0)
    request = rf.get(article.get_absolute_url(), **BROWSER)
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)
    for _ in range(5):
        record_view(request, article.pk)
    assert flush_view_counts() == 5
    # A second server flushing at the same moment finds the buffer already taken.
    assert flush_view_counts() == 0
    record_view(request, article.pk)
    assert flush_view_counts() == 1
    assert views_of(article) == 6


def test_a_failed_write_puts_the_views_back(rf, redis_cache, monkeypatch):
    article = make_article(view_count=0)
    other = make_article(view_count=0)
    request = rf.get(article.get_absolute_url(), **BROWSER)
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)
    for _ in range(4):
        record_view(request, article.pk)
    record_view(request, other.pk)

    def database_down(counts):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(view_counts, "_write_many", database_down)
    with pytest.raises(DatabaseError):
        flush_view_counts()
    monkeypatch.undo()
    # Neither the article whose write failed nor the one the flush never reached loses a view.
    assert buffered(redis_cache, article) == 4
    assert buffered(redis_cache, other) == 1
    assert flush_view_counts() == 5
    assert views_of(article) == 4


def test_bots_are_not_counted(rf, redis_cache):
    article = make_article(view_count=0)
    record_view(rf.get("/", HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)"), article.pk)
    assert buffered(redis_cache, article) == 0


def test_a_flush_a_reader_triggers_while_the_database_is_down_keeps_the_counts_and_the_page(
    client, redis_cache, monkeypatch
):
    article = make_article(view_count=0)
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)
    client.get(article.get_absolute_url(), **BROWSER)
    client.get(article.get_absolute_url(), **BROWSER)
    redis_cache.delete(":1:" + view_counts.FLUSH_LOCK_KEY)  # the minute has passed: the next view flushes

    def database_down(counts):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(view_counts, "_write_many", database_down)
    response = client.get(article.get_absolute_url(), **BROWSER)
    monkeypatch.undo()
    assert response.status_code == 200
    # The two flushed views went back into the buffer, and the third view was counted after them.
    assert buffered(redis_cache, article) == 3
    assert flush_view_counts() == 3
    assert views_of(article) == 3


def test_views_go_straight_to_the_database_when_redis_does_not_answer(rf, redis_cache, settings):
    from tests.conftest import redis_caches

    article = make_article(view_count=0)
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")  # nothing listens on port 1
    request = rf.get(article.get_absolute_url(), **BROWSER)
    for _ in range(3):
        record_view(request, article.pk)
    assert views_of(article) == 3


def test_a_flush_of_many_articles_writes_them_in_chunks_with_a_fixed_number_of_queries(
    rf, redis_cache, monkeypatch, django_assert_num_queries
):
    """The long tail: a minute of crawlers and old links leaves views of thousands of different articles. A flush
    writes them a chunk at a time, one statement each, never statements per article."""
    monkeypatch.setattr(view_counts, "WRITE_CHUNK", 10)
    articles = [make_article(view_count=index) for index in range(25)]
    redis_cache.set(":1:" + view_counts.FLUSH_LOCK_KEY, 1)
    for index, article in enumerate(articles):
        request = rf.get(article.get_absolute_url(), **BROWSER)
        for _ in range(index % 3 + 1):
            record_view(request, article.pk)
    deleted = make_article(view_count=0)
    deleted_id = deleted.pk
    record_view(rf.get("/", **BROWSER), deleted_id)
    deleted.delete()
    # 26 ids in chunks of 10: an upsert each.
    with django_assert_num_queries(3):
        assert flush_view_counts() == sum(index % 3 + 1 for index in range(25)) + 1
    for index, article in enumerate(articles):
        assert views_of(article) == index + index % 3 + 1
        assert int(redis_cache.hget(":1:" + view_counts.TOTALS_HASH_KEY, article.pk)) == index + index % 3 + 1
    assert buffered(redis_cache, articles[0]) == 0
    # A deleted article's views are dropped: no total, and the statement did not fail for it.
    assert redis_cache.hget(":1:" + view_counts.TOTALS_HASH_KEY, deleted_id) is None
