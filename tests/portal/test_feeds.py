"""The feed machinery every feed shares (portal/feeds.py): clean XML below the database, conditional GET (readers
poll cheaply and get 304 when nothing changed), and every demo feed in every language and format."""

import time
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from news.models import Article, Column
from portal.feeds import PortalAtomFeed, PortalRssFeed, absolute_html, strip_xml_illegal
from tests.factories import make_article, make_column
from tests.feed_readers import FORMATS, LANGUAGES, feed_url, fetch

ILLEGAL = "".join(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def test_strip_xml_illegal_keeps_tabs_newlines_and_every_script():
    assert strip_xml_illegal(f"a{ILLEGAL}\tb\nc\r临沧 ယူနန်") == "a\tb\nc\r临沧 ယူနန်"


def test_absolute_html_resolves_against_the_page_and_sanitises():
    html = '<p><a href="../3/">a</a><img src="/media/x.jpg" onerror="x()"></p><script>bad()</script>'
    assert absolute_html(html, "https://news.example/en/news/5/") == (
        '<p><a href="https://news.example/en/news/3/" rel="noopener noreferrer">a</a>'
        '<img src="https://news.example/media/x.jpg"></p>'
    )


@pytest.mark.parametrize("feed_class", [PortalRssFeed, PortalAtomFeed])
def test_generator_drops_illegal_characters_everywhere(feed_class):
    feed = feed_class(
        title=f"Feed{ILLEGAL}",
        link="https://news.example/en/",
        description=f"About{ILLEGAL}",
        language="en",
        feed_url="https://news.example/en/feeds/latest.rss",
        author_name=f"Desk{ILLEGAL}",
    )
    feed.add_item(
        title=f"Ti{ILLEGAL}tle",
        link="https://news.example/en/news/1/",
        description=f"Sum{ILLEGAL}mary",
        author_name=f"Au{ILLEGAL}thor",
        categories=[f"Ca{ILLEGAL}t"],
        content=f"<p>Bo{ILLEGAL}dy</p>",
        source=f"So{ILLEGAL}urce",
    )
    parsed = feedparser.parse(feed.writeString("utf-8").encode())
    assert parsed.bozo == 0
    assert parsed.feed.title == "Feed"
    entry = parsed.entries[0]
    assert (entry.title, entry.summary, entry.author, entry.dc_source) == ("Title", "Summary", "Author", "Source")
    assert entry.content[0].value == "<p>Body</p>"
    assert entry.tags[0].term == "Cat"


# Conditional GET


@pytest.fixture
def article(db):
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


# The demo's feeds


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_demo_feed_is_valid(client, demo, language):
    feeds = [("latest", {}), ("matchmaking", {}), ("projects", {})]
    feeds += [("column", {"slug": slug}) for slug in Column.objects.values_list("slug", flat=True)]
    entries = 0
    for name, kwargs in feeds:
        for fmt in FORMATS:
            _response, parsed = fetch(client, feed_url(language, name, fmt, **kwargs))
            assert parsed.feed.language == LANGUAGES[language]
            assert parsed.feed.title
            entries += len(parsed.entries)
    assert entries > 0
