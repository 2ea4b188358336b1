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
    marker = resource.get_example_column()
    for example in getattr(resource_class, "template_rows", lambda: [])():
        # Example rows say so in their first column and are never imported: the real plan they
        # are drawn from stays as it is, whatever the person adds below them.
        example = {**example, marker: _("EXAMPLE")}
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
    rules = [
        _(
            "Only the first sheet is imported. Dates as YYYY-MM-DD. If any row has a problem, nothing is imported and every problem is listed with its row number."
        ),
        _(
            "Rows whose “%(column)s” cell says EXAMPLE are examples: they are never imported. Replace them with your own rows, or leave them; write the %(column)s on your first row."
        )
        % {"column": marker},
    ]
    if not getattr(resource_class, "replaces_what_it_names", False):
        rules += [
            _(
                "A blank cell leaves what is stored as it is. To empty a stored value, write (clear) in its cell. A column that must always have a value cannot be cleared."
            ),
            _("Before anything is saved, the preview lists, for each row, every value that will change, old and new."),
        ]
    for index, rule in enumerate(rules):
        notes.append([_("Rules") if index == 0 else "", rule])
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
