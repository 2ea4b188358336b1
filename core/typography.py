"""Dates and numbers as each official language writes them, for pages, the tracker PDF and e-mails.

Django's French formats give "1 octobre 2025" and "24,5"; French usage also wants "1er octobre",
a non-breaking space before "%" and before ":" and a time written "18 h 11". These helpers add
that on top of Django's localization (``date_format``, ``number_format``) for the active language.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language

NBSP = (
    "\N{NO-BREAK SPACE}"  # before ":" and "%" and inside « », as the Office québécois de la langue française sets them
)
NNBSP = "\N{NARROW NO-BREAK SPACE}"  # thousands in French ("12 500"), before ";", "!" and "?"


def french() -> bool:
    return (get_language() or "").startswith("fr")


def long_date(value: datetime.date | None) -> str:
    """ "1 October 2025"; in French "1er octobre 2025" (the first of the month is written "1er")."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = date_format(value, "j F Y")
    if french() and value.day == 1:
        text = "1er" + text[1:]
    return text


def long_datetime(value: datetime.datetime | None) -> str:
    """ "1 December 2026 18:11"; in French "1er décembre 2026 à 18 h 11"."""
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    if french():
        return f"{long_date(value)} à {value.hour} h {value.minute:02d}"
    return f"{long_date(value)} {date_format(value, 'H:i')}"


def decimal(value, places: int = 2) -> str:
    """A number with at most ``places`` decimals, trailing zeros dropped, in the language's digits: 29.15, 29,15, 5."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal(1).scaleb(-places)).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True)


def with_unit(value, unit: str) -> str:
    """A KPI figure with its unit: "29.15%" in English, "29,15 %" in French; counts, scores and points bare."""
    if value is None:
        return "—"
    text = decimal(value)
    if unit == "percent":
        return f"{text}{NBSP}%" if french() else f"{text}%"
    return text


def signed(value: Decimal | None) -> str:
    """A gap in points with its sign and one decimal: +1.5, −2.0 (a true minus sign), 0.0; 1,5 in French."""
    if value is None:
        return ""
    text = number_format(abs(value), decimal_pos=1, use_l10n=True)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\N{MINUS SIGN}{text}"
    return text
