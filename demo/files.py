"""The demo's spreadsheets: written as a person would upload them, imported through the same imports."""

from __future__ import annotations

import csv
import io


def spreadsheet(rows: list[dict]) -> bytes:
    """A CSV file of the rows (the first row's keys are the header), as a person would upload it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def imported(outcome) -> None:
    """Stop on a demo file the importer refuses: the demo's own data is wrong."""
    if not outcome.ok:
        raise RuntimeError("The demo's file was refused: " + " ".join(outcome.errors))
