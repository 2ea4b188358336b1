"""Numbers as people type them, in English and French."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


def parse_decimal(value) -> Decimal | None:
    """A number from a cell: 12.5, 12,5 (French), 1 234,5, 45% — or a clear error."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value)).rstrip("%")
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
            raise ValueError(
                _("“%(value)s” is ambiguous: write 1234 or 1.234 (no thousands separator).") % {"value": value}
            )
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            _("“%(value)s” is not a number. Write digits only, for example 42 or 12.5.") % {"value": value}
        ) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    return number
