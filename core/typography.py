"""Dates, numbers and punctuation as each official language writes them: the one formatting helper
of the pages, the charts, the tracker PDF and the e-mails (templates reach it through
``{% load typography %}``).

Django's French formats give "1 octobre 2025" and "24,5"; French usage also wants "1er octobre",
a no-break space before "%" and ":" and inside « », a narrow one before ";", "!" and "?", and a time
written "18 h 11". These helpers add that on top of Django's localization for the active language.
A date in a sentence is written out ("1er octobre 2025", "1 October 2025"); a date in a table, an
identifier or a file is numeric and ISO ("2025-10-01"), the same in both languages.

Machine formats stay machine formats: spreadsheet and CSV cells that other programs read keep ISO
dates and dot decimals (``spreadsheets``); only what a person reads goes through here.
"""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

NBSP = (
    "\N{NO-BREAK SPACE}"  # before ":" and "%" and inside « », as the Office québécois de la langue française sets them
)
NNBSP = "\N{NARROW NO-BREAK SPACE}"  # thousands in French ("12 500"), before ";", "!" and "?"
MINUS = "\N{MINUS SIGN}"

# The abbreviations of the months the Office québécois de la langue française gives (Django's "M"
# and "N" disagree with it: "jui" for both juin and juillet, "fév."); English as the Canadian Press writes them.
FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juill.", "août", "sept.", "oct.", "nov.", "déc.")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def french(language: str | None = None) -> bool:
    return (language or get_language() or "").startswith("fr")


def _day(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def _first(text: str, day: int) -> str:
    """In French the first of the month is written "1er"."""
    return "1er" + text[1:] if day == 1 and french() else text


# -- dates -------------------------------------------------------------------------------------
def long_date(value: datetime.date | None) -> str:
    """ "1 October 2025"; in French "1er octobre 2025" (the first of the month is written "1er")."""
    if not value:
        return ""
    value = _day(value)
    return _first(date_format(value, "j F Y"), value.day)


def short_date(value: datetime.date | None) -> str:
    """ "1 Oct 2025"; in French "1er oct. 2025": a date in a sentence where room is short."""
    if not value:
        return ""
    value = _day(value)
    month = (FRENCH_MONTHS if french() else ENGLISH_MONTHS)[value.month - 1]
    return _first(f"{value.day} {month} {value.year}", value.day)


def long_datetime(value: datetime.datetime | None) -> str:
    """ "1 December 2026 18:11"; in French "1er décembre 2026 à 18 h 11"."""
    if not value:
        return ""
    value = _day(value)
    if french():
        return f"{long_date(value)} à {value.hour} h {value.minute:02d}"
    return f"{long_date(value)} {value:%H:%M}"


def month_year(value: datetime.date | None) -> str:
    """ "February 2022"; in French "février 2022"."""
    return _month_year(value.year, value.month, "fr" if french() else "en") if value else ""


@functools.lru_cache(maxsize=512)
def _month_year(year: int, month: int, language: str) -> str:
    return date_format(datetime.date(year, month, 1), "F Y")


def short_month_year(value: datetime.date | None) -> str:
    """ "Feb 2022"; in French "févr. 2022"."""
    if not value:
        return ""
    return f"{(FRENCH_MONTHS if french() else ENGLISH_MONTHS)[value.month - 1]} {value.year}"


def numeric_date(value: datetime.date | None) -> str:
    """ "2025-10-01" in both languages (ISO 8601, which the Government of Canada uses for numeric dates)."""
    if not value:
        return ""
    return _day(value).strftime("%Y-%m-%d")


def numeric_datetime(value: datetime.datetime | None) -> str:
    """ "2025-10-01 18:11" in both languages, in local time: a moment in a table."""
    if not value:
        return ""
    return _day(value).strftime("%Y-%m-%d %H:%M")


# -- numbers -----------------------------------------------------------------------------------
def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _digits(text: str, grouped: bool, language: str | None = None) -> str:
    """A number written with "." and no grouping, in the language (the active one unless given): "1,234.5" / "1 234,5"."""
    in_french = french(language)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _dot, fraction = text.partition(".")
    if grouped and len(whole) > 4:  # four digits stay together ("2140"), as both languages allow
        groups = []
        while len(whole) > 3:
            whole, groups = whole[:-3], [whole[-3:], *groups]
        whole = (NNBSP if in_french else ",").join([whole, *groups])
    if fraction:
        return f"{sign}{whole}{',' if in_french else '.'}{fraction}"
    return f"{sign}{whole}"


def decimal(value, places: int = 2, language: str | None = None) -> str:
    """A number with at most ``places`` decimals, trailing zeros dropped, in the language's digits: 29.15, 29,15, 5.

    ``language``: the page's, when a caller formats many figures (the active one otherwise)."""
    if value is None or value == "":
        return ""
    try:
        text = f"{_decimal(value):.{places}f}"
    except (InvalidOperation, ValueError):
        return str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return _digits(text, grouped=False, language=language)


def fixed(value, places: int = 1) -> str:
    """A number with exactly ``places`` decimals: "4.0", in French "4,0" (a column of shares)."""
    if value is None or value == "":
        return ""
    return _digits(f"{_decimal(value):.{places}f}", grouped=False)


def number(value) -> str:
    """A count: "12,500", in French "12 500" (a narrow no-break space); four digits stay together ("2140")."""
    if value is None or value == "":
        return ""
    return _digits(str(int(value)), grouped=True)


def percent(value, places: int = 2, language: str | None = None) -> str:
    """A share in percent: "29.15%", in French "29,15 %" (a no-break space before the sign)."""
    if value is None or value == "":
        return ""
    return f"{decimal(value, places, language)}{NBSP if french(language) else ''}%"


def fixed_percent(value, places: int = 1) -> str:
    """A share with exactly ``places`` decimals: "4.0%", "4,0 %"."""
    if value is None or value == "":
        return ""
    return f"{fixed(value, places)}{NBSP if french() else ''}%"


def with_unit(value, unit: str, language: str | None = None) -> str:
    """A KPI figure with its unit: "29.15%" in English, "29,15 %" in French; counts, scores and points bare."""
    if value is None:
        return "—"
    return percent(value, language=language) if unit == "percent" else decimal(value, language=language)


def signed(value: Decimal | None) -> str:
    """A gap in points with its sign and one decimal: +1.5, −2.0 (a true minus sign), 0.0; 1,5 in French."""
    if value is None:
        return ""
    text = fixed(abs(value), 1)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


# -- punctuation -------------------------------------------------------------------------------
_URL = re.compile(r"https?://\S+")
_BEFORE_COLON = re.compile(r"(?<=[\w)»”’\]%])[ \u00a0\u202f]?:(?=\s|$)")
_BEFORE_SIGN = re.compile(r"(?<=[\w)»”’\]%])[ \u00a0\u202f]?([;!?])(?=\s|$|[»)])")
_OPEN = re.compile(r"«[ \u00a0\u202f]?")
_CLOSE = re.compile(r"[ \u00a0\u202f]?»")
_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]?%")


