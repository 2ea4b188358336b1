"""CSV and XLSX formats that check the file before parsing and escape formulas on export."""

from __future__ import annotations

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from .safety import SpreadsheetError, check_size, check_xlsx_archive, decode_csv, escape_cell, sniff_delimiter


def _check_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    if len(dataset) > settings.SPREADSHEET_MAX_ROWS:
        raise SpreadsheetError(
            _("This file has %(count)s rows; at most %(limit)s can be imported at once. Split it.")
            % {"count": len(dataset), "limit": settings.SPREADSHEET_MAX_ROWS}
        )
    return dataset


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
        in_stream = in_stream.lstrip("\ufeff")
        try:
            dataset = tablib.import_set(in_stream, format="csv", delimiter=sniff_delimiter(in_stream))
        except Exception as error:
            raise SpreadsheetError(
                _("This CSV file could not be read: check that it is a comma-separated table with a header row.")
            ) from error
        return _check_rows(dataset)

    def export_data(self, dataset, **kwargs):
        return super().export_data(_escape_dataset(dataset), **kwargs)


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        check_size(len(in_stream))
        check_xlsx_archive(in_stream)
        try:
            dataset = super().create_dataset(in_stream)
        except Exception as error:
            raise SpreadsheetError(
                _("This Excel file could not be read. Save it again from Excel as .xlsx, or choose CSV.")
            ) from error
        return _check_rows(dataset)

    def export_data(self, dataset, **kwargs):
        return super().export_data(_escape_dataset(dataset), **kwargs)


FORMATS = {"csv": SafeCSV, "xlsx": SafeXLSX}
