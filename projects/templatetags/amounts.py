from django import template

from projects.amounts import format_amount, format_number

register = template.Library()


@register.filter
def amount(value):
    """Yuan in the active language's units: 3,966亿元 / RMB 396.6 billion / ယွမ် ဘီလီယံ ၃၉၆.၆."""
    return format_amount(value)


@register.filter
def number(value, places=0):
    """A count or percentage in the active language's digits."""
    return format_number(value, places=int(places))
