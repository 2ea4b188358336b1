"""The Government of Canada's fiscal calendar: quarters, their dates, and how people write them."""

from __future__ import annotations

import datetime
import functools
import re

from django.utils.translation import get_language

# Government of Canada fiscal quarters: the fiscal year starts on 1 April.
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}


@functools.lru_cache(maxsize=512)
def fiscal_quarter_dates(fiscal_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of quarter ``quarter`` of the fiscal year that starts in April ``fiscal_year``."""
    first_month, last_month = QUARTER_MONTHS[quarter]
    year = fiscal_year + 1 if quarter == 4 else fiscal_year
    start = datetime.date(year, first_month, 1)
    next_month = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, next_month - datetime.timedelta(days=1)


def fiscal_label(fiscal_year: int, quarter: int, language: str | None = None) -> str:
    """The quarter as people write it in the language (the active one unless given).

    English "2025-26 Q3"; French "T3 2025-2026" (trimestre, then the fiscal year in full). Every
    page, PDF, export and e-mail prints a period through this; URLs use the language-neutral slug.
    """
    return _fiscal_label(fiscal_year, quarter, "fr" if (language or get_language() or "").startswith("fr") else "en")


@functools.lru_cache(maxsize=1024)
def _fiscal_label(fiscal_year: int, quarter: int, language: str) -> str:
    if language == "fr":
        return f"T{quarter}\N{NO-BREAK SPACE}{fiscal_year}-{fiscal_year + 1}"
    return f"{fiscal_year}-{(fiscal_year + 1) % 100:02d} Q{quarter}"


def fiscal_slug(fiscal_year: int, quarter: int) -> str:
    return fiscal_label(fiscal_year, quarter, "en").replace(" ", "-").lower()


FRENCH_LABEL = re.compile(r"^t([1-4])[\s\u00a0\u202f_-]*(\d{4})\s*[-–]\s*(\d{2}|\d{4})$")


_FISCAL_YEAR = re.compile(r"(\d{4})\s*[-/–]\s*(\d{2}|\d{4})(?!\d)")


_QUARTER = re.compile(r"(?:^|[^a-z])[qt]\s*([1-4])(?!\d)")


def period_key(value) -> str:
    """The slug a typed period label names: "2025-26 Q3", "2025-26_q3", "T3 2025-2026" → "2025-26-q3"."""
    text = str(value or "").strip().lower()
    year, quarter = _FISCAL_YEAR.search(text), _QUARTER.search(text)
    if year and quarter:
        start, end = int(year.group(1)), int(year.group(2))
        if end % 100 == (start + 1) % 100:
            return fiscal_slug(start, int(quarter.group(1)))
    return re.sub(r"[\s_\u00a0\u202f]+", "-", text)
