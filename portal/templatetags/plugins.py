"""`{% plugin_blocks slot obj %}`: the blocks the apps registered for a slot of a page (portal/registry.py)."""

from django import template
from django.utils.safestring import mark_safe

from portal import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def plugin_blocks(context, slot, obj=None):
    """Each block's template, rendered like an {% include %} with its own context added.

    The blocks' reads run here, at render time: inside a cached fragment they run only when it is out of date.
    """
    request = context.get("request")
    prepared = context.get("prepared_blocks", {}).get(slot)
    parts = []
    for at, block in enumerate(registry.blocks(slot)):
        with context.push(prepared[at] if prepared is not None else block.get_context(request, obj)):
            parts.append(context.template.engine.get_template(block.template_name).render(context))
    return mark_safe("".join(parts))  # noqa: S308 -- rendered by templates that escape
