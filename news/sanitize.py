"""The one HTML allowlist for article bodies, applied with nh3 on every save."""

import html
import re

import nh3
from django.conf import settings
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "figure",
    "img",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Body images come from our own media library only: a site-relative path under MEDIA_URL.
_MEDIA_PATH = re.compile(r"^/" + re.escape(settings.MEDIA_URL.strip("/")) + r"/[A-Za-z0-9_./-]+$")


def is_media_path(value):
    """Whether an <img>'s src is one the bodies keep: a path under MEDIA_URL, plain characters, no way up."""
    return ".." not in value and bool(_MEDIA_PATH.match(value))


def _filter_attribute(element, attribute, value):
    if element == "img" and attribute == "src" and not is_media_path(value):
        return None
    if attribute in {"width", "height", "colspan", "rowspan"} and not value.isdigit():
        return None
    return value


def sanitize_html(html):
    """Rich text reduced to the allowlist: no scripts, handlers, styles, or URLs other than http(s)/mailto."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def html_to_text(value):
    """Readable text of an HTML body, one space between blocks, for search."""
    spaced = re.sub(r"<(/?(p|h[2-4]|li|blockquote|figcaption|td|th|br)\b)", r" <\1", value or "")
    return " ".join(html.unescape(strip_tags(spaced)).split())
