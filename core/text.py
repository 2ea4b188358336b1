"""Bilingual text: reading each language's column, and falling back from one to the other.

The one rule: a text is shown in the reader's language (French when the language asked for, or
else the active one, is French; English otherwise) when it is written in that language; when it
is blank there, the English text is shown. English is the default language, required on every
name, title and statement, so a French page never shows a hole where an English reader sees
text. modeltranslation's own accessors (``obj.name``) follow the same rule for the fields it
registers; ``in_language`` is for rows that read ``name_en`` and ``name_fr`` themselves (``plain``
querysets, historical records, snapshots, ``.values()`` dicts; in templates ``{{ obj|in_language:"title" }}``
after ``{% load text %}``) and ``pick`` for the two values of a ``.values_list()`` row.
Neither touches the database: both run per row on large pages.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.utils.translation import get_language


def plain(model) -> QuerySet:
    """A queryset without modeltranslation's per-row rewriting, for reads that name each
    language's column themselves (it costs a third of a large page's time otherwise)."""
    return QuerySet(model)


def is_french(language: str | None = None) -> bool:
    """Whether ``language`` (the active language when not given) is French: "fr", "fr-ca"."""
    return (language or get_language() or "en").startswith("fr")


def pick(english, french, language: str | None = None) -> str:
    """The French text when French is asked for and there is one, else the English ("" for none)."""
    return (french if french and is_french(language) else english) or ""


def in_language(obj, field: str, language: str | None = None) -> str:
    """``obj``'s ``field`` in ``language`` (the active one when not given), by the rule above.

    ``obj`` is a model instance, a historical record or any object with ``<field>_en`` and
    ``<field>_fr`` attributes, or a dict with those keys (a ``.values()`` row); a missing one reads
    as blank."""
    if isinstance(obj, Mapping):
        return pick(obj.get(f"{field}_en"), obj.get(f"{field}_fr"), language)
    return pick(getattr(obj, f"{field}_en", None), getattr(obj, f"{field}_fr", None), language)
