"""Every change to a plan and its parts: one service per change, checked, recorded, atomic.

Views call these after ``sectors.permissions`` has said yes. Each write names who made it
(``by``) so that the history says who changed what, and edits of an item someone may have
changed meanwhile carry the version the person started from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from reporting.models import ReportingPeriod

from .models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue

# A number no real item uses, to swap two numbers under a unique constraint.
PARKING_NUMBER = 32000


class EditConflict(Exception):
    """Someone saved the item after this person opened it; nothing was written."""

    def __init__(self, current):
        super().__init__(_("Someone else changed this item after you opened it."))
        self.current = current


def _save(obj, *, by, fields: list[str] | None = None) -> None:
    obj._history_user = by
    obj.full_clean(validate_unique=obj.pk is None)
    obj.save(update_fields=fields)


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != int(version):
        raise EditConflict(type(obj).objects.get(pk=obj.pk))


def _apply(obj, changes: dict[str, Any], *, by, version) -> list[str]:
    """Write ``changes`` onto a locked, current copy; return the fields that changed."""
    _check_version(obj, version)
    m2m = {name: changes.pop(name) for name in list(changes) if name in ("phases", "equity_groups")}
    changed = [name for name, value in changes.items() if not _same(getattr(obj, name), value)]
    for name in changed:
        setattr(obj, name, changes[name])
    m2m_changed = [
        name
        for name, values in m2m.items()
        if {v.pk for v in values} != set(getattr(obj, name).values_list("pk", flat=True))
    ]
    if changed or m2m_changed:
        obj.version += 1  # the row is locked (select_for_update): no one else is counting
        _save(obj, by=by, fields=changed + ["version", "updated_at"])
        for name in m2m_changed:
            getattr(obj, name).set(m2m[name])
    return changed + m2m_changed


def _same(old, new) -> bool:
    """Equal for a reader: an empty text is the same whether stored as NULL or as ''."""
    if isinstance(old, str) or isinstance(new, str):
        return (old or "") == (new or "")
    return old == new


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _next_number(queryset) -> int:
    """The number after the highest one among an item's siblings (1 for the first)."""
    return (queryset.aggregate(top=Max("number"))["top"] or 0) + 1


def _archive_or_delete(current, *, by, keep: bool) -> str:
    """Archive an item whose records must survive; delete it otherwise. Both are recorded."""
    if keep:
        current.is_archived = True
        current.version += 1
        _save(current, by=by, fields=["is_archived", "version", "updated_at"])
        return "archived"
    current._history_user = by
    current.delete()
    return "deleted"


# -- commitments --------------------------------------------------------------------------
@transaction.atomic
def commitment_create(*, plan: ActionPlan, by, **data) -> Commitment:
    commitment = Commitment(plan=plan, number=_next_number(plan.commitments.all()), **data)
    _save(commitment, by=by)
    return commitment


@transaction.atomic
def commitment_update(*, commitment: Commitment, by, version: int | None, **changes) -> Commitment:
    current = _locked(Commitment, commitment.pk)
    _apply(current, changes, by=by, version=version)
    return current


@transaction.atomic
def commitment_delete(*, commitment: Commitment, by) -> None:
    """Remove a commitment that holds nothing; one with initiatives or KPIs must be emptied first."""
    current = _locked(Commitment, commitment.pk)
    if current.initiatives.exists() or current.kpis.exists():
        raise ValidationError(
            _(
                "This commitment still has initiatives or KPIs. Remove or move them first; the commitment's history stays."
            )
        )
    current._history_user = by
    current.delete()


@transaction.atomic
def commitment_move(*, commitment: Commitment, by, direction: str) -> Commitment:
    siblings = Commitment.objects.select_for_update(of=("self",)).filter(plan_id=commitment.plan_id)
    return _swap(commitment, siblings, by=by, direction=direction)


# -- initiatives --------------------------------------------------------------------------
@transaction.atomic
def initiative_create(*, commitment: Commitment, by, phases=(), equity_groups=(), **data) -> Initiative:
    initiative = Initiative(commitment=commitment, number=_next_number(commitment.initiatives.all()), **data)
    _save(initiative, by=by)
    initiative.phases.set(phases)
    initiative.equity_groups.set(equity_groups)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, by, version: int | None, **changes) -> Initiative:
    current = _locked(Initiative, initiative.pk)
    _apply(current, changes, by=by, version=version)
    return current


@transaction.atomic
def initiative_move(*, initiative: Initiative, by, direction: str) -> Initiative:
    siblings = Initiative.objects.select_for_update(of=("self",)).filter(commitment_id=initiative.commitment_id)
    return _swap(initiative, siblings, by=by, direction=direction)


def initiative_has_records(initiative: Initiative) -> bool:
    """Progress or measurements that must survive: KPI values of its KPIs, or reported updates."""
    return KPIValue.objects.filter(kpi__initiative=initiative).exists() or initiative.updates.exists()


