"""A Host header whose port no URL can carry is a bad request, answered 400 before any view runs.

Django's host check accepts any run of digits as a port, so `localhost:99999` reached the views, and every absolute
URL built from it (feeds, sitemaps, canonical links) was invalid: nh3 and urllib refused it with a 500. Here such a
request meets the same DisallowedHost (400) as a host outside ALLOWED_HOSTS.
"""

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

MAX_PORT = 65535


class ValidHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # get_host() raises DisallowedHost itself for a host outside ALLOWED_HOSTS or a malformed one.
        _domain, port = split_domain_port(request.get_host())
        if port and not 0 < int(port) <= MAX_PORT:
            raise DisallowedHost(f"Invalid HTTP_HOST header: {request.get_host()!r}. The port is out of range.")
        return self.get_response(request)
