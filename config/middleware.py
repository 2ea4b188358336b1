"""Requests the application refuses before any view runs."""

from __future__ import annotations

from urllib.parse import unquote

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from core.http import BadParameter


class RejectNulBytesMiddleware:
    """A NUL character in the address or its query can never name anything here, and PostgreSQL
    refuses it in text: answer 400 in words rather than let it reach the database as a 500.
    (Form fields refuse NUL characters themselves, field by field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(query.replace("+", " ")):
            raise BadParameter(_("The address of this page contains a character that cannot be used (NUL)."))
        return self.get_response(request)


# Only our own files, no inline script, no plug-ins, no framing; style attributes stay allowed (the
# SVG charts and a few bars use them), <style> elements do not.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Headers every dynamic answer carries. Pages and downloads here hold personal or unpublished
    figures (plans in progress, triage, representation counts, tracker drafts), so no browser or
    proxy may keep a copy: ``Cache-Control: no-store, private``. Static files are served before
    this runs (WhiteNoise) and keep their long cache lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        patch_cache_control(response, no_store=True, private=True)
        return response


class HtmxMessagesMiddleware:
    """Messages ("Initiative … saved.") reach the person on the page they are looking at.

    A full page prints its messages in ``includes/messages.html``. An htmx response swaps only a
    part of the page, so a message added while serving it would otherwise wait in the session and
    appear on the *next* page, about something else. This middleware appends the messages to every
    htmx response that did not print them, as an out-of-band swap into the page's message region
    (which stays in view wherever the page is scrolled).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.streaming:
            return response
        if response.status_code in (204, 301, 302, 303, 304) or "HX-Redirect" in response:
            return response  # nothing is swapped, or a whole page follows and prints them itself
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        storage = get_messages(request)
        if storage.used:
            return response  # the partial printed them itself
        messages = list(storage)
        if messages:
            html = render_to_string("includes/messages.html", {"messages": messages, "oob": True}, request=request)
            response.content += html.encode(response.charset)
        return response
