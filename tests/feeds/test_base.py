"""The shared feed machinery (portal/feeds.py), below the database: NUL and friends never reach the XML."""

import feedparser
import pytest

from portal.feeds import PortalAtomFeed, PortalRssFeed, absolute_html, strip_xml_illegal

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
