"""What every feed of the portal shares: clean XML, absolute URLs, language tags, conditional GET.

A feed is the one public output an editor cannot preview, so it must survive
anything pasted into the admin: XML-illegal characters are dropped at the single
point where text becomes XML, and relative links in bodies become absolute.
"""

import hashlib
import mimetypes
import re

import nh3
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import path
from django.utils import feedgenerator
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.xmlutils import SimplerXMLGenerator

from . import registry
from .cache import cached_for_generation
from .models import SiteSettings

# XML 1.0 forbids these code points even as character references; surrogates cannot be encoded at all.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Readers may poll every five minutes; a scheduled article appears at most that late.
FEED_MAX_AGE = 300
FEED_ITEMS = 50
# Bump when the shape of the XML changes, so that stored ETags stop matching.
FEED_VERSION = "1"


def strip_xml_illegal(text):
    """`text` without the characters XML 1.0 cannot carry (`\\x0b` from Word, stray NULs)."""
    if not text:
        return text
    return XML_ILLEGAL.sub("", str(text))


def absolute_html(html, base_url):
    """Sanitised HTML whose every link and image points at an absolute URL, for readers far from the site."""
    if not html:
        return ""
    return nh3.clean(strip_xml_illegal(html), url_relative=("rewrite_with_base", base_url))


def plain_to_html(text):
    """Plain text (a summary) as an HTML fragment: escaped once, as RSS and Atom readers expect."""
    return escape(text) if text else ""


class CleanXMLGenerator(SimplerXMLGenerator):
    """Django's generator raises on control characters; a feed drops them instead of answering 500."""

    def characters(self, content):
        super().characters(strip_xml_illegal(content))

    def startElement(self, name, attrs):
        super().startElement(name, {key: strip_xml_illegal(value) for key, value in attrs.items()})

    def processingInstruction(self, target, data):
        super().processingInstruction(target, strip_xml_illegal(str(data)))


class PortalRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with full content (content:encoded), the source (dc:source) and a correction date."""

    def write(self, outfile, encoding):
        handler = CleanXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("updated_after_publication"):
            handler.addQuickElement("atom:updated", feedgenerator.rfc3339_date(item["updateddate"]))
        if item.get("source"):
            handler.addQuickElement("dc:source", item["source"])
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class PortalAtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 with full content (type html), the source (dc:source) and the feed stylesheet."""

    def write(self, outfile, encoding):
        handler = CleanXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source"):
            handler.addQuickElement("dc:source", item["source"])
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class PortalFeed(Feed):
    """Base of every portal feed; subclasses pick a QuerySet and say how an item reads.

    Subclasses implement `get_queryset(obj, language)`: the public rows, newest
    first, with what the items need selected, each with `updated_at` and
    `published_at`. The ETag and Last-Modified come from the ids and times of
    the rows the feed would show, read in one light query before any item is
    loaded: whatever enters, leaves or changes in the feed changes them, and a
    conditional GET never counts or scans the whole table.
    """

    feed_type = PortalRssFeed
    kind = ""

    @classmethod
    def as_view(cls, feed_type=None):
        """A view building a fresh instance per request, so that request state never leaks between threads."""
        feed_class = cls if feed_type is None else type(f"{cls.__name__}Atom", (cls,), {"feed_type": feed_type})

        def view(request, *args, **kwargs):
            return feed_class()(request, *args, **kwargs)

        return view

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.language_code = get_language()
        self.language = settings.LANGUAGE_TAGS.get(self.language_code, self.language_code)

        obj = None

        def validators():
            nonlocal obj
            obj = self.get_object(request, *args, **kwargs)
            shown = self.get_queryset(obj, self.language_code).values_list("pk", "updated_at", "published_at")
            rows = list(shown[:FEED_ITEMS])
            latest = max((stamp for _pk, *stamps in rows for stamp in stamps if stamp), default=None)
            return self.make_etag(rows), int(latest.timestamp()) if latest else None

        # Read once per content change: a reader polling an unchanged feed costs no query at all.
        etag, last_modified = cached_for_generation(
            f"feed-validators:{self.feed_type.__name__}:{self.language_code}:{request.path}", validators
        )
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            if obj is None:
                obj = self.get_object(request, *args, **kwargs)
            self.site = SiteSettings.objects.first() or SiteSettings()
            feed = self.get_feed(obj, request)
            response = HttpResponse(content_type=feed.content_type)
            feed.write(response, "utf-8")
        response.headers["ETag"] = etag
        if last_modified:
            response.headers["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def make_etag(self, rows):
        parts = [FEED_VERSION, self.feed_type.__name__, self.language_code, self.request.path, repr(rows)]
        fingerprint = "|".join(parts)
        return quote_etag(hashlib.sha256(fingerprint.encode()).hexdigest()[:32])

    def get_queryset(self, obj, language):
        raise NotImplementedError

    def items(self, obj):
        return self.get_queryset(obj, self.language_code)[:FEED_ITEMS]

    # The feed itself

    def site_title(self, subject):
        return f"{self.site.site_name} · {subject}" if self.site.site_name else str(subject)

    def feed_guid(self, obj):
        return self.tag_uri(f"feed:{self.request.path}")

    # Items

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    def tag_uri(self, specific):
        """A tag URI (RFC 4151): an id that never changes with the title, the URL or the scheme."""
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},2023:{specific}"

    def item_guid_is_permalink(self, item):
        return False


def feed_views(feed_class):
    """The RSS and the Atom view of one feed class."""
    return feed_class.as_view(), feed_class.as_view(PortalAtomFeed)


def feed_urlpatterns():
    """The RSS and Atom URL of every feed the apps registered: <path>.rss named <kind>-rss, <path>.atom <kind>-atom."""
    patterns = []
    for entry in registry.feeds():
        rss, atom = feed_views(entry.feed_class)
        patterns += [
            path(f"{entry.path}.rss", rss, name=f"{entry.kind}-rss"),
            path(f"{entry.path}.atom", atom, name=f"{entry.kind}-atom"),
        ]
    return patterns


def enclosure_for(image, absolute):
    """The cover as an enclosure with its real length and type, or None when the file cannot be read."""
    if image is None or not image.file:
        return None
    mime_type, _encoding = mimetypes.guess_type(image.file.name)
    try:
        length = image.file.size
    except (OSError, ValueError):
        return None
    if not mime_type or not length:
        return None
    return feedgenerator.Enclosure(absolute(image.file.url), str(length), mime_type)