@transaction.atomic
def initiative_remove(*, initiative: Initiative, by) -> str:
    """Delete an initiative, or archive it when KPI values or reported progress refer to it."""
    current = _locked(Initiative, initiative.pk)
    return _archive_or_delete(current, by=by, keep=initiative_has_records(current))


# -- KPIs ---------------------------------------------------------------------------------
@transaction.atomic
def kpi_create(*, commitment: Commitment, by, **data) -> KPI:
    kpi = KPI(commitment=commitment, number=_next_number(commitment.kpis.all()), **data)
    _save(kpi, by=by)
    return kpi


@transaction.atomic
def kpi_update(*, kpi: KPI, by, version: int | None, **changes) -> KPI:
    current = _locked(KPI, kpi.pk)
    _apply(current, changes, by=by, version=version)
    return current


@transaction.atomic
def kpi_remove(*, kpi: KPI, by) -> str:
    """Delete a KPI with no values; archive one that has values, so no measurement is lost."""
    current = _locked(KPI, kpi.pk)
    return _archive_or_delete(current, by=by, keep=current.values.exists())


@transaction.atomic
def kpi_value_save(
    *,
    kpi: KPI,
    period: ReportingPeriod,
    by,
    value: Decimal | None,
    note_en: str | None = None,
    note_fr: str | None = None,
    equity_group: EquityGroup | None = None,
) -> KPIValue | None:
    """Enter, change or clear (value None) the KPI's value for a period and group.

    A note left out (None) keeps the stored one: only a caller that shows the note may change it.
    The rules (closed quarter, group on a disaggregated KPI only, percentages) are the model's.
    """
    existing = (
        KPIValue.objects.select_for_update(of=("self",))
        .select_related("period")
        .filter(kpi=kpi, period=period, equity_group=equity_group)
        .order_by("pk")
        .first()
    )
    if value is None:
        if existing is not None:
            existing.check_period_open()
            existing._history_user = by
            existing.delete()
        return None
    target = existing or KPIValue(kpi=kpi, period=period, equity_group=equity_group, note_en="", note_fr="")
    new = (
        value,
        (target.note_en or "") if note_en is None else note_en.strip(),
        (target.note_fr or "") if note_fr is None else note_fr.strip(),
    )
    if existing is not None and (existing.value, existing.note_en or "", existing.note_fr or "") == new:
        return existing
    target.value, target.note_en, target.note_fr = new
    _save(target, by=by)
    return target


@transaction.atomic
def kpi_values_save(
    *,
    kpi: KPI,
    period: ReportingPeriod,
    by,
    values: dict[EquityGroup | None, Decimal | None],
    note_en: str | None = None,
    note_fr: str | None = None,
) -> None:
    """Save a quarter's values of a KPI (None: all groups) in one go: all of them, or none.

    ``values`` holds only the values to change (a None value clears it); notes left out (None)
    stay as stored. Every refusal is reported at once, keyed ``value`` for all groups and
    ``group_<code>`` for a group; the rest (a closed quarter) applies to the whole form.
    """
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    notes_change = note_en is not None or note_fr is not None
    rows = dict(values)
    if notes_change and None not in rows:
        rows[None] = _stored_value(kpi, period)
        if rows[None] is None:
            raise ValidationError({"value": _("Enter the value for all groups to keep a note with it.")})
    for group, value in rows.items():
        key = "value" if group is None else f"group_{group.code}"
        notes = {"note_en": note_en, "note_fr": note_fr} if group is None else {}
        try:
            with transaction.atomic():
                kpi_value_save(kpi=kpi, period=period, by=by, value=value, equity_group=group, **notes)
        except ValidationError as error:
            for field, messages in (
                error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
            ):
                target = errors.setdefault(key, []) if field == "value" else general
                target.extend(m for m in messages if m not in target)
    if errors or general:
        if general:
            errors["__all__"] = general
        raise ValidationError(errors)  # rolls back every value this call wrote


def _stored_value(kpi: KPI, period: ReportingPeriod) -> Decimal | None:
    return (
        KPIValue.objects.filter(kpi=kpi, period=period, equity_group__isnull=True)
        .values_list("value", flat=True)
        .first()
    )


# -- ordering ---------------------------------------------------------------------------------
def _swap(item, siblings, *, by, direction: str):
    """Swap an item's number with its neighbour's (up: the one before, down: the one after)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    item = siblings.get(pk=item.pk)
    ordered = siblings.exclude(pk=item.pk)
    neighbour = (
        ordered.filter(number__lt=item.number).order_by("-number").first()
        if direction == "up"
        else ordered.filter(number__gt=item.number).order_by("number").first()
    )
    if neighbour is None:
        return item
    mine, theirs = item.number, neighbour.number
    type(item).objects.filter(pk=item.pk).update(number=PARKING_NUMBER)
    type(item).objects.filter(pk=neighbour.pk).update(number=mine)
    type(item).objects.filter(pk=item.pk).update(number=theirs)
    for obj, number in ((item, theirs), (neighbour, mine)):
        obj.number = number
        obj._history_user = by
        obj.save(update_fields=["number", "updated_at"])  # records the move in the history
    return item
