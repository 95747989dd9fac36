"""Template helpers for article pages: pictures, search highlights, the editor's desk."""

import re

from django import template
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from news import queries
from news.thumbnails import rendition
from portal.templatetags.metadata import json_ld
from portal.templatetags.portal import bcp47

register = template.Library()


@register.inclusion_tag("news/includes/picture.html")
def picture(image, size="card", eager=False):
    """A <picture> with a WebP source and a JPEG fallback, sized, lazy unless `eager`."""
    if image is None:
        return {"image": None}
    return {
        "image": image,
        "webp": rendition(image, size, "WEBP"),
        "jpeg": rendition(image, size, "JPEG"),
        "eager": eager,
    }


@register.simple_tag
def social_image_url(image):
    thumb = rendition(image, "social", "JPEG") if image else None
    return thumb.url if thumb else ""


@register.filter
def highlight(text, query):
    """`text` escaped, with each occurrence of `query` wrapped in <mark>."""
    text = escape(text or "")
    if not query:
        return mark_safe(text)  # noqa: S308 -- escaped above
    pattern = re.compile(re.escape(escape(query)), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", text))  # noqa: S308


@register.filter
def excerpt(html, query="", length=120):
    """Plain text of `html` around the first match of `query` (or its start)."""
    text = " ".join(strip_tags(html or "").split())
    position = text.lower().find(query.lower()) if query else -1
    start = max(position - length // 3, 0) if position >= 0 else 0
    end = min(start + length, len(text))
    # Cut at spaces where there are any: a cut inside a Burmese syllable leaves a broken glyph cluster.
    if end < len(text) and (space := text.rfind(" ", start, end)) > start + length // 2:
        end = space
    if start and (space := text.find(" ", start, start + length // 4)) != -1 and (position < 0 or space < position):
        start = space + 1
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@register.inclusion_tag("admin/news/desk.html", takes_context=True)
def editor_desk(context):
    """The admin index as the editor's desk (news.queries.editor_desk)."""
    user = context["request"].user
    if not user.has_perm("news.view_article"):
        return {"show": False}
    return {"show": True, **queries.editor_desk(user)}


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, page_url, image_url=""):
    """schema.org NewsArticle data in its <script> element."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "mainEntityOfPage": page_url,
        "url": page_url,
        "inLanguage": bcp47(get_language()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "articleSection": article.column.name,
        "description": article.summary or excerpt(article.body, "", 200),
        "publisher": {"@type": "Organization", "name": context["chrome"]["site"].site_name},
    }
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if image_url:
        data["image"] = [request.build_absolute_uri(image_url)]
    return json_ld({key: value for key, value in data.items() if value})
