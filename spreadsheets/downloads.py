"""A table as a CSV or Excel download, with the house rules: formula escaping, a BOM for Excel."""

from __future__ import annotations

import tablib
from django.http import HttpResponse

from .formats import SafeCSV, SafeXLSX

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOAD_FORMATS = {"csv": (SafeCSV, "text/csv; charset=utf-8"), "xlsx": (SafeXLSX, XLSX_TYPE)}


def table_download(*, headers: list[str], rows: list[list], title: str, fmt: str, filename: str) -> HttpResponse:
    """``fmt`` is a key of DOWNLOAD_FORMATS (views answer 404 for anything else before they get here)."""
    file_format, content_type = DOWNLOAD_FORMATS[fmt]
    data = file_format().export_data(tablib.Dataset(*rows, headers=headers, title=title))
    if isinstance(data, str):
        data = "\ufeff" + data  # Excel opens a UTF-8 CSV with accents correctly only with a BOM
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
