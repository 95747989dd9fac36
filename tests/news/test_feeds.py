"""The news feeds (news/feeds.py) read through feedparser and the raw XML, in every language."""

import html
import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import Article
from portal.models import SiteSettings
from tests.factories import make_article, make_column, make_image, make_session
from tests.feed_readers import FORMATS, LANGUAGES, NS, feed_url, fetch, root, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def column():
    return make_column(slug="local")


@pytest.fixture
def linked(column):
    """One article of each feed: in the column and linked to a session of a published edition."""
    article = make_article(
        column=column,
        cover=make_image(),
        author_zh_hans="记者甲",
        author_en="Reporter A",
        author_my="သတင်းထောက် က",
        source_zh_hans="临沧日报",
        source_en="Lincang Daily",
        source_my="လင်ချန်း နေ့စဉ်",
    )
    make_session(articles=[article])
    return article


NEWS_FEEDS = [("latest", {}), ("column", {"slug": "local"})]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("name", "kwargs"), NEWS_FEEDS)
def test_news_feed_is_valid_with_its_item(client, linked, language, fmt, name, kwargs):
    response, parsed = fetch(client, feed_url(language, name, fmt, **kwargs))
    linked.refresh_from_db()
    entry = parsed.entries[0]
    suffix = language.replace("-", "_")
    assert titles(parsed) == [getattr(linked, f"title_{suffix}")]
    assert parsed.feed.language == LANGUAGES[language]
    assert entry.link == f"http://testserver/{language}/news/{linked.pk}/"
    assert entry.author == getattr(linked, f"author_{suffix}")
    assert entry.dc_source == getattr(linked, f"source_{suffix}")
    assert entry.id == f"tag:testserver,2023:article:{linked.pk}:{language}"
    assert entry.content[0].value == getattr(linked, f"body_{suffix}")
    assert response["Content-Type"].startswith("application/rss+xml" if fmt == "rss" else "application/atom+xml")


