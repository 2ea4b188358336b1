"""Demo quarterly reports: the last closed quarter approved for every sector with a plan, and
one report of the open quarter waiting for review. Their text says it is illustrative."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from actionplans.models import Initiative
from periods.models import ReportingPeriod
from reporting.models import InitiativeUpdate, QuarterlyReport, ReportEvent
from sectors.models import Membership

Status = QuarterlyReport.Status
NOTE = "Illustrative demo report. / Rapport fictif de démonstration."
PERCENT = {"planned": 0, "in_progress": 50, "delayed": 25, "completed": 100, "cancelled": 0}


@transaction.atomic
def demo_reports_load(*, previous: ReportingPeriod, current: ReportingPeriod, earlier=()) -> None:
    """Approved reports for ``earlier`` quarters and ``previous``, so the tracker's trends have an
    approved history; the OPS report of ``current`` submitted and waiting for review."""
    User = get_user_model()
    artf = User.objects.get(username="artf")
    admin = User.objects.get(username="admin")
    leads = {m.sector_id: m.user for m in Membership.objects.filter(role=Membership.Role.LEAD).select_related("user")}
    initiatives: dict[int, list[Initiative]] = {}
    for initiative in Initiative.objects.filter(is_archived=False).select_related("commitment__plan"):
        initiatives.setdefault(initiative.commitment.plan.sector_id, []).append(initiative)
    for period in [*earlier, previous]:
        for sector_id, items in initiatives.items():
            _report(period, sector_id, items, lead=leads.get(sector_id, admin), approver=artf)
    ops = next((sector_id for sector_id, user in leads.items() if user.username == "lead-ops"), None)
    if ops in initiatives:
        _report(current, ops, initiatives[ops], lead=leads[ops], approver=None)


def _report(period, sector_id, items, *, lead, approver) -> None:
    status = Status.APPROVED if approver else Status.SUBMITTED
    now = timezone.now()
    report, created = QuarterlyReport.objects.update_or_create(
        sector_id=sector_id,
        period=period,
        defaults={
            "status": status,
            "highlights": NOTE,
            "top_actions": "\n".join(f"{i.commitment.number}.{i.number} {i.title_en}" for i in items[:3]),
            "language": "en",
            "submitted_by": lead,
            "submitted_at": now,
            "approved_by": approver,
            "approved_at": now if approver else None,
        },
    )
    for initiative in items:
        InitiativeUpdate.objects.update_or_create(
            report=report,
            initiative=initiative,
            defaults={
                "status": initiative.status,
                "percent_done": PERCENT.get(initiative.status),
                "narrative": NOTE,
            },
        )
    if approver:
        from reporting.services import approved_record_write

        approved_record_write(report=report, by=approver)
    if created:
        events = [(ReportEvent.Action.STARTED, Status.NOT_STARTED, Status.DRAFT, lead)]
        events.append((ReportEvent.Action.SUBMITTED, Status.DRAFT, Status.SUBMITTED, lead))
        if approver:
            events.append((ReportEvent.Action.APPROVED, Status.SUBMITTED, Status.APPROVED, approver))
        for action, before, after, actor in events:
            ReportEvent.objects.create(
                report=report, action=action, from_status=before, to_status=after, actor=actor, notified_at=now
            )
