"""Which language a person is addressed in: the site they open, the e-mails they get.

A person's ``preferred_language`` ("en", "fr", or "" for no preference) is stored by
``accounts.services.preferred_language_set``. The site opens in it on sign-in and at ``/``; e-mails
go in it, and to someone with no preference in both languages, English first.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

BOTH = ""  # no preference: the bilingual message


def opening_language(request: HttpRequest) -> str:
    """The language the site opens in: the signed-in person's preference, else the cookie, then the browser."""
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user is not None and user.is_authenticated else ""
    return preferred or translation.get_language_from_request(request)


def by_language(users: Iterable) -> dict[str, list[str]]:
    """The e-mail addresses of ``users`` by the language their message goes in ("en", "fr", and
    ``BOTH`` for those with no preference), in the site's order of languages, both last; each
    address once, sorted; people without an address are left out."""
    groups: dict[str, set[str]] = {}
    for user in users:
        if user.email:
            groups.setdefault(user.preferred_language or BOTH, set()).add(user.email)
    order = [code for code, _name in settings.LANGUAGES] + [BOTH]
    return {language: sorted(groups[language]) for language in order if language in groups}
