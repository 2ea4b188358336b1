"""Every change to a plan and its parts: one service per change, checked, recorded, atomic.

Views call these after ``sectors.permissions`` has said yes. Each write names who made it
(``by``) so that the history says who changed what, and edits of an item someone may have
changed meanwhile carry the version the person started from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.concurrency import EditConflict, bump_version, check_version
from periods.models import ReportingPeriod

from .models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue

# A number no real item uses, to swap two numbers under a unique constraint.
PARKING_NUMBER = 32000


def _save(obj, *, by, fields: list[str] | None = None) -> None:
    obj._history_user = by
    obj.full_clean(validate_unique=obj.pk is None)
    obj.save(update_fields=fields)


def _apply(obj, changes: dict[str, Any], *, by, version) -> list[str]:
    """Write ``changes`` onto a locked, current copy; return the fields that changed."""
    check_version(obj, version)
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
        _save(obj, by=by, fields=[*changed, bump_version(obj), "updated_at"])
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
        _save(current, by=by, fields=["is_archived", bump_version(current), "updated_at"])
        return "archived"
    current._history_user = by
    current.delete()
    return "deleted"


# -- plans --------------------------------------------------------------------------------
@transaction.atomic
def plan_create(*, sector, strategy, by) -> ActionPlan:
    """A sector's plan under a strategy, as a draft: the governance chain approves it
    (``accountability.services.approval_record``)."""
    plan = ActionPlan(sector=sector, strategy=strategy)
    _save(plan, by=by)
    return plan


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


class KPIValuesConflict(EditConflict):
    """Someone saved (or cleared) some of these values after this person's form showed them.

    Nothing was written. ``fields`` names each value and field in question, as
    (KPI id, group id or None, "value" | "note_en" | "note_fr"); ``current`` holds each such
    value as stored now, keyed (KPI id, group id or None), None where it was cleared.
    """

    def __init__(self, *, fields: list[tuple], current: dict[tuple, KPIValue | None]):
        super().__init__(current)
        self.fields = fields

    def merged(self, other: KPIValuesConflict) -> KPIValuesConflict:
        return KPIValuesConflict(fields=self.fields + other.fields, current={**self.current, **other.current})


VALUE_FIELDS = ("value", "note_en", "note_fr")


def _text(value) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _stored(row: KPIValue | None) -> dict[str, Any]:
    if row is None:
        return {"value": None, "note_en": "", "note_fr": ""}
    return {"value": row.value, "note_en": _text(row.note_en), "note_fr": _text(row.note_fr)}


def _check_unchanged_since_shown(kpi, equity_group, row, before: dict, after: dict, shown: dict | None) -> None:
    """The rule for every form that writes KPI values: a field this save changes must still hold
    what the form showed. A value someone else entered, changed or cleared meanwhile is a conflict
    (their value is not overwritten); what nobody else touched saves normally."""
    if shown is None:
        return  # a caller with no form (a script, the demo): nothing to compare
    stale = [
        (kpi.pk, equity_group.pk if equity_group else None, name)
        for name in VALUE_FIELDS
        if name in shown
        and after[name] != before[name]
        and (shown[name] != before[name] if name == "value" else _text(shown[name]) != before[name])
    ]
    if stale:
        now = KPIValue.objects.filter(pk=row.pk).first() if row is not None else None  # as stored, not as edited
        raise KPIValuesConflict(fields=stale, current={(kpi.pk, equity_group.pk if equity_group else None): now})


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
    shown: dict[str, Any] | None = None,
) -> KPIValue | None:
    """Enter, change or clear (value None) the KPI's value for a period and group.

    A note left out (None) keeps the stored one: only a caller that shows the note may change it.
    ``shown``: the fields ("value", "note_en", "note_fr") as the person's form showed them; a
    field changed by someone else since then raises ``KPIValuesConflict`` and nothing is written.
    The rules (closed quarter, group on a disaggregated KPI only, percentages) are the model's.
    """
    existing = (
        KPIValue.objects.select_for_update(of=("self",))
        .select_related("period")
        .filter(kpi=kpi, period=period, equity_group=equity_group)
        .order_by("pk")
        .first()
    )
    before = _stored(existing)
    if value is None:
        if existing is not None:
            existing.check_period_open()
            _check_unchanged_since_shown(kpi, equity_group, existing, before, _stored(None), shown)
            existing._history_user = by
            existing.delete()
        return None
    after = {
        "value": value,
        "note_en": before["note_en"] if note_en is None else _text(note_en),
        "note_fr": before["note_fr"] if note_fr is None else _text(note_fr),
    }
    if existing is not None and after == before:
        return existing  # already stored as asked: no new version, no history line
    target = existing or KPIValue(kpi=kpi, period=period, equity_group=equity_group)
    target.value, target.note_en, target.note_fr = after["value"], after["note_en"], after["note_fr"]
    target._history_user = by
    # The rules first: a refused value is no conflict. The lookup above is the uniqueness check
    # (same key, same transaction), with the database's constraint as the backstop for a value
    # entered at the same moment (IntegrityError, below); the KPI, period and group are rows the
    # caller has just read. So no query is spent on checking them again.
    target.full_clean(exclude=["kpi", "period", "equity_group"], validate_unique=False, validate_constraints=False)
    _check_unchanged_since_shown(kpi, equity_group, existing, before, after, shown)
    if existing is None:
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError:  # entered by someone else at the same moment
            now = KPIValue.objects.filter(kpi=kpi, period=period, equity_group=equity_group).first()
            if shown is None or now is None:
                raise
            if _stored(now) == after:
                return now  # they entered what this person did: nothing to compare
            _check_unchanged_since_shown(kpi, equity_group, now, _stored(now), after, shown)
            raise
        return target
    bump_version(target)
    target.save()
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
    shown: dict[EquityGroup | None, dict[str, Any]] | None = None,
) -> None:
    """Save a quarter's values of a KPI (None: all groups) in one go: all of them, or none.

    ``values`` holds only the values to change (a None value clears it); notes left out (None)
    stay as stored. Every refusal is reported at once, keyed ``value`` for all groups and
    ``group_<code>`` for a group; the rest (a closed quarter) applies to the whole form.
    ``shown`` maps each group (None: all groups) to its fields as the form showed them: a value
    someone else changed since raises ``KPIValuesConflict`` naming every such value.
    """
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    conflict: KPIValuesConflict | None = None
    notes_change = note_en is not None or note_fr is not None
    rows = dict(values)
    if notes_change and None not in rows:
        rows[None] = _stored_value(kpi, period)
        if rows[None] is None:
            seen = (shown or {}).get(None, {})
            if seen.get("value") is not None:  # the value the note goes with was cleared meanwhile
                raise KPIValuesConflict(fields=[(kpi.pk, None, "value")], current={(kpi.pk, None): None})
            raise ValidationError({"value": _("Enter the value for all groups to keep a note with it.")})
    for group, value in rows.items():
        key = "value" if group is None else f"group_{group.code}"
        notes = {"note_en": note_en, "note_fr": note_fr} if group is None else {}
        try:
            with transaction.atomic():
                kpi_value_save(
                    kpi=kpi,
                    period=period,
                    by=by,
                    value=value,
                    equity_group=group,
                    shown=None if shown is None else shown.get(group, {}),
                    **notes,
                )
        except KPIValuesConflict as error:
            conflict = error if conflict is None else conflict.merged(error)
        except ValidationError as error:
            for field, messages in (
                error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
            ):
                target = errors.setdefault(key, []) if field == "value" else general
                target.extend(m for m in messages if m not in target)
    if errors or general:  # a value the rules refuse is corrected first; a conflict shows after
        if general:
            errors["__all__"] = general
        raise ValidationError(errors)  # rolls back every value this call wrote
    if conflict is not None:
        raise conflict  # rolls back every value this call wrote; the person compares, then decides


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
