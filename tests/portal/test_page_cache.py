import gzip
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.csp import LazyNonce

from news.models import Article
from portal.cache import current_generation, seconds_until_next_publication
from portal.middleware import AnonymousPageCacheMiddleware
from tests.factories import make_article, make_column


@pytest.fixture
def column(db):
    return make_column(slug="local")


def test_anonymous_pages_are_served_from_the_cache(client, column, page_cache, django_assert_num_queries):
    make_article(column=column)
    first = client.get("/zh-hans/news/column/local/")
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/zh-hans/news/column/local/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_the_cache_is_per_language(client, column, page_cache):
    make_article(column=column)
    assert client.get("/en/news/column/local/")["X-Page-Cache"] == "miss"
    assert client.get("/my/news/column/local/")["X-Page-Cache"] == "miss"
    assert 'lang="my"' in client.get("/my/news/column/local/").content.decode()


def test_publishing_invalidates_cached_pages_at_once(client, column, page_cache):
    draft = make_article(column=column, title_zh_hans="尚未发布的稿件", state=Article.State.DRAFT)
    assert "尚未发布的稿件" not in client.get("/zh-hans/news/column/local/").content.decode()
    draft.state = Article.State.PUBLISHED
    draft.save()
    assert "尚未发布的稿件" in client.get("/zh-hans/news/column/local/").content.decode()


def test_unpublishing_invalidates_cached_pages_at_once(client, column, page_cache):
    article = make_article(column=column, title_zh_hans="即将撤下的稿件")
    assert "即将撤下的稿件" in client.get("/zh-hans/news/column/local/").content.decode()
    article.state = Article.State.UNPUBLISHED
    article.save()
    assert "即将撤下的稿件" not in client.get("/zh-hans/news/column/local/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_no_page_is_cached_past_the_next_scheduled_publication(client, column, page_cache):
    make_article(column=column, published_at=timezone.now() + timedelta(seconds=30), title_zh_hans="定时稿件")
    response = client.get("/zh-hans/news/column/local/")
    assert "定时稿件" not in response.content.decode()
    # The page may be kept for at most the thirty seconds left before the scheduled article is due.
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 30
    assert seconds_until_next_publication(current_generation()) <= 30


def test_logged_in_editors_are_never_served_or_stored(client, admin_user, column, page_cache):
    make_article(column=column)
    client.force_login(admin_user)
    response = client.get("/zh-hans/news/column/local/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    client.logout()
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"


def test_draft_canary_never_reaches_an_anonymous_reader(client, admin_user, column, page_cache):
    canary = make_article(column=column, title_zh_hans="金丝雀草稿", state=Article.State.DRAFT)
    editor = client.__class__()
    editor.force_login(admin_user)
    # The editor looks at the draft in every way the portal offers while an anonymous reader reads.
    editor.get("/zh-hans/news/column/local/")
    editor.get(canary.get_absolute_url())
    editor.get("/admin/news/article/")
    for url in ["/zh-hans/", "/zh-hans/news/column/local/", canary.get_absolute_url()]:
        response = client.get(url)
        assert "金丝雀草稿" not in response.content.decode(), url
        response = client.get(url)
        assert "金丝雀草稿" not in response.content.decode(), url


def test_responses_that_used_the_csrf_token_are_not_cached(db, page_cache):
    request = RequestFactory().get("/zh-hans/")
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse())
    assert middleware.is_cacheable_response(request, HttpResponse()) is True
    get_token(request)
    assert middleware.is_cacheable_response(request, HttpResponse()) is False


def test_responses_that_used_the_csp_nonce_are_not_cached(db, page_cache):
    request = RequestFactory().get("/zh-hans/")
    request._csp_nonce = LazyNonce()
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse())
    assert middleware.is_cacheable_response(request, HttpResponse()) is True
    str(request._csp_nonce)
    assert middleware.is_cacheable_response(request, HttpResponse()) is False


def test_healthz_is_never_cached(client, db, page_cache):
    assert "X-Page-Cache" not in client.get("/healthz")


