"""Requests the application refuses before any view runs."""

from __future__ import annotations

from urllib.parse import unquote

from django.core.exceptions import BadRequest
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
