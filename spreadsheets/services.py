"""Importing a spreadsheet outside the admin (command line, tests, benchmarks) with the same rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from import_export.results import Result, RowResult

from .formats import FORMATS
from .resources import row_errors
from .safety import SpreadsheetError


@dataclass
class ImportOutcome:
    result: Result | None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def totals(self) -> dict[str, int]:
        if self.result is None:
            return {}
        return {
            "new": self.result.totals[RowResult.IMPORT_TYPE_NEW],
            "update": self.result.totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": self.result.totals[RowResult.IMPORT_TYPE_SKIP],
        }


def spreadsheet_import(
    *, resource_class, data: bytes, file_format: str, user=None, dry_run: bool = False
) -> ImportOutcome:
    """Import a CSV or XLSX file through a resource: every row or none."""
    try:
        dataset = FORMATS[file_format]().create_dataset(data)
    except SpreadsheetError as error:
        return ImportOutcome(None, [str(error)])
    result = resource_class().import_data(dataset, dry_run=dry_run, user=user)
    return ImportOutcome(result, row_errors(result))
