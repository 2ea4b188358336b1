"""Downloadable import templates: the resource's columns, an example and a sheet of instructions."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .safety import escape_cell


def template_workbook(resource_class) -> bytes:
    resource = resource_class()
    columns = resource.column_names()
    book = Workbook()
    sheet = book.active
    sheet.title = str(getattr(resource_class, "template_title", _("Import")))[:31]
    sheet.append(columns)
    header_fill = PatternFill("solid", fgColor="1D3557")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for example in getattr(resource_class, "template_rows", lambda: [])():
        sheet.append([escape_cell(example.get(column, "")) for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(14, min(60, len(column) + 6))
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(_("How to fill it in"))
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    notes.append([_("Column"), _("What to write")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    help_texts = getattr(resource_class, "column_help", lambda: {})()
    required = set(resource_class.required_columns)
    for column in columns:
        text = str(help_texts.get(column, ""))
        if column in required:
            text = (_("Required.") + " " + text).strip()
        notes.append([column, text])
    notes.append([])
    notes.append(
        [
            _("Rules"),
            _(
                "Only the first sheet is imported. Dates as YYYY-MM-DD. If any row has a problem, nothing is imported and every problem is listed with its row number."
            ),
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
