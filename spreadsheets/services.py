"""Importing a spreadsheet outside the admin (command line, tests, benchmarks) with the same rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
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
    *,
    resource_class,
    data: bytes,
    file_format: str,
    user=None,
    dry_run: bool = False,
    then: Callable[[Any, Result], None] | None = None,
) -> ImportOutcome:
    """Import a CSV or XLSX file through a resource: every row or none.

    ``then(resource, result)`` is what the calling service checks or works out over the rows
    together: it runs in the import's transaction once the rows that could be read are written
    (not when a row or the file could not be read at all). What it raises is one more problem of
    the file, listed first; any problem rolls the whole file back. Not on a dry run, which rolls
    back before it could see the rows.
    """
    if dry_run and then is not None:
        raise ValueError("then runs on a real import only")
    try:
        dataset = FORMATS[file_format]().create_dataset(data)
    except SpreadsheetError as error:
        return ImportOutcome(None, [str(error)])
    resource = resource_class()
    if then is None:
        result = resource.import_data(dataset, dry_run=dry_run, user=user)
        return ImportOutcome(result, row_errors(result))
    with transaction.atomic():
        result = resource.import_data(dataset, user=user, caller_rolls_back=True)
        if not result.has_errors():
            try:
                with transaction.atomic():
                    then(resource, result)
            except Exception as error:  # as import-export treats an error of a resource's after_import
                resource.handle_import_error(result, error)
        if result.has_errors() or result.has_validation_errors():
            transaction.set_rollback(True)
    return ImportOutcome(result, row_errors(result))