def test_view_counting_keeps_working_when_pages_come_from_the_cache(client, column, page_cache):
    from news.view_counts import COUNT_KEY

    article = make_article(column=column)
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13) Mobile Safari/537.36"}
    # An article is written to the page cache when read again: first read not stored, second stored, then hits.
    assert "X-Page-Cache" not in client.get(article.get_absolute_url(), **browser)
    assert client.get(article.get_absolute_url(), **browser)["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url(), **browser)["X-Page-Cache"] == "hit"
    assert client.get(article.get_absolute_url(), **browser)["X-Page-Cache"] == "hit"
    assert cache.get(COUNT_KEY.format(pk=article.pk)) == 4


def test_the_cache_is_per_host(client, column, page_cache, settings):
    # Pages carry absolute URLs (feeds, canonical links), so one host's page must never be served to another.
    settings.ALLOWED_HOSTS = ["news.example.org", "www.news.example.org"]
    make_article(column=column)
    assert client.get("/zh-hans/feeds/latest.rss", HTTP_HOST="news.example.org")["X-Page-Cache"] == "miss"
    other = client.get("/zh-hans/feeds/latest.rss", HTTP_HOST="www.news.example.org")
    assert other["X-Page-Cache"] == "miss"
    assert "//www.news.example.org/" in other.content.decode()
    assert client.get("/zh-hans/feeds/latest.rss", HTTP_HOST="news.example.org")["X-Page-Cache"] == "hit"


def test_app_servers_of_different_releases_never_share_pages(db, page_cache):
    # During a rolling deploy both releases share the cache; each page links to its own release's static files.
    old = AnonymousPageCacheMiddleware(lambda request: HttpResponse("old release"))
    new = AnonymousPageCacheMiddleware(lambda request: HttpResponse("new release"))
    old.release, new.release = "manifest-1", "manifest-2"
    request = RequestFactory().get("/zh-hans/")
    request.user = AnonymousUser()
    assert old(request)["X-Page-Cache"] == "miss"
    assert new(request).content == b"new release"
    assert old(request)["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_pages_rendered_while_a_change_is_uncommitted_are_forgotten_on_commit(column, page_cache):
    # Another process may render and cache a page between the save and the commit: it shows the old rows.
    with transaction.atomic():
        make_article(column=column)
        make_article(column=column)
        generation_before_commit = current_generation()
    # Once more on commit, however many rows the transaction saved.
    assert current_generation() == generation_before_commit + 1


def test_readers_who_accept_gzip_get_the_page_compressed_once(client, column, page_cache, django_assert_num_queries):
    make_article(column=column, title_zh_hans="压缩测试稿件")
    plain = client.get("/zh-hans/news/column/local/")
    compressed = client.get("/zh-hans/news/column/local/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    # Compressed and plain copies are different entries: a reader is never sent bytes it cannot read.
    assert compressed["X-Page-Cache"] == "miss"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    with django_assert_num_queries(0):
        again = client.get("/zh-hans/news/column/local/", HTTP_ACCEPT_ENCODING="gzip")
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Encoding"] == "gzip"
    assert again.content == compressed.content
    plain_again = client.get("/zh-hans/news/column/local/")
    assert plain_again["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain_again
    assert "压缩测试稿件" in plain_again.content.decode()


def test_a_cached_feed_still_answers_conditional_requests_with_304(client, column, page_cache):
    make_article(column=column)
    first = client.get("/zh-hans/feeds/latest.rss", HTTP_ACCEPT_ENCODING="gzip")
    assert first["X-Page-Cache"] == "miss"
    # Compression weakens the ETag (W/"…"); feed readers send back what they were given.
    assert first["ETag"].startswith('W/"')
    for validators in ({"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        again = client.get("/zh-hans/feeds/latest.rss", HTTP_ACCEPT_ENCODING="gzip", **validators)
        assert again.status_code == 304, validators
        assert again["X-Page-Cache"] == "hit"
        assert again.content == b""
    changed = client.get("/zh-hans/feeds/latest.rss", HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_a_hit_costs_one_cache_round_trip(client, column, page_cache):
    make_article(column=column)
    client.get("/zh-hans/news/column/local/")
    methods = ("get", "get_many", "set", "add", "incr", "delete")
    calls = []

    def spy(method, original):
        def call(*args, **kwargs):
            # The local-memory backend builds get_many from get: count what the middleware asks for, not that.
            outermost = not calls or calls[-1] != "…"
            if outermost:
                calls.extend([method, "…"])
            try:
                return original(*args, **kwargs)
            finally:
                if outermost:
                    calls.pop()

        return call

    for method in methods:
        setattr(cache, method, spy(method, getattr(cache, method)))
    try:
        assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "hit"
    finally:
        for method in methods:
            delattr(cache, method)
    # The generation and the page come back together (one MGET on Redis).
    assert calls == ["get_many"]


def test_a_page_rendered_again_after_an_edit_replaces_its_stale_copy(client, column, page_cache):
    article = make_article(column=column, title_zh_hans="第一版标题")
    client.get("/zh-hans/news/column/local/")
    article.title_zh_hans = "第二版标题"
    article.save()
    response = client.get("/zh-hans/news/column/local/")
    assert response["X-Page-Cache"] == "miss"
    assert "第二版标题" in response.content.decode()
    # One entry per page, not one per generation: the new rendering took the old one's place.
    with translation.override("zh-hans"):
        key = AnonymousPageCacheMiddleware(None).key(RequestFactory().get("/zh-hans/news/column/local/"))
    generation, _expires_at, _status, _headers, content, _callbacks = cache.get(key)
    assert generation == current_generation()
    assert "第二版标题" in content.decode()


def test_made_up_query_parameters_are_served_the_bare_page(client, column, redis_cache, page_cache):
    # Each random query string used to create an entry: 13,586 keys and 136 MB of Redis in 80 s (issue 16).
    make_article(column=column)
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"
    keys = redis_cache.dbsize()
    for number in range(30):
        response = client.get(f"/zh-hans/news/column/local/?utm_source=flood{number}&x={number}")
        assert response["X-Page-Cache"] == "hit"
    assert redis_cache.dbsize() == keys


def test_a_page_rendered_for_a_made_up_query_string_does_not_carry_it(client, column, page_cache):
    for _ in range(25):  # two pages: the column links to the next one with {% querystring %}
        make_article(column=column)
    response = client.get("/zh-hans/news/column/local/?tracking=stranger-text")
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "?page=2" in html
    assert "stranger-text" not in html


def test_declared_query_parameters_are_cached_in_a_normalised_order(client, column, page_cache):
    for _ in range(25):
        make_article(column=column)
    # A page past the first is kept when read again (news/views.py): the first read stores nothing.
    assert "X-Page-Cache" not in client.get("/zh-hans/news/column/local/?page=2&utm=1")
    assert client.get("/zh-hans/news/column/local/?page=2&utm=1")["X-Page-Cache"] == "miss"
    assert client.get("/zh-hans/news/column/local/?utm=2&page=2")["X-Page-Cache"] == "hit"
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"
    # So is a search (portal/views.py).
    assert "X-Page-Cache" not in client.get("/zh-hans/search/?q=%E6%96%B0%E9%97%BB&page=1")
    assert client.get("/zh-hans/search/?q=%E6%96%B0%E9%97%BB&page=1")["X-Page-Cache"] == "miss"
    assert client.get("/zh-hans/search/?page=1&q=%E6%96%B0%E9%97%BB&ref=x")["X-Page-Cache"] == "hit"


def test_a_query_string_on_a_view_that_declares_none_is_not_cached(client, column, page_cache):
    make_article(column=column)
    for _ in range(2):
        response = client.get("/zh-hans/feeds/latest.rss?random=1")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def refuse_every_query(execute, sql, params, many, context):
    from django.db import OperationalError

    raise OperationalError("could not connect to server: Connection refused")


def test_a_cached_page_is_served_stale_while_the_database_is_down(client, column, page_cache):
    from django.db import connection

    article = make_article(column=column, title_zh_hans="停电前的标题")
    assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "miss"
    article.title_zh_hans = "停电前最后一次修改"
    article.save()  # the copy is no longer fresh
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/zh-hans/news/column/local/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "stale"
    assert response["Cache-Control"] == "no-cache"
    assert "停电前的标题" in response.content.decode()
    # Back up: the page is rendered again and replaces the stale copy.
    fresh = client.get("/zh-hans/news/column/local/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "停电前最后一次修改" in fresh.content.decode()


def test_a_copy_older_than_the_stale_bound_is_not_served(client, column, page_cache, settings):
    from django.db import connection

    settings.PAGE_CACHE_STALE_SECONDS = 600
    make_article(column=column)
    client.get("/zh-hans/news/column/local/")
    # The copy went out of date eleven minutes ago.
    with translation.override("zh-hans"):
        key = AnonymousPageCacheMiddleware(None).key(RequestFactory().get("/zh-hans/news/column/local/"))
    generation, _expires_at, *rest = cache.get(key)
    cache.set(key, (generation, time.time() - 660, *rest), 3600)
    # The error goes on to the outage middleware outside the page cache: its 503 page.
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/zh-hans/news/column/local/")
    assert response.status_code == 503
    assert "X-Page-Cache" not in response
    settings.PAGE_CACHE_STALE_SECONDS = 3600
    with connection.execute_wrapper(refuse_every_query):
        assert client.get("/zh-hans/news/column/local/")["X-Page-Cache"] == "stale"


def test_a_page_never_cached_is_not_invented_while_the_database_is_down(client, column, page_cache):
    from django.db import connection

    with connection.execute_wrapper(refuse_every_query):
        assert client.get("/zh-hans/news/column/local/").status_code == 503
