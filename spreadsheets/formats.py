"""CSV and XLSX formats that check the file before parsing, read it within bounds, and escape formulas on export.

A file says how big it is, and may lie: a 55 KB .xlsx that declares the range A1:XFD10001 used to
be padded out to 164 million cells (2.6 GB) before any check could look at it. So a sheet is read
as a stream, row by row: the header row decides how many columns there are (at most
SPREADSHEET_MAX_COLUMNS), every row is cut at the header's last column, and reading stops at the
first row past SPREADSHEET_MAX_ROWS. The dataset handed to the import never holds more than that,
whatever the file declares; a file over a limit is refused whole, with the reason in words.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from .safety import (
    CSV_MAX_LINE_CHARS,
    SpreadsheetError,
    check_columns,
    check_size,
    check_xlsx_archive,
    csv_line_too_long,
    csv_row_too_wide,
    decode_csv,
    escape_cell,
    sniff_delimiter,
    too_many_rows,
)

BLANK = (None, "")


def _header(cells: Iterable) -> list:
    """The first row up to its last named column; refused when it names nothing or too many columns."""
    header = list(cells)
    while header and header[-1] in BLANK:
        header.pop()
    check_columns(len(header))
    return header


def _bounded_dataset(header: list, rows: Iterable[Sequence]) -> tablib.Dataset:
    """The rows under the header, each exactly as wide as the header, refused past the row limit.

    Blank rows are kept between rows of data (row numbers in messages stay the spreadsheet's own)
    but never after the last one, so a sheet of empty rows costs nothing to hold.
    """
    limit = settings.SPREADSHEET_MAX_ROWS
    dataset = tablib.Dataset(headers=header)
    blank = [None] * len(header)
    pending = 0
    for count, row in enumerate(rows, start=1):
        if all(cell in BLANK for cell in row):
            pending += 1
            continue
        if count > limit:
            raise too_many_rows()
        for _blank in range(pending):
            dataset.append(blank)
        pending = 0
        dataset.append(row)
    return dataset


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The active sheet, streamed: never the padded grid of the size the sheet declares."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.active
        sheet.reset_dimensions()  # the declared size is the file's word, not ours to trust
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        header = _header(first)
        return _bounded_dataset(header, sheet.iter_rows(min_row=2, max_col=len(header), values_only=True))
    finally:
        book.close()


_LINE_END = re.compile(r"\r\n|\r|\n")


def _csv_lines(text: str) -> Iterator[str]:
    """The file's lines, ends kept (as the csv module wants them), one at a time: no copy of the file."""
    start = 0
    ends = itertools.chain((match.end() for match in _LINE_END.finditer(text)), [len(text)])
    for number, end in enumerate(ends, start=1):
        if end == start:
            break  # the file ended with a line end
        if end - start > CSV_MAX_LINE_CHARS:
            raise csv_line_too_long(number)
        yield text[start:end]
        start = end


def read_csv(text: str) -> tablib.Dataset:
    """A CSV table, row by row, each row as wide as the header (a wider row is refused: a stray comma)."""
    reader = csv.reader(_csv_lines(text), delimiter=sniff_delimiter(text))
    header = _header(next(reader, []))
    width = len(header)

    def rows():
        for number, row in enumerate(reader, start=2):
            if len(row) > width:
                if any(cell not in BLANK for cell in row[width:]):
                    raise csv_row_too_wide(number)
                row = row[:width]
            elif len(row) < width:
                row += [""] * (width - len(row))
            yield row

    return _bounded_dataset(header, rows())


def _escape_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    escaped = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        escaped.append([escape_cell(cell) for cell in row])
    return escaped


class SafeCSV(base_formats.CSV):
    """Read as bytes, so that we, not the admin, decide what a wrong encoding means to the user."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            check_size(len(in_stream))
            in_stream = decode_csv(in_stream)
        else:
            check_size(len(in_stream.encode("utf-8")))
        try:
            return read_csv(in_stream.lstrip("\ufeff"))
        except SpreadsheetError:
            raise
        except Exception as error:
            raise SpreadsheetError(
                _("This CSV file could not be read: check that it is a comma-separated table with a header row.")
            ) from error

    def export_data(self, dataset, **kwargs):
        return super().export_data(_escape_dataset(dataset), **kwargs)


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        check_size(len(in_stream))
        check_xlsx_archive(in_stream)
        try:
            return read_xlsx(in_stream)
        except SpreadsheetError:
            raise
        except Exception as error:
            raise SpreadsheetError(
                _("This Excel file could not be read. Save it again from Excel as .xlsx, or choose CSV.")
            ) from error

    def export_data(self, dataset, **kwargs):
        return super().export_data(_escape_dataset(dataset), **kwargs)


FORMATS: dict[str, type[base_formats.TablibFormat]] = {"csv": SafeCSV, "xlsx": SafeXLSX}