@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_has_the_required_elements(client, linked, language):
    response, _parsed = fetch(client, feed_url(language, "latest", "rss"))
    channel = root(response).find("channel")
    for name in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(name), name
    assert channel.findtext("language") == LANGUAGES[language]
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == f"http://testserver/{language}/feeds/latest.rss"
    item = channel.find("item")
    for name in ("title", "link", "description", "guid", "pubDate", "category", "content:encoded", "dc:source"):
        assert item.findtext(name, namespaces=NS), name
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("dc:creator", namespaces=NS) == getattr(linked, f"author_{language.replace('-', '_')}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_has_the_required_elements(client, linked, language):
    response, _parsed = fetch(client, feed_url(language, "latest", "atom"))
    feed = root(response)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == LANGUAGES[language]
    for name in ("atom:title", "atom:id", "atom:updated"):
        assert feed.findtext(name, namespaces=NS), name
    links = {link.get("rel"): link.get("href") for link in feed.findall("atom:link", NS)}
    assert links["self"] == f"http://testserver/{language}/feeds/latest.atom"
    assert links["alternate"] == f"http://testserver/{language}/"
    entry = feed.find("atom:entry", NS)
    for name in ("atom:title", "atom:id", "atom:updated", "atom:published", "atom:summary", "atom:author/atom:name"):
        assert entry.findtext(name, namespaces=NS), name
    assert entry.find("atom:content", NS).get("type") == "html"
    assert entry.find("atom:link[@rel='alternate']", NS).get("href").startswith("http://testserver/")


def test_feed_content_urls_are_absolute(client, column):
    make_article(
        column=column,
        body_en='<p><a href="/en/news/1/">next</a> <a href="other/">rel</a> <img src="/media/a.png" alt="x"></p>'
        '<script>alert(1)</script><p onclick="x()">text</p>',
    )
    for fmt in FORMATS:
        _response, parsed = fetch(client, feed_url("en", "latest", fmt))
        content = parsed.entries[0].content[0].value
        assert 'href="http://testserver/en/news/1/"' in content
        assert 'src="http://testserver/media/a.png"' in content
        assert 'href="http://testserver/en/news/' in content and 'other/"' in content
        assert "script" not in content and "onclick" not in content
        assert 'href="/' not in content and 'src="/' not in content


@pytest.mark.parametrize("fmt", FORMATS)
def test_feed_escapes_markup_characters(client, column, fmt):
    make_article(column=column, title_en="Tea <\"'&> trade", summary_en="Tea <\"'&> summary", author_en="A <&> B")
    response, parsed = fetch(client, feed_url("en", "latest", fmt))
    entry = parsed.entries[0]
    assert entry.title == "Tea <\"'&> trade"
    # The summary is HTML: a reader that renders it shows the characters, never a tag.
    assert html.unescape(entry.summary) == "Tea <\"'&> summary"
    assert "<\"'&>" not in entry.summary
    assert entry.author == "A <&> B"


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_drops_xml_illegal_characters(client, column, language):
    suffix = language.replace("-", "_")
    # NUL cannot even be stored by PostgreSQL; everything else Word may paste can.
    dirty = "\x08\x0b\x0c\x0e\x1f\ufffe\uffff"
    make_article(
        column=column,
        **{
            f"title_{suffix}": f"Ti{dirty}tle",
            f"summary_{suffix}": f"Sum{dirty}mary",
            f"body_{suffix}": f"<p>Bo{dirty}dy</p>",
            f"author_{suffix}": f"Au{dirty}thor",
            f"source_{suffix}": f"So{dirty}urce",
        },
    )
    column.name_en = column.name_zh_hans = column.name_my = f"Col{dirty}umn"
    column.save()
    for name, kwargs in (("latest", {}), ("column", {"slug": "local"})):
        for fmt in FORMATS:
            _response, parsed = fetch(client, feed_url(language, name, fmt, **kwargs))
            entry = parsed.entries[0]
            assert entry.title == "Title"
            assert html.unescape(entry.summary) == "Summary"
            assert entry.content[0].value == "<p>Body</p>"
            assert entry.author == "Author"
            assert entry.dc_source == "Source"
            assert entry.tags[0].term == "Column"


def test_feed_leaves_out_what_is_not_public_in_its_language(client, column):
    visible = make_article(column=column, title_en="Visible", title_my="မြင်ရ")
    make_article(column=column, title_en="Draft", state=Article.State.DRAFT)
    make_article(column=column, title_en="In review", state=Article.State.IN_REVIEW)
    make_article(column=column, title_en="Unpublished", state=Article.State.UNPUBLISHED)
    make_article(column=column, title_en="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    make_article(column=column, title_en="Not Burmese", is_ready_my=False)
    make_article(column=column, title_en="Empty Burmese", title_my="")
    not_english = make_article(column=column, title_en="Not English", is_ready_en=False)
    make_session(articles=list(Article.objects.all()))
    for name, kwargs in NEWS_FEEDS:
        for fmt in FORMATS:
            _response, burmese = fetch(client, feed_url("my", name, fmt, **kwargs))
            assert titles(burmese) == [visible.title_my, not_english.title_my]
            _response, english = fetch(client, feed_url("en", name, fmt, **kwargs))
            assert titles(english) == ["Visible", "Not Burmese", "Empty Burmese"]


def test_scheduled_article_appears_when_due(client, column):
    article = make_article(column=column, title_en="Later", published_at=timezone.now() + timedelta(minutes=5))
    _response, before = fetch(client, feed_url("en", "latest", "rss"))
    assert titles(before) == []
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    _response, after = fetch(client, feed_url("en", "latest", "rss"))
    assert titles(after) == ["Later"]


def test_feed_holds_fifty_newest_items_first(client, column):
    now = timezone.now()
    for minutes in range(52):
        make_article(column=column, title_en=f"News {minutes}", published_at=now - timedelta(minutes=minutes))
    for fmt in FORMATS:
        _response, parsed = fetch(client, feed_url("en", "latest", fmt))
        assert titles(parsed) == [f"News {minutes}" for minutes in range(50)]


def test_column_feed_holds_only_its_column(client, column):
    make_article(column=column, title_en="Local")
    make_article(column=make_column(), title_en="Elsewhere")
    _response, parsed = fetch(client, feed_url("en", "column", "rss", slug="local"))
    assert titles(parsed) == ["Local"]


def test_column_feed_of_unknown_column_is_404(client):
    assert client.get(feed_url("en", "column", "rss", slug="nowhere")).status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_cover_is_an_enclosure_with_its_real_length_and_type(client, column, fmt):
    cover = make_image(name="harbour.png", size=(120, 80))
    make_article(column=column, cover=cover)
    _response, parsed = fetch(client, feed_url("en", "latest", fmt))
    (enclosure,) = parsed.entries[0].enclosures
    assert enclosure.href == f"http://testserver{cover.file.url}"
    assert int(enclosure.length) == os.path.getsize(cover.file.path) > 0
    assert enclosure.type == "image/png"


def test_cover_with_a_missing_file_is_left_out_not_a_500(client, column):
    cover = make_image()
    make_article(column=column, cover=cover)
    cover.file.storage.delete(cover.file.name)
    for fmt in FORMATS:
        _response, parsed = fetch(client, feed_url("en", "latest", fmt))
        assert parsed.entries[0].enclosures == []


def test_guid_survives_a_title_edit(client, column):
    article = make_article(column=column)
    _response, before = fetch(client, feed_url("en", "latest", "atom"))
    article.title_en = "A corrected headline"
    article.save()
    _response, after = fetch(client, feed_url("en", "latest", "atom"))
    assert after.entries[0].id == before.entries[0].id
    assert after.entries[0].title == "A corrected headline"


def test_corrected_article_carries_its_update_date(client, column):
    published_at = timezone.now() - timedelta(days=1)
    article = make_article(column=column, published_at=published_at)
    Article.objects.filter(pk=article.pk).update(updated_at=published_at)
    _response, fresh = fetch(client, feed_url("en", "latest", "rss"))
    assert "updated" not in fresh.entries[0]
    article.body_en = "<p>Corrected.</p>"
    article.save()
    article.refresh_from_db()
    for fmt in FORMATS:
        _response, corrected = fetch(client, feed_url("en", "latest", fmt))
        entry = corrected.entries[0]
        assert entry.updated_parsed[:6] == article.updated_at.utctimetuple()[:6]
        assert entry.published_parsed[:6] == published_at.utctimetuple()[:6]


# With empty caches: the next scheduled publication, the column (for its feed), the rows the ETag is made of, the
# site settings and the items.
@pytest.mark.parametrize(("name", "kwargs", "queries"), [("latest", {}, 4), ("column", {"slug": "local"}, 5)])
def test_news_feed_query_count_is_fixed(client, django_assert_num_queries, column, name, kwargs, queries):
    session = make_session()
    session.articles.add(make_article(column=column, cover=make_image()))
    for fmt in FORMATS:
        cache.clear()
        with django_assert_num_queries(queries):
            fetch(client, feed_url("en", name, fmt, **kwargs))
    session.articles.add(*[make_article(column=column, cover=make_image()) for _ in range(2)])
    for fmt in FORMATS:
        cache.clear()
        with django_assert_num_queries(queries):
            _response, parsed = fetch(client, feed_url("en", name, fmt, **kwargs))
        assert len(parsed.entries) == 3


def test_feed_is_named_after_the_site_which_also_stands_in_as_author(client, column):
    SiteSettings.objects.create(site_name_en="Lincang News", meta_description_en="Local news.")
    make_article(column=column, author_en="")
    response, parsed = fetch(client, feed_url("en", "latest", "atom"))
    assert parsed.feed.title == "Lincang News · Latest news"
    feed = root(response)
    assert feed.findtext("atom:author/atom:name", namespaces=NS) == "Lincang News"
    assert feed.find("atom:entry/atom:author", NS) is None
    _response, rss = fetch(client, feed_url("en", "latest", "rss"))
    assert rss.feed.title == "Lincang News · Latest news"
    assert rss.feed.description == "Local news."
    assert "author" not in rss.entries[0]
