"""Digits as the reader's language writes them.

A language's format module may name its own digits (`NATIVE_DIGITS = "၀၁၂၃၄၅၆၇၈၉"` in portal/formats/my/):
everything a reader sees -- dates, times, counts, amounts, page numbers -- is then written with them. Text a machine
reads (`datetime` attributes, URLs, feeds' dates, exports, JSON-LD, calendars) keeps ASCII digits: it never goes
through `native_digits`. The template filters in portal/templatetags/portal.py are the one way templates reach it.
"""

from functools import cache

from django.conf import settings
from django.utils.formats import iter_format_modules
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

ASCII_DIGITS = "0123456789"


@cache
def _digit_table(language):
    for module in iter_format_modules(language, settings.FORMAT_MODULE_PATH):
        digits = getattr(module, "NATIVE_DIGITS", None)
        if digits:
            return str.maketrans(ASCII_DIGITS, digits)
    return None


def native_digits(text, language=None):
    """`text` (any value, as text) with ASCII digits replaced by the digits of `language` (the active one), if its
    format module names any; HTML-safe text stays safe."""
    if text is None:
        return text
    language = language or get_language() or settings.LANGUAGE_CODE
    table = _digit_table(language)
    if table is None:
        return text
    converted = str(text).translate(table)
    # Only digits changed, into other digits: text that was safe stays safe.
    return mark_safe(converted) if isinstance(text, SafeData) else converted  # noqa: S308


class Count(int):
    """A whole number that stays a number (for plurals, comparisons, `{% blocktranslate count %}`) but is written in
    the reader's digits wherever a template renders it."""

    def __str__(self):
        return native_digits(int.__repr__(self))

    # Templates escape what they render; a number needs no escaping.
    def __html__(self):
        return str(self)
