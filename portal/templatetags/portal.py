"""Site-wide template helpers, loaded as builtins in every template."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import iter_format_modules
from django.utils.translation import get_language, get_language_info, override

register = template.Library()


@register.filter
def bcp47(language_code):
    """Django's language code as a BCP 47 tag: zh-hans -> zh-Hans."""
    return settings.LANGUAGE_TAGS.get(language_code, language_code)


@register.simple_tag
def header_date(when=None):
    """Today (or `when`) in Asia/Shanghai, written as the reader's language writes a header date."""
    language = get_language()
    pattern = "Y-m-d"
    for module in iter_format_modules(language, settings.FORMAT_MODULE_PATH):
        if hasattr(module, "HEADER_DATE_FORMAT"):
            pattern = module.HEADER_DATE_FORMAT
            break
    return format_date(timezone.localtime(when), pattern)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per language: its URL, and whether this page exists there.

    A view that shows translated content sets `available_languages`; where the
    page does not exist, the switcher leads to that language's home page.
    """
    request = context["request"]
    available = context.get("available_languages")
    current = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        exists = available is None or code in available
        if exists:
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
