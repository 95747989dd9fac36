"""Site-wide template helpers, loaded as builtins in every template."""

import hashlib

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags import humanize
from django.template import defaultfilters
from django.template.defaulttags import TemplateIfParser
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import iter_format_modules
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override

from portal.cache import cached_for_generation
from portal.digits import Count, native_digits
from portal.stored_pages import CHROME_PARTS, is_storing, marker, release

register = template.Library()

# Formats whose output a machine reads (`datetime` attributes, feeds, sitemaps): their digits stay ASCII.
MACHINE_DATE_FORMATS = frozenset({"c", "r", "U", "Y-m-d", "Y-m-d H:i:s", "H:i:s"})


# Django's `date`, `time` and number filters, written in the language's own digits (portal/digits.py). Builtins
# listed in TEMPLATES come after Django's, so these replace them in every template.
@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date`; a human format (named or not) in the reader's digits, a machine format (`c`, `U`, ISO) not."""
    text = defaultfilters.date(value, arg)
    return text if arg in MACHINE_DATE_FORMATS else native_digits(text)


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """Django's `time`, in the reader's digits unless the format is a machine's."""
    text = defaultfilters.time(value, arg)
    return text if arg in MACHINE_DATE_FORMATS else native_digits(text)


@register.filter(is_safe=True)
def floatformat(value, arg=-1):
    """Django's `floatformat`, in the reader's digits."""
    return native_digits(defaultfilters.floatformat(value, arg))


@register.filter(is_safe=True)
def intcomma(value, use_l10n=True):
    """humanize's `intcomma`, in the reader's digits."""
    return native_digits(humanize.intcomma(value, use_l10n))


@register.filter(is_safe=True)
def digits(value):
    """A number (or any text holding one) shown to a reader -- a count, a page number -- in the reader's digits.
    Never for attributes or URLs. A whole number stays a number, so `{% blocktranslate count counter=n|digits %}`
    still picks the plural."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Count(value)
    if isinstance(value, float):
        value = defaultfilters.floatformat(value, -1)
    return native_digits(value)


@register.filter
def bcp47(language_code):
    """Django's language code as a BCP 47 tag: zh-hans -> zh-Hans."""
    return settings.LANGUAGE_TAGS.get(language_code, language_code)


@register.simple_tag
def header_date(when=None):
    """Today (or `when`) in Asia/Shanghai, written as the reader's language writes a header date."""
    if when is None and is_storing():
        return mark_safe(marker("date"))  # noqa: S308 -- a fixed comment
    language = get_language()
    pattern = "Y-m-d"
    for module in iter_format_modules(language, settings.FORMAT_MODULE_PATH):
        if hasattr(module, "HEADER_DATE_FORMAT"):
            pattern = module.HEADER_DATE_FORMAT
            break
    return native_digits(format_date(timezone.localtime(when), pattern))


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per language: its URL, and whether this page exists there.

    A view that shows translated content sets `available_languages`; where the
    page does not exist, the switcher leads to that language's home page.
    """
    request = context["request"]
    available = context.get("available_languages")
    current = get_language()
    # The request's own match, resolved once by the handler, instead of resolving the path again per language.
    match = getattr(request, "resolver_match", None)
    versions = []
    for code, _name in settings.LANGUAGES:
        exists = available is None or code in available
        # An unnamed pattern (media files in development, whose 404 page shows the switcher too) has no name to
        # reverse: its path is translated instead.
        if exists and match is not None and match.url_name:
            with override(code):
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        elif exists:
            url = translate_url(request.path, code)
        else:
            with override(code):
                url = reverse("home")
        versions.append(
            {
                "code": code,
                "tag": bcp47(code),
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "exists": exists,
                "is_current": code == current,
            }
        )
    return versions


@register.simple_tag
def x_default(versions):
    """The x-default alternate: the Chinese page when it exists, else the first that does."""
    existing = [version for version in versions if version["exists"]]
    for version in existing:
        if version["code"] == settings.LANGUAGE_CODE:
            return version
    return existing[0] if existing else None


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.filter
def localized_href(url):
    """A site path stored without a language prefix, under the reader's language."""
    if url.startswith("/") and not url.startswith("//"):
        return f"/{get_language()}{url}"
    return url


@register.tag
def public_fragment(parser, token):
    """`{% public_fragment "name" key… [unless condition] %}…{% endpublic_fragment %}`: rendered once per change.

    For the costly parts of public pages that show only published content the same way to every reader: the
    rendered HTML is kept, like the page cache, until content changes or the next scheduled publication
    (`portal.cache.cached_for_generation`), per release, language, host and the given keys. A true `unless` condition,
    written as in `{% if %}` (a preview), renders without the cache. Keys must come from content, never straight
    from the request (a path or query string would let anyone fill the cache). A fragment must not hold a CSRF token
    or a CSP nonce.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    unless = None
    if "unless" in bits:
        at = bits.index("unless")
        unless = TemplateIfParser(parser, bits[at + 1 :]).parse()
        bits = bits[:at]
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]], unless)


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, keys, unless):
        self.nodelist = nodelist
        self.keys = keys
        self.unless = unless

    def render(self, context):
        if is_storing():
            # A page being stored: the shell's parts are filled in when it is served, the rest is stored with it.
            name = self.keys[0].resolve(context)
            return marker(name) if name in CHROME_PARTS else self.nodelist.render(context)
        if self.unless is not None and self.unless.eval(context):
            return self.nodelist.render(context)
        keys = [str(key.resolve(context)) for key in self.keys]
        request = context.get("request")
        host = request.get_host() if request is not None else ""
        # The release too: a deploy changes templates and static file names without changing the content generation.
        digest = hashlib.sha256("|".join([release(), host, get_language(), *keys]).encode()).hexdigest()
        return cached_for_generation(f"fragment:{digest}", lambda: self.nodelist.render(context))
