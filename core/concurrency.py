"""Edits that cross: the version check, the conflict it raises and the panel that shows both versions.

An editable row carries ``version``; a form carries the version the person started from
(``core.forms.VersionField``). A save whose version is not the stored one writes nothing and raises
``EditConflict`` (``check_version``); a save that writes moves the version on (``bump_version``).
The page then answers 409 and shows what this person typed beside what is saved now
(``includes/conflict.html``, its rows from ``conflict_rows``), and saving again keeps theirs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

CONFLICT = 409  # a page that answers an edit conflict (htmx swaps it in: see base.html's htmx-config)


class EditConflict(Exception):
    """Someone saved the item after this person opened it; nothing was written."""

    def __init__(self, current):
        super().__init__(_("Someone else changed this item after you opened it."))
        self.current = current


def check_version(current, version: int | None, *, required: bool = False) -> None:
    """Raise ``EditConflict`` when ``current`` (the stored row, locked) is not at ``version``.

    ``version`` None means the caller does not check (a change the system makes, not a form),
    unless ``required``: then a form that started from no version conflicts with any stored one.
    """
    if version is None and not required:
        return
    if version is None or current.version != int(version):
        raise EditConflict(current)


def bump_version(obj) -> str:
    """Move an edited row's version on (the row is locked: no one else is counting); the field's name."""
    obj.version += 1
    return "version"


def same(mine, theirs) -> bool:
    """Equal for a reader: texts compare without surrounding spaces, and empty is empty (NULL or '')."""
    if isinstance(mine, str) or isinstance(theirs, str):
        return (mine or "").strip() == (theirs or "").strip()
    return mine == theirs


def _shown(value):
    """A many-to-many value as the panel lists it: its items' names, joined."""
    if hasattr(value, "all"):
        value = list(value.all())
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def conflict_rows(rows: Iterable[tuple], *, every: bool = False) -> list[dict]:
    """The rows of ``includes/conflict.html`` from (label, mine, theirs): those that differ, or ``every`` one."""
    shown = ((label, _shown(mine), _shown(theirs)) for label, mine, theirs in rows)
    return [
        {"label": label, "mine": mine, "theirs": theirs}
        for label, mine, theirs in shown
        if every or not same(mine, theirs)
    ]


def form_differences(form, current, names: Iterable[str]) -> list[dict]:
    """The fields ``names`` of a valid form where what this person typed differs from ``current``."""
    return conflict_rows(
        (form.fields[name].label, form.cleaned_data.get(name), getattr(current, name)) for name in names
    )


def rebase_version(form, current) -> None:
    """The form now carries the saved version, so saving again means "keep my version"."""
    form.data = form.data.copy()
    form.data["version"] = current.version


def conflict_context(form, current, rows: list[dict]) -> dict:
    """What ``includes/conflict.html`` shows: the differing fields, and who saved last, when.

    The form now carries the saved version, so saving again means "keep my version".
    """
    last = current.history.select_related("history_user").first()
    rebase_version(form, current)
    return {**conflict_panel(rows, last), "version": current.version}


def conflict_panel(rows: list[dict], last) -> dict:
    return {
        "rows": rows,
        "by": last.history_user if last else None,
        "when": last.history_date if last else None,
    }
