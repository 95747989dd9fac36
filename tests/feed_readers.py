"""Readers of feed responses shared by the feed tests."""

import xml.etree.ElementTree as ET

import feedparser
from django.urls import reverse
from django.utils import translation

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
LANGUAGES = {"zh-hans": "zh-Hans", "en": "en", "my": "my"}
FORMATS = ("rss", "atom")


def feed_url(language, name, fmt, **kwargs):
    with translation.override(language):
        return reverse(f"feeds:{name}-{fmt}", kwargs=kwargs or None)


def fetch(client, url, **headers):
    """The response and feedparser's reading of it; fails unless the feed is well-formed and valid."""
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


def titles(parsed):
    return [entry.title for entry in parsed.entries]


def root(response):
    return ET.fromstring(response.content)  # noqa: S314 -- our own output, under test
