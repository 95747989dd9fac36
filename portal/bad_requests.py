"""Requests no view can answer sensibly, refused with 400 before any view runs.

- A Host header whose port no URL can carry. Django's host check accepts any run of digits as a port, so
  `localhost:99999` reached the views, and every absolute URL built from it (feeds, sitemaps, canonical links) was
  invalid: nh3 and urllib refused it with a 500. Such a request now meets the same DisallowedHost (400) as a host
  outside ALLOWED_HOSTS.
- A NUL character in the query string of an admin page. The admin's change lists hand their parameters to the ORM
  without a form, and PostgreSQL text cannot hold NUL: psycopg2 refused the query with a 500. Public pages read
  their parameters through forms, which report a NUL as an invalid value, so they are left alone.
"""

from django.core.exceptions import BadRequest, DisallowedHost
from django.http.request import split_domain_port

MAX_PORT = 65535
ADMIN_PREFIX = "/admin/"


class BadRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # get_host() raises DisallowedHost itself for a host outside ALLOWED_HOSTS or a malformed one.
        host = request.get_host()
        _domain, port = split_domain_port(host)
        if port and not 0 < int(port) <= MAX_PORT:
            raise DisallowedHost(f"Invalid HTTP_HOST header: {host!r}. The port is out of range.")
        if request.path.startswith(ADMIN_PREFIX) and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("A NUL character in the query string.")
        return self.get_response(request)
