"""Conditional GET of the feeds (portal/feeds.py): readers poll cheaply and get 304 when nothing changed."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from tests.factories import make_article, make_column
from tests.feeds.helpers import FORMATS, feed_url, fetch

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(column=make_column(slug="local"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_feed_answers_304_to_a_matching_etag_without_a_query(client, django_assert_num_queries, article, fmt):
    url = feed_url("en", "latest", fmt)
    response, _parsed = fetch(client, url)
    assert response["Cache-Control"] == "public, max-age=300"
    # The rows behind the ETag are cached until the content changes.
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]


def test_feed_answers_304_to_if_modified_since(client, article):
    url = feed_url("en", "latest", "rss")
    response, _parsed = fetch(client, url)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_feed_etag_changes_when_an_article_is_corrected(client, article):
    url = feed_url("en", "latest", "rss")
    response, _parsed = fetch(client, url)
    article.title_en = "Corrected"
    article.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != response["ETag"]


def test_feed_etag_changes_when_an_article_is_unpublished(client, article):
    older = make_article(column=article.column)
    url = feed_url("en", "latest", "rss")
    response, _parsed = fetch(client, url)
    older.state = Article.State.UNPUBLISHED
    older.save(update_fields=["state"])
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_feed_etag_changes_when_a_scheduled_article_comes_due(client, article):
    scheduled = make_article(column=article.column, published_at=timezone.now() + timedelta(seconds=1))
    url = feed_url("en", "latest", "rss")
    response, parsed = fetch(client, url)
    assert len(parsed.entries) == 1
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # Nothing is saved when the time comes: the cached rows must not outlive the scheduled publication.
    time.sleep(1.1)
    again, parsed = fetch(client, url)
    assert again["ETag"] != response["ETag"]
    assert [entry.link for entry in parsed.entries][0].endswith(f"/news/{scheduled.pk}/")


def test_feed_etags_differ_between_languages_and_formats(client, article):
    etags = {
        client.get(feed_url(language, "latest", fmt))["ETag"] for language in ("zh-hans", "en", "my") for fmt in FORMATS
    }
    assert len(etags) == 6


def test_empty_feed_is_valid_and_cacheable(client, db):
    response, parsed = fetch(client, feed_url("my", "latest", "atom"))
    assert parsed.entries == []
    assert response["ETag"]
    assert client.get(feed_url("my", "latest", "atom"), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
