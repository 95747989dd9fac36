"""Amounts of money in each language's own units.

Chinese counts in 亿 (10^8) and 万 (10^4): RMB 396.6 billion is 3,966亿元.
English counts in billions and millions: "RMB 396.6 billion", "RMB 850 million".
Burmese puts the currency and the scale word first, then the number in Burmese digits:
"ယွမ် ဘီလီယံ ၃၉၆.၆", "ယွမ် သန်း ၈၅၀" -- the order Burmese news uses for large sums. The digits are the
language's own, from its format module, as everywhere else on the site (portal/digits.py).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.digits import native_digits

YI = Decimal(100_000_000)
WAN = Decimal(10_000)
BILLION = Decimal(1_000_000_000)
MILLION = Decimal(1_000_000)


def _number(value, places=2, grouping=True):
    """Group thousands (unless told not to), keep at most `places` decimals, drop trailing zeros."""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    separator = "," if grouping else ""
    whole, _dot, fraction = f"{value:{separator}.{places}f}".partition(".")
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def format_amount(value, language=None, grouped_yi=True):
    """`value` in yuan (Decimal or None) as text in `language`; None reads as "not disclosed".

    The site's one money formatter: the register, its statistics and charts, and the programme's reported figures.
    `grouped_yi=False` writes a Chinese 亿 count without separators (3966亿元), as the press reports a figure.
    """
    if value is None:
        return _("not disclosed")
    value = Decimal(value)
    language = language or get_language() or "zh-hans"
    if language.startswith("zh"):
        if abs(value) >= YI:
            return f"{_number(value / YI, grouping=grouped_yi)}亿元"
        if abs(value) >= WAN:
            return f"{_number(value / WAN)}万元"
        return f"{_number(value)}元"
    if language == "my":
        if abs(value) >= BILLION:
            text = f"ယွမ် ဘီလီယံ {_number(value / BILLION)}"
        elif abs(value) >= MILLION:
            text = f"ယွမ် သန်း {_number(value / MILLION)}"
        else:
            text = f"ယွမ် {_number(value)}"
        return native_digits(text, language)
    if abs(value) >= BILLION:
        return f"RMB {_number(value / BILLION)} billion"
    if abs(value) >= MILLION:
        return f"RMB {_number(value / MILLION)} million"
    return f"RMB {_number(value)}"


def format_number(value, language=None, places=0):
    """A plain count or percentage in the language's digits."""
    if value is None:
        return "–"
    return native_digits(_number(value, places), language)
