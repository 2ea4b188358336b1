"""The quarterly reporting cycle: one service per change of a period or a report.

Views call these after ``sectors.permissions`` has said yes. Every change of a report's state
writes a ``ReportEvent`` (who, when, from what to what, why), which is both the report's
timeline and what the e-mail notifications are built from. Work that follows a commit (the
e-mails, the tracker's rendering) is written to the outbox in the same transaction
(``core.outbox``), so a broker outage delays it but cannot lose it or fail the request.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import services as plan_services
from actionplans.models import KPI, Initiative
from core import outbox
from core.concurrency import bump_version, check_version
from core.fields import check_texts
from core.text import recorded, writing_language
from sectors.models import Sector

from .models import (
    ApprovedInitiativeUpdate,
    ApprovedKPIValue,
    InitiativeUpdate,
    QuarterlyReport,
    ReportComment,
    ReportEvent,
    ReportingPeriod,
)

Status = QuarterlyReport.Status
Action = ReportEvent.Action
EDITABLE = (Status.DRAFT, Status.RETURNED)


# -- reports --------------------------------------------------------------------------------------
def _check_not_closed(period: ReportingPeriod) -> None:
    if period.is_closed:
        raise ValidationError(_("%(period)s is closed: its reports can no longer change.") % {"period": period.label})


def _check_open(period: ReportingPeriod, today: datetime.date) -> None:
    _check_not_closed(period)
    if not period.is_open_on(today):
        raise ValidationError(
            _("%(period)s is not open for reporting yet.") % {"period": period.label},
        )


def _event(
    report: QuarterlyReport, *, action: str, before: str, by, reason: str = "", language: str | None = None
) -> ReportEvent:
    event = ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=report.status,
        actor=by,
        reason=reason,
        reason_language=recorded(reason, language),
    )
    if action != Action.STARTED:
        outbox.enqueue("reporting.tasks.report_event_notify", event.pk)
    return event


def _locked_report(report: QuarterlyReport) -> QuarterlyReport:
    return QuarterlyReport.objects.select_for_update(of=("self",)).select_related("sector", "period").get(pk=report.pk)


@transaction.atomic
def report_save(
    *,
    sector: Sector,
    period: ReportingPeriod,
    by,
    version: int | None,
    sections: dict[str, str],
    updates: dict[int, dict],
    kpi_values: dict[int, Decimal | None],
    kpi_shown: dict[int, Decimal | None] | None = None,
    today: datetime.date | None = None,
    language: str | None = None,
) -> QuarterlyReport:
    """Save a report as a draft: its sections, initiative updates and the period's KPI values.

    ``updates`` maps an initiative id to its status, percent done and narrative; ``kpi_values``
    maps a KPI id to the period's value for all groups (None clears it). A report someone saved
    after this person opened it raises ``EditConflict`` and nothing is written. ``kpi_shown``
    maps a KPI id to the value the form showed: a value someone else changed since (on the
    KPI's page, say) raises ``KPIValuesConflict`` and nothing is written either.
    """
    today = today or timezone.localdate()
    _check_open(period, today)
    try:
        with transaction.atomic():
            report = QuarterlyReport.objects.filter(sector=sector, period=period).first()
            created = report is None
            if report is None:
                report = QuarterlyReport(sector=sector, period=period)
                report._history_user = by  # the first history record names its author too
                report.save()
    except IntegrityError:  # two first saves at once: the other one won, so this one conflicts
        report, created = QuarterlyReport.objects.get(sector=sector, period=period), False
        version = -1
    report = _locked_report(report)
    if created:
        _event(report, action=Action.STARTED, before=Status.NOT_STARTED, by=by)
    else:
        check_version(report, version)
    if report.status not in EDITABLE:
        raise ValidationError(
            _("This report is %(status)s: it can no longer be changed.") % {"status": report.get_status_display()}
        )
    texts = {name: (sections.get(name) or "").strip() for name in QuarterlyReport.TEXT_SECTIONS}
    changed = any(texts[name] != getattr(report, name) for name in texts)
    if any(texts.values()) and (language or changed):
        # The language its writer says the report is in; when not said, the page's, as the texts change.
        report.language = writing_language(language)
    for name, text in texts.items():
        setattr(report, name, text)
    bump_version(report)
    report._history_user = by
    report.full_clean(exclude=["sector", "period"], validate_unique=False)  # the row locked above: no query for them
    report.save()
    _save_updates(report, updates, by=by)
    _save_kpi_values(report, kpi_values, by=by, shown=kpi_shown)
    return report


def _save_updates(report: QuarterlyReport, updates: dict[int, dict], *, by) -> None:
    allowed = set(
        Initiative.objects.filter(commitment__plan__sector=report.sector, pk__in=list(updates)).values_list(
            "pk", flat=True
        )
    )
    existing = {u.initiative_id: u for u in report.updates.filter(initiative_id__in=allowed)}
    for initiative_id, data in updates.items():
        if initiative_id not in allowed:
            continue
        update = existing.get(initiative_id) or InitiativeUpdate(report=report, initiative_id=initiative_id)
        new = (data["status"], data.get("percent_done"), (data.get("narrative") or "").strip())
        if update.pk and (update.status, update.percent_done, update.narrative) == new:
            continue
        update.status, update.percent_done, update.narrative = new
        update._history_user = by
        # The report is locked and the initiative was just read as the sector's: no query checks
        # them again (nor their one-update-per-initiative rule, which ``existing`` answered).
        update.full_clean(exclude=["report", "initiative"], validate_unique=False)
        update.save()


def _save_kpi_values(
    report: QuarterlyReport, values: dict[int, Decimal | None], *, by, shown: dict[int, Decimal | None] | None
) -> None:
    kpis = KPI.objects.filter(commitment__plan__sector=report.sector, pk__in=list(values), is_archived=False)
    current = {
        v.kpi_id: v.value
        for v in report.period.kpi_values.filter(kpi__in=kpis, equity_group__isnull=True).only("kpi_id", "value")
    }
    conflict = None
    for kpi in kpis:
        value = values[kpi.pk]
        if current.get(kpi.pk) == value:
            continue  # confirmed as it stands: no new history row
        try:
            plan_services.kpi_value_save(
                kpi=kpi,
                period=report.period,
                by=by,
                value=value,
                shown=None if shown is None else {"value": shown.get(kpi.pk)},
            )
        except plan_services.KPIValuesConflict as error:
            conflict = error if conflict is None else conflict.merged(error)
        except ValidationError as error:
            raise ValidationError({f"kpi-{kpi.pk}": error.messages}) from error
    if conflict is not None:
        raise conflict  # the whole save waits: the report's text and the other values are not written


@transaction.atomic
def report_submit(*, report: QuarterlyReport, by, today: datetime.date | None = None) -> QuarterlyReport:
    """Send the report to ARTF; refused while an active initiative has no update (it names them)."""
    report = _locked_report(report)
    _check_open(report.period, today or timezone.localdate())
    if report.status not in EDITABLE:
        raise ValidationError(
            _("This report is %(status)s: it cannot be submitted again.") % {"status": report.get_status_display()}
        )
    from . import selectors  # selectors read what services write: import when called

    missing = selectors.missing_updates(report=report)
    if missing:
        names = "; ".join(f"{i.commitment.number}.{i.number} {i.title}" for i in missing)
        raise ValidationError(
            _("Every active initiative needs an update before you submit. Missing: %(names)s.") % {"names": names},
            code="missing_updates",
        )
    before = report.status
    report.status, report.submitted_at, report.submitted_by = Status.SUBMITTED, timezone.now(), by
    report._history_user = by
    report.save(update_fields=["status", "submitted_at", "submitted_by", bump_version(report), "updated_at"])
    # The plan follows what the report says: each initiative takes the status reported for it.
    for update in report.updates.select_related("initiative"):
        if update.initiative.status != update.status and not update.initiative.is_archived:
            plan_services.initiative_update(initiative=update.initiative, by=by, version=None, status=update.status)
    _event(report, action=Action.SUBMITTED, before=before, by=by)
    return report


def _review(
    report: QuarterlyReport, *, by, action: str, to: str, allowed: tuple, reason: str, language: str | None
) -> QuarterlyReport:
    check_texts(ReportEvent, reason=reason.strip())
    report = _locked_report(report)
    _check_not_closed(report.period)
    if report.status not in allowed:
        raise ValidationError(
            _("This report is %(status)s: that action does not apply to it.") % {"status": report.get_status_display()}
        )
    before = report.status
    report.status = to
    fields = ["status", bump_version(report), "updated_at"]
    if to == Status.APPROVED:
        report.approved_at, report.approved_by = timezone.now(), by
        fields += ["approved_at", "approved_by"]
    report._history_user = by
    report.save(update_fields=fields)
    if to == Status.APPROVED:
        approved_record_write(report=report, by=by)
    elif before == Status.APPROVED:
        approved_record_discard(report=report, by=by)
    _event(report, action=action, before=before, by=by, reason=reason.strip(), language=language)
    return report


def approved_record_write(*, report: QuarterlyReport, by) -> None:
    """Keep what ARTF approves as it stands at this moment: every initiative the report speaks
    about with its reported status, percent and narrative, and every KPI's values for the quarter
    (all groups and each group, with notes). Called inside the approval's transaction; the
    approved page and the tracker read only this record, so later plan changes cannot alter it."""
    from simple_history.utils import bulk_create_with_history

    from actionplans.models import KPIValue
    from actionplans.selectors import plan_for_sector

    from . import selectors

    approved_record_discard(report=report, by=by)
    plan = plan_for_sector(code=report.sector.code)
    updates = {u.initiative_id: u for u in report.updates.all()}
    rows = []
    for initiative in selectors.report_initiatives(plan=plan, report=report):
        update = updates.get(initiative.pk)
        rows.append(
            ApprovedInitiativeUpdate(
                report=report,
                initiative=initiative,
                commitment_number=initiative.commitment.number,
                number=initiative.number,
                # Each language's own column: a French-only title stays French-only (and is marked so).
                title_en=initiative.title_en or "",
                title_fr=initiative.title_fr or "",
                lead_en=initiative.lead_en or "",
                lead_fr=initiative.lead_fr or "",
                planned_end=initiative.planned_end,
                status=update.status if update else initiative.status,
                percent_done=update.percent_done if update else None,
                narrative=update.narrative if update else "",
                has_update=update is not None and update.is_given,
            )
        )
    bulk_create_with_history(rows, ApprovedInitiativeUpdate, default_user=by)
    kpis = list(
        KPI.objects.filter(commitment__plan=plan, is_archived=False)
        .select_related("commitment")
        .order_by("commitment__number", "number")
    )
    values: dict[int, list[KPIValue]] = {}
    for value in KPIValue.objects.filter(kpi__in=kpis, period=report.period).order_by("equity_group__name"):
        values.setdefault(value.kpi_id, []).append(value)
    kpi_rows = []
    for kpi in kpis:
        mine = values.get(kpi.pk, [])
        if not any(v.equity_group_id is None for v in mine):
            mine = [KPIValue(kpi=kpi, value=None), *mine]  # no all-groups value: approved as "none"
        for value in mine:
            kpi_rows.append(
                ApprovedKPIValue(
                    report=report,
                    kpi=kpi,
                    commitment_number=kpi.commitment.number,
                    number=kpi.number,
                    name_en=kpi.name_en or "",
                    name_fr=kpi.name_fr or "",
                    unit=kpi.unit,
                    equity_group_id=value.equity_group_id,
                    value=value.value,
                    note_en=value.note_en or "",
                    note_fr=value.note_fr or "",
                )
            )
    bulk_create_with_history(kpi_rows, ApprovedKPIValue, default_user=by)


def approved_record_discard(*, report: QuarterlyReport, by) -> None:
    """Drop a report's approved record when it is no longer approved (the history keeps it)."""
    for model in (ApprovedInitiativeUpdate, ApprovedKPIValue):
        for row in model.objects.filter(report=report):
            row._history_user = by
            row.delete()


def _need_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why, so the sector knows what to change.")})


@transaction.atomic
def report_return(*, report: QuarterlyReport, by, reason: str, language: str | None = None) -> QuarterlyReport:
    """Send a submitted report back to the sector with the reasons (written in ``language``, the page's)."""
    _need_reason(reason)
    return _review(
        report,
        by=by,
        action=Action.RETURNED,
        to=Status.RETURNED,
        allowed=(Status.SUBMITTED,),
        reason=reason,
        language=language,
    )


@transaction.atomic
def report_approve(*, report: QuarterlyReport, by, reason: str = "", language: str | None = None) -> QuarterlyReport:
    """Approve a submitted report: it is frozen from now on."""
    return _review(
        report,
        by=by,
        action=Action.APPROVED,
        to=Status.APPROVED,
        allowed=(Status.SUBMITTED,),
        reason=reason,
        language=language,
    )


@transaction.atomic
def report_reopen(*, report: QuarterlyReport, by, reason: str, language: str | None = None) -> QuarterlyReport:
    """Give a submitted or approved report back to the sector as a draft (ARTF only, with a reason)."""
    _need_reason(reason)
    return _review(
        report,
        by=by,
        action=Action.REOPENED,
        to=Status.DRAFT,
        allowed=QuarterlyReport.HANDED_IN,
        reason=reason,
        language=language,
    )


@transaction.atomic
def comment_add(*, report: QuarterlyReport, by, section: str, body: str, language: str | None = None) -> ReportComment:
    """A reviewer's comment on one section, written in ``language`` (the page's); an approved
    (frozen) report takes no more comments."""
    report = _locked_report(report)
    if report.is_frozen:
        raise ValidationError(_("This report is approved: it is frozen and takes no more comments."))
    if section not in QuarterlyReport.Section.values:
        raise ValidationError({"section": _("Choose the section the comment is about.")})
    if not (body or "").strip():
        raise ValidationError({"body": _("Write the comment.")})
    check_texts(ReportComment, body=body.strip())
    return ReportComment.objects.create(
        report=report, section=section, body=body.strip(), body_language=recorded(body, language), author=by
    )
