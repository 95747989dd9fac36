"""Page metadata for base.html: captured blocks, social tags, feed links, breadcrumb JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import registry

register = template.Library()

OPEN_GRAPH_LOCALES = {"zh-hans": "zh_CN", "en": "en_US", "my": "my_MM"}
# What json_script escapes, so that a title can never close the <script> element or open a comment.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308 -- already rendered
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: render once into a variable, so a block can feed several tags."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("capture takes one argument: the variable name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


@register.filter
def open_graph_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, language_code)


@register.simple_tag
def social_card():
    """The default 1200×630 share image of the active language, for pages without a picture of their own."""
    return static(f"img/social-card-{get_language()}.png")


@register.simple_tag(takes_context=True)
def feed_links(context, kind, title=None, **kwargs):
    """The RSS and Atom <link rel="alternate"> of one feed, named so that a reader can tell them apart."""
    request = context["request"]
    name = title or registry.feed_title(kind)  # a column feed is named by its column
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{} ({})" href="{}">',
        [
            (
                content_type,
                name,
                label,
                request.build_absolute_uri(reverse(f"feeds:{kind}-{extension}", kwargs=kwargs or None)),
            )
            for content_type, label, extension in (
                ("application/rss+xml", "RSS", "rss"),
                ("application/atom+xml", "Atom", "atom"),
            )
        ],
    )


def json_ld(data):
    """A JSON-LD data block whose text cannot break out of its element, whatever editors type."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 -- escaped above


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context):
    """BreadcrumbList from the `crumbs` context list, starting at the home page; the current page comes last."""
    request = context["request"]
    trail = [{"name": _("Home"), "url": reverse("home")}, *context.get("crumbs", [])]
    items = []
    for position, crumb in enumerate(trail, start=1):
        url = crumb.get("url") or (request.path if position == len(trail) else None)
        item = {"@type": "ListItem", "position": position, "name": str(crumb["name"])}
        if url:
            item["item"] = request.build_absolute_uri(url)
        items.append(item)
    return json_ld({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items})
