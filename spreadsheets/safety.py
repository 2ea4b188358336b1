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
from openpyxl.utils import get_column_letter

from core import typography


class SpreadsheetError(Exception):
    """A file that cannot be imported at all; the message is shown to the user as is."""


#: A CSV line longer than this is no table a person saved: a row of this project's widest import,
#: every cell at its longest, is a few tens of thousands of characters.
CSV_MAX_LINE_CHARS = 1_000_000
#: Excel's last column, XFD.
EXCEL_MAX_COLUMNS = 16_384

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
    try:
        texts = shared_string_count(archive, stop_after=settings.SPREADSHEET_MAX_SHARED_STRINGS)
    except Exception as error:  # a broken part, or content types that are no XML: no workbook
        raise SpreadsheetError(
            _("This is not a valid Excel (.xlsx) file. Save it again from Excel as .xlsx, or choose CSV.")
        ) from error
    if texts > settings.SPREADSHEET_MAX_SHARED_STRINGS:
        raise SpreadsheetError(
            _(
                "This Excel file holds more than %(limit)s different texts, far more than a sheet to import "
                "needs. It was refused for safety; copy the cells you need into a new workbook and save that."
            )
            % {"limit": typography.number(settings.SPREADSHEET_MAX_SHARED_STRINGS)}
        )


#: The start of a shared string (``<si>``, or ``<x:si>`` with a namespace prefix) in an .xlsx part.
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?si[\s/>]")
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any match of _SHARED_STRING


def shared_string_count(archive: zipfile.ZipFile, *, stop_after: int) -> int:
    """How many shared strings the workbook holds, counted in the part openpyxl would read, unparsed.

    openpyxl reads the whole shared-strings table into memory before the first row (about
    170 bytes a string, and slowly): a 220 KB file with five million two-letter strings took
    850 MB and three minutes. The part is found as openpyxl finds it (the content types);
    counting stops once past ``stop_after``.
    """
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.xml.constants import ARC_CONTENT_TYPES, SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    part = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES))).find(SHARED_STRINGS)
    if part is None or part.PartName[1:] not in archive.namelist():
        return 0
    count = 0
    with archive.open(part.PartName[1:]) as source:
        carry = b""
        while chunk := source.read(_CHUNK):
            buffer = carry + chunk
            end = len(buffer) - _OVERLAP
            count += sum(1 for match in _SHARED_STRING.finditer(buffer) if match.start() < end)
            carry = buffer[max(end, 0) :]
            if count > stop_after:
                return count
        count += len(_SHARED_STRING.findall(carry))
    return count


def check_columns(width: int) -> None:
    """The header row (cut after its last named column) must name something, and not too much."""
    if not width:
        raise SpreadsheetError(_("The first row must hold the column names. It is empty."))
    limit = settings.SPREADSHEET_MAX_COLUMNS
    if width <= limit:
        return
    numbers = {"count": typography.number(width), "limit": typography.number(limit)}
    if width > EXCEL_MAX_COLUMNS:  # past Excel's last column (a CSV, or a forged .xlsx): no letter to give
        raise SpreadsheetError(
            _(
                "The first row has %(count)s columns; at most %(limit)s can be imported. Delete the columns "
                "after the last one you need, then upload the file again."
            )
            % numbers
        )
    raise SpreadsheetError(
        _(
            "The first row has %(count)s columns (up to column %(letter)s); at most %(limit)s can be "
            "imported. Delete the columns after the last one you need, then upload the file again."
        )
        % {**numbers, "letter": get_column_letter(width)}
    )


def too_many_rows() -> SpreadsheetError:
    limit = typography.number(settings.SPREADSHEET_MAX_ROWS)
    return SpreadsheetError(
        _(
            "This file has more than %(limit)s rows; at most %(limit)s can be imported at once. "
            "Split it into smaller files and import them one after the other."
        )
        % {"limit": limit}
    )


def csv_line_too_long(number: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Line %(line)s of this CSV file is longer than %(limit)s characters, far more than a row of a "
            "spreadsheet holds. Save the sheet again from Excel as “CSV UTF-8” and upload that file."
        )
        % {"line": number, "limit": typography.number(CSV_MAX_LINE_CHARS)}
    )


def csv_row_too_wide(number: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Row %(row)s has more cells than the first row has column names. If a cell holds a comma (or a "
            "semicolon), put that cell in quotes, or save the sheet again from Excel as “CSV UTF-8”."
        )
        % {"row": number}
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
