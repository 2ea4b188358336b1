"""The history pages as they were before issue 17: every record read and paired in Python. Kept only to
hold the SQL version to the same entries (tests/actionplans/test_history_sql.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

from actionplans.models import KPI, ActionPlan, Commitment, Initiative, KPIValue
from actionplans.published import suppressible
from core import typography
from core.html import format_html
from core.text import marked, shown_in

# Fields that say nothing to a reader (technical, or the untranslated copy of a translated field).
PAGE_SIZE = 25  # changes per page of a history (?page=2 for the older ones)

HIDDEN = {
    "id",
    "version",
    "updated_at",
    "title",
    "description",
    "statement",
    "name",
    "note",
    "data_source",
    "lead",
    "supporting_units",
    "key_leads",
    "commitment",
    "plan",
    "kpi",
    "strategy",
    "sector",
}


@dataclass
class Change:
    label: str
    old: str
    new: str
    language: str = ""  # the language of a column of one language ("title_fr"): the values are marked with it


@dataclass
class Entry:
    when: object
    who: object
    action: str
    kind: str
    item: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _tr(record, name: str, limit: int | None = None):
    """A translated field of a historical record in the reader's language (else the other one), marked
    with its ``lang`` when it is not the reader's (safe HTML)."""
    return marked(shown_in(record, name).cut(limit))


def _language(name: str) -> str:
    """ "en" or "fr" for one language's column of a translated field ("title_fr"), else ""."""
    head, _sep, code = name.rpartition("_")
    return code if head and code in ("en", "fr") else ""


def _label(record, name: str) -> str:
    """A field's name for a reader: "description (French)" rather than "description [fr]"."""
    label = str(record.instance_type._meta.get_field(name).verbose_name)
    for code, language in (("en", _("English")), ("fr", _("French"))):
        label = label.replace(f" [{code}]", f" ({language})")
    return label


def _display(record, name: str) -> str:
    value = getattr(record, name)
    model_field = record.instance_type._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, Decimal | float):
        return typography.decimal(value)
    if isinstance(value, datetime.date):
        return typography.numeric_date(value)
    return str(value)


def _entries(records, kind: str, describe) -> list[Entry]:
    """Pair each record with the one before it for the same object and list what changed."""
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN:
                    continue
                old, new = _display(before, change.field), _display(record, change.field)
                if old != new:
                    changes.append(Change(_label(record, change.field), old, new, _language(change.field)))
            if not changes:
                previous[record.id] = record
                continue  # nothing a reader would see (a version bump, a timestamp)
        entries.append(
            Entry(
                record.history_date,
                record.history_user,
                record.history_type,
                kind,
                describe(record),
                changes,
                record.history_change_reason or "",
            )
        )
        previous[record.id] = record
    return entries


def item_history(obj) -> list[Entry]:
    """The history of one initiative, KPI or commitment, newest first."""
    records = list(obj.history.select_related("history_user"))
    kind = str(obj._meta.verbose_name)
    name = {"Initiative": "title", "KPI": "name", "Commitment": "statement"}[type(obj).__name__]
    entries = _entries(records, kind, lambda r: _tr(r, name, 120))
    return sorted(entries, key=lambda e: e.when, reverse=True)


def kpi_values_history(kpi: KPI, *, published: bool = False) -> list[Entry]:
    """Changes to a KPI's values; for readers outside the sector (``published``), none of a count KPI
    broken down by group, whose past values the small-count rule may hide (its table shows what may be seen)."""
    if published and suppressible(kpi):
        return []
    records = list(KPIValue.history.filter(kpi_id=kpi.pk).select_related("history_user", "period", "equity_group"))
    entries = _entries(records, str(KPIValue._meta.verbose_name), _value_label)
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _value_label(record) -> str:
    group = f" – {record.equity_group}" if record.equity_group_id else ""
    period = record.period.label if record.period_id else ""
    return f"{period}{group}{typography.separator(':')}{typography.decimal(record.value)}"


def page(entries: list[Entry], number) -> Page:
    """One page of a history, newest first; a page number out of range gives the nearest page."""
    return Paginator(entries, PAGE_SIZE).get_page(number)


def plan_history(plan: ActionPlan, *, published: bool = False) -> list[Entry]:
    """Every change in a plan (its commitments, initiatives, KPIs and values), newest first.

    ``published``: for readers outside the sector, without the values of count KPIs broken down by group.
    """
    commitments = list(Commitment.history.filter(plan_id=plan.pk).select_related("history_user"))
    commitment_ids = {r.id for r in commitments}
    initiatives = list(Initiative.history.filter(commitment_id__in=commitment_ids).select_related("history_user"))
    kpis = list(KPI.history.filter(commitment_id__in=commitment_ids).select_related("history_user"))
    values = KPIValue.history.filter(kpi_id__in={r.id for r in kpis})
    if published:
        values = values.exclude(kpi_id__in=KPI.objects.filter(unit=KPI.Unit.COUNT, is_disaggregated=True).values("pk"))
    values = list(values.select_related("history_user", "period", "equity_group"))
    plans = list(ActionPlan.history.filter(id=plan.pk).select_related("history_user"))
    entries = (
        _entries(plans, str(ActionPlan._meta.verbose_name), lambda r: plan.sector.code)
        + _entries(
            commitments,
            str(Commitment._meta.verbose_name),
            lambda r: format_html("{}) {}", r.number, _tr(r, "statement", 80)),
        )
        + _entries(initiatives, str(Initiative._meta.verbose_name), lambda r: _tr(r, "title"))
        + _entries(kpis, str(KPI._meta.verbose_name), lambda r: _tr(r, "name"))
        + _entries(values, str(KPIValue._meta.verbose_name), _value_label)
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)
