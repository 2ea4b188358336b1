"""Cell readers that accept what people type in spreadsheets and refuse the rest in plain words."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _
from import_export import widgets

from core.numbers import parse_decimal

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "fevrier", "févr", "fevr"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août", "aout"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "decembre", "déc"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:er)?[\s-]+([^\W\d_]+)\.?[\s-]+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


class AmbiguousDate(ValueError):
    """A day/month/year date that reads two ways."""


def _date_error(value) -> ValueError:
    return ValueError(
        _("“%(value)s” is not a date we can read. Write it as YYYY-MM-DD, for example 2025-03-31.") % {"value": value}
    )


def parse_date(value) -> datetime.date | None:  # noqa: C901 -- one branch per accepted date form, tried in order
    """A date from a cell: Excel dates, ISO, unambiguous day/month/year, or month names (EN, FR)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    try:
        if match := _ISO.match(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := _NUMERIC.match(text):
            first, second, year = (int(part) for part in match.groups())
            if first <= 12 and second <= 12 and first != second:
                raise AmbiguousDate(
                    _(
                        "“%(value)s” could be read as day/month or month/day. Write it as YYYY-MM-DD, "
                        "for example %(example)s."
                    )
                    % {"value": value, "example": datetime.date(year, second, first).isoformat()}
                )
            day, month = (first, second) if first > 12 else (second, first)
            return datetime.date(year, month, day)
        if match := _DAY_MONTH_YEAR.match(text):
            day, month_name, year = match.groups()
            if month_name in MONTHS:
                return datetime.date(int(year), MONTHS[month_name], int(day))
        if match := _MONTH_DAY_YEAR.match(text):
            month_name, day, year = match.groups()
            if month_name in MONTHS:
                return datetime.date(int(year), MONTHS[month_name], int(day))
    except AmbiguousDate:
        raise
    except ValueError as error:
        raise _date_error(value) from error
    raise _date_error(value)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_decimal(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else format(value.normalize(), "f")


class PositiveIntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        number = parse_decimal(value)
        if number is None:
            return None
        if number != number.to_integral_value() or number < 1:
            raise ValueError(_("“%(value)s” must be a whole number of 1 or more.") % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """Accepts the stored value or its label in English or French, in any case."""

    def __init__(self, choices, default=None, **kwargs):
        self.choices = choices
        self.default = default
        self._table = None
        super().__init__(**kwargs)

    def _lookup(self) -> dict[str, str]:
        """Values and labels in both languages, built once (labels do not change at run time)."""
        if self._table is not None:
            return self._table
        from django.utils import translation

        table = {}
        for value, label in self.choices.choices:
            table[str(value).lower()] = value
            for language in ("en", "fr"):
                with translation.override(language):
                    table[str(label).lower()] = value
        self._table = table
        return table

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            if self.default is not None:
                return self.default
            raise ValueError(_("This cell is required."))
        found = self._lookup().get(str(value).strip().lower())
        if found is None:
            allowed = ", ".join(str(v) for v in self.choices.values)
            raise ValueError(
                _("“%(value)s” is not one of the allowed values: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.Widget):
    """yes or no in English or French; a blank cell on a new row means ``blank``."""

    TRUE = {"yes", "y", "oui", "o", "true", "vrai", "1", "x"}
    FALSE = {"no", "n", "non", "false", "faux", "0"}

    def __init__(self, blank: bool = False, **kwargs):
        self.blank = blank
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.blank
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class TextWidget(widgets.CharWidget):
    """Text, trimmed, never None."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)
