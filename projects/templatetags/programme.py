"""Template helpers of the programme pages."""

from django import template

from portal.templatetags.metadata import json_ld

register = template.Library()

# The site's one JSON-LD writer, under the name the programme templates use.
register.simple_tag(json_ld, name="json_ld")
