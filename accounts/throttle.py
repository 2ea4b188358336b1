"""Sign-in throttling (django-axes): a cool-off per account and a looser one per address.

A person who mistypes a password is stopped after ``LOGIN_FAILURES_PER_ACCOUNT`` failures on
one account, from anywhere; a guesser who sprays many accounts from one address is stopped after
``LOGIN_FAILURES_PER_ADDRESS`` failures from that address. The address limit is the looser of
the two because many people sign in from one address behind the department's proxy or NAT.
Failures count for ``LOGIN_COOLOFF_MINUTES`` after the last one, then the account or address is
open again; an administrator can lift a lock sooner in the admin (Axes › Access attempts).
"""

from __future__ import annotations

import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.network import client_address


def client_ip(request) -> str:
    """The address Axes counts: the same one the rest of the site trusts (``TRUSTED_PROXY_COUNT``)."""
    return client_address(request.META)


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per account and a separate limit per address.

    Axes compares one number with ``AXES_FAILURE_LIMIT`` (the per-account limit); the address's
    failures are scaled so that reaching ``LOGIN_FAILURES_PER_ADDRESS`` reaches that number.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        threshold = get_cool_off_threshold(request)
        recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)

        def total(**match) -> int:
            return recent.filter(**match).aggregate(n=Sum("failures_since_start"))["n"] or 0

        username = get_client_username(request, credentials)
        by_account = total(username=username) if username else 0
        by_address = total(ip_address=request.axes_ip_address)
        per_account = settings.AXES_FAILURE_LIMIT
        scaled = math.floor(by_address * per_account / settings.LOGIN_FAILURES_PER_ADDRESS)
        return max(by_account, scaled)


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, with the reason and when to try again, answered 429."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    minutes = settings.LOGIN_COOLOFF_MINUTES
    message = ngettext(
        "Too many failed sign-ins for this account or from this computer. For your security, "
        "signing in is paused: try again in %(minutes)d minute, or ask the site administrator to "
        "lift the pause.",
        "Too many failed sign-ins for this account or from this computer. For your security, "
        "signing in is paused: try again in %(minutes)d minutes, or ask the site administrator to "
        "lift the pause.",
        minutes,
    ) % {"minutes": minutes}
    context = {
        "form": form,
        "locked_out": message,
        "next": request.POST.get("next", ""),
        "title": _("Sign in"),
        "oidc_enabled": settings.OIDC_ENABLED,  # the department account is not paused
    }
    return render(request, "accounts/login.html", context, status=429)
