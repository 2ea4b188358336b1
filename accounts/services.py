"""Writes to a person's account.

``preferred_language_set`` is the one way a person's language is stored: the language switch in
the header and "My preferences" call it today; signing in through the department's identity
provider (issue 16) is to call it with the language the provider sends, and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import User

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


@transaction.atomic
def preferred_language_set(*, user: User, language: str) -> User:
    """Store the language ``user`` reads the site and their e-mails in ("" for no preference)."""
    if language not in ("", *LANGUAGE_CODES):
        raise ValidationError(
            _("%(language)s is not a language of this site: choose English, French or no preference.")
            % {"language": language}
        )
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user
