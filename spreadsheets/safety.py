"""Guards that run before a spreadsheet is parsed, and formula escaping for exports.

A file that fails a guard is refused whole with a message in the user's words; nothing is
read into the database.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class SpreadsheetError(Exception):
    """A file that cannot be imported at all; the message is shown to the user as is."""


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def escape_cell(value):
    """Prefix a quote to text a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def unescape_cell(value):
    """Undo ``escape_cell`` so that an exported file imports back unchanged."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def check_size(size: int) -> None:
    limit = settings.SPREADSHEET_MAX_UPLOAD_BYTES
    if size > limit:
        raise SpreadsheetError(
            _("This file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def check_xlsx_archive(data: bytes) -> None:
    """Refuse an .xlsx whose archive is broken or would expand to something absurd (zip bomb).

    The sizes checked are the ones the archive declares; Python's zipfile never inflates a
    member past its declared size, so a lying archive cannot get past this either.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise SpreadsheetError(
            _("This is not a valid Excel (.xlsx) file. Save it again from Excel as .xlsx, or choose CSV.")
        ) from error
    members = archive.infolist()
    if len(members) > settings.SPREADSHEET_MAX_ZIP_MEMBERS:
        raise SpreadsheetError(
            _(
                "This Excel file contains %(count)s internal parts, far more than a spreadsheet has. "
                "It was refused for safety; export the sheet again from Excel."
            )
            % {"count": len(members)}
        )
    expanded = sum(member.file_size for member in members)
    if expanded > settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _(
                "This Excel file would expand to %(size)s when opened, more than the %(limit)s allowed. "
                "It was refused for safety; remove unused sheets or split it."
            )
            % {"size": filesizeformat(expanded), "limit": filesizeformat(settings.SPREADSHEET_MAX_UNCOMPRESSED_BYTES)}
        )
    if "[Content_Types].xml" not in archive.namelist():
        raise SpreadsheetError(
            _("This is not a valid Excel (.xlsx) file. Save it again from Excel as .xlsx, or choose CSV.")
        )


def decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            _(
                "This CSV file is not in UTF-8, so accented letters would be lost. In Excel, use "
                "“Save As” and choose “CSV UTF-8 (comma delimited)”, then upload it again."
            )
        ) from error


def sniff_delimiter(text: str) -> str:
    """Excel in French saves CSV with semicolons; take whichever the header line uses."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","
