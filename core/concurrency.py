"""Edits that cross: the version check, the conflict it raises and the panel that shows both versions.

An editable row carries ``version``; a form carries the version the person started from. A save whose
version is not the stored one writes nothing and raises ``EditConflict``; the page then shows what
this person typed beside what is saved now (``includes/conflict.html``), and saving again keeps theirs.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone saved the item after this person opened it; nothing was written."""

    def __init__(self, current):
        super().__init__(_("Someone else changed this item after you opened it."))
        self.current = current


def conflict_context(form, current, rows: list[dict]) -> dict:
    """What ``includes/conflict.html`` shows: the differing fields, and who saved last, when.

    The form now carries the saved version, so saving again means "keep my version".
    """
    last = current.history.select_related("history_user").first()
    form.data = form.data.copy()
    form.data["version"] = current.version
    return {**conflict_panel(rows, last), "version": current.version}


def conflict_panel(rows: list[dict], last) -> dict:
    return {
        "rows": rows,
        "by": last.history_user if last else None,
        "when": last.history_date if last else None,
    }