def text(value: str, language: str | None = None) -> str:
    """A sentence of ours, composed in Python, with French spacing when it is French: a no-break space
    before ":" and "%" and inside « », a narrow one before ";", "!" and "?". English is left as it is,
    and so are addresses and times ("18:11"). Not for what people typed: their text is theirs."""
    if not value or not french(language):
        return value
    parts = _URL.split(str(value))
    urls = _URL.findall(str(value))
    out = []
    for index, part in enumerate(parts):
        part = _BEFORE_COLON.sub(NBSP + ":", part)
        part = _BEFORE_SIGN.sub(lambda m: NNBSP + m.group(1), part)
        part = _OPEN.sub("«" + NBSP, part)
        part = _CLOSE.sub(NBSP + "»", part)
        part = _PERCENT.sub(NBSP + "%", part)
        out.append(part)
        if index < len(urls):
            out.append(urls[index])
    return "".join(out)


def quoted(value) -> str:
    """Someone's words in the page's quotation marks: “…” in English, « … » in French (no-break
    spaces inside). The words themselves are left as they were typed."""
    if value is None or value == "":
        return ""
    return (
        f"«{NBSP}{value}{NBSP}»"
        if french()
        else f"\N{LEFT DOUBLE QUOTATION MARK}{value}\N{RIGHT DOUBLE QUOTATION MARK}"
    )


def separator(sign: str = ";") -> str:
    """A list separator of ours ("; "), with French spacing: "\u202f; "."""
    return f"{NNBSP if french() and sign in ';!?' else NBSP if french() and sign == ':' else ''}{sign} "


def listing(items, sign: str = ";") -> str:
    """Items joined by ``sign`` as the language sets it: "a; b", in French "a ; b"; numbers in the
    language's digits ("71.5; 58", "71,5 ; 58": a comma would be read as a decimal one in French)."""

    def item(value) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return str(value)
        return number(value) if isinstance(value, int) else decimal(value)

    return separator(sign).join(item(value) for value in items)
