"""Requests the application refuses before any view runs."""

from __future__ import annotations

from urllib.parse import unquote

from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


class BadParameter(BadRequest):
    """A request whose address or parameters the site cannot use; its message is shown to the person."""


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
