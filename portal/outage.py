"""A database outage gets an honest answer: 503, Retry-After and a static page (docs/reliability-database.md).

DatabaseOutageMiddleware sits right after SecurityMiddleware, outside the page cache, so it only sees what the page
cache could not serve. It turns a lost or refused database connection into that 503 wherever it is raised:
- in the view or while its template renders: `process_exception`;
- in another middleware (the session read behind `request.user` for a logged-in user, the session save on the way
  out): Django has already turned the exception into a 500 response inside that middleware, so a receiver of
  `got_request_exception` marks the request and `__call__` swaps the 500 for the 503.
Programming errors stay 500: IntegrityError and ProgrammingError are not outages, nor is an OperationalError that
SQLite uses for a missing table or column.

The page never queries the database (no site chrome, no session, no user) and is never cached. For a POST whose CSRF
token is valid it shows back what was posted (passwords excepted), so an editor whose save was refused keeps the text
even if the browser cannot restore the form: the admin's pages are `no-store`, and going back may reload the form
from the server, which is down too.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.csp import build_policy

logger = logging.getLogger(__name__)

OUTAGE_ATTRIBUTE = "_database_outage"
# SQLite's primary result codes that mean "cannot reach the data now": BUSY, LOCKED, IOERR, FULL, CANTOPEN.
# Its generic SQLITE_ERROR (1) also covers "no such table", a programming error.
SQLITE_OUTAGE_CODES = {5, 6, 10, 13, 14}
# Posted fields that are not the editor's text: the CSRF token, buttons (_save, _continue), formset bookkeeping.
NOT_TEXT_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def is_database_outage(exception):
    """True when the database cannot be reached or was lost, as opposed to a query that is wrong."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    sqlite_code = getattr(exception.__cause__, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return sqlite_code & 0xFF in SQLITE_OUTAGE_CODES
    return True


def note_database_outage(sender, request=None, **kwargs):
    """Marks a request whose exception (raised in a middleware) Django is turning into a 500 response."""
    exception = sys.exc_info()[1]
    if request is not None and is_database_outage(exception):
        setattr(request, OUTAGE_ATTRIBUTE, exception)


def unsaved_fields(request):
    """(name, text) of what a POST carried, for the editor to copy; nothing unless its CSRF token is valid."""
    if request.method != "POST":
        return []
    try:
        # The check needs no database; it may not have run yet when a middleware failed before the view.
        if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is not None:
            return []
        posted = request.POST
    except Exception:  # A body too large or unreadable has nothing to give back.
        return []
    fields = []
    for name, values in posted.lists():
        if (
            name == "csrfmiddlewaretoken"
            or name.startswith(("_", "initial-"))
            or name.endswith(NOT_TEXT_SUFFIXES)
            or "password" in name.lower()
        ):
            continue
        fields.extend((name, value) for value in values if value.strip())
    return fields


def outage_response(request, exception):
    logger.warning(
        "Database unavailable, answered 503 to %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip(),
    )
    # As LocaleMiddleware chooses: the URL's prefix, then the cookie and Accept-Language (the admin has no prefix).
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        # No request and so no context processors: nothing here may touch the database.
        content = render_to_string(
            "503.html", {"is_post": request.method == "POST", "unsaved": unsaved_fields(request)}
        )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(settings.DATABASE_OUTAGE_RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    # Neither the page cache, a CDN nor the browser may keep the maintenance page (or the text it gives back).
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    # Swapped in outside the middleware that would add these; the page has no inline script or style.
    response["Content-Security-Policy"] = build_policy(settings.SECURE_CSP)
    response["X-Frame-Options"] = "DENY"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(note_database_outage, dispatch_uid="portal.outage")

    def __call__(self, request):
        response = self.get_response(request)
        exception = getattr(request, OUTAGE_ATTRIBUTE, None)
        if exception is not None:
            return outage_response(request, exception)
        return response

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return outage_response(request, exception)
        return None
