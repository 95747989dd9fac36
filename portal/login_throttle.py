"""Failed logins are throttled per account and address (django-axes), so that nobody can guess an editor's password
and nobody can lock every editor out.

django-axes counts failures in the database (AccessAttempt), one count per username, address and browser. This
module adds what axes has no setting for: a second, larger limit per address whatever the username (an attacker
trying many accounts from one address), the client's address behind a known number of proxies, and the admin's own
login page, re-rendered with the reason, when a login is refused. Policy and settings: docs/reliability-hardening.md.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]: the first
    set counts against AXES_FAILURE_LIMIT, the second (every username from one address) against
    LOGIN_ADDRESS_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None):
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # Reported as the account limit, the one number axes compares with.
            return max(per_account, settings.AXES_FAILURE_LIMIT)
        return per_account


def client_address(request):
    """The client's address: the connection's, or behind LOGIN_TRUSTED_PROXY_COUNT proxies the one the outermost
    proxy saw, read from the right of X-Forwarded-For (the left part is whatever the client sent, so never trusted).
    Anything that is not an IP address falls back to the connection's."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    count = settings.LOGIN_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count:
        candidates.insert(0, forwarded[-count])
    for candidate in candidates:
        if "%" in candidate:
            # An IPv6 zone ("fe80::1%eth0") that PostgreSQL's inet column would refuse.
            continue
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def lockout_message(request):
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return ngettext(
        "Too many failed logins. For your safety, logging in with this account from your address is paused for "
        "%(minutes)d minute. Please try again later.",
        "Too many failed logins. For your safety, logging in with this account from your address is paused for "
        "%(minutes)d minutes. Please try again later.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The admin's login page again, its form carrying the reason instead of "wrong password" (429)."""
    message = lockout_message(request)
    status = settings.AXES_HTTP_RESPONSE_CODE
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None or not getattr(original_response, "template_name", None):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    form.errors.clear()
    form.errors[NON_FIELD_ERRORS] = form.error_class([message], error_class="nonfield")
    response = TemplateResponse(request, original_response.template_name, context, status=status)
    # The handler renders responses before the middleware sees them; this one comes after, so it renders itself.
    return response.render()
