"""Reads of the reporting cycle: periods, a report's page, reminders due, the home banner.

Each read runs a fixed number of queries whatever the number of sectors, initiatives or
values. The dashboard has its own module (``reporting.dashboard``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from actionplans.models import KPI, ActionPlan, Initiative, KPIValue
from sectors.models import Membership, Sector

from .models import (
    QuarterlyReport,
    Reminder,
    ReportComment,
    ReportEvent,
    ReportingPeriod,
    TrackerActions,
    TrackerCuration,
    TrackerJob,
)

Status = QuarterlyReport.Status
CLOSED_STATUSES = (Initiative.Status.COMPLETED, Initiative.Status.CANCELLED)


def period_get(*, slug: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, slug=slug)


def period_list() -> list[ReportingPeriod]:
    """Every period, newest first, with how many reports each has received and approved."""
    return list(
        ReportingPeriod.objects.annotate(
            submitted_count=Count("reports", filter=Q(reports__status__in=[Status.SUBMITTED, Status.APPROVED])),
            approved_count=Count("reports", filter=Q(reports__status=Status.APPROVED)),
        ).order_by("-fiscal_year", "-quarter")
    )


def open_periods(*, today: datetime.date) -> list[ReportingPeriod]:
    """Periods open for reporting today, oldest first."""
    return list(ReportingPeriod.objects.filter(is_closed=False, opens_on__lte=today).order_by("fiscal_year", "quarter"))


def report_find(*, sector: Sector, period: ReportingPeriod) -> QuarterlyReport | None:
    return (
        QuarterlyReport.objects.select_related("sector", "period", "submitted_by", "approved_by")
        .filter(sector=sector, period=period)
        .first()
    )


def report_initiatives(*, plan: ActionPlan, report: QuarterlyReport | None = None) -> list[Initiative]:
    """The initiatives a report speaks about: the plan's active ones, and any it already has an update for."""
    wanted = Q(is_archived=False) & ~Q(status__in=CLOSED_STATUSES)
    if report is not None and report.pk:
        wanted |= Q(pk__in=report.updates.values("initiative_id"))
    return list(
        Initiative.objects.filter(commitment__plan=plan)
        .filter(wanted)
        .select_related("commitment")
        .order_by("commitment__number", "number")
    )


def without_update(initiatives: list[Initiative]) -> list[Initiative]:
    """The initiatives (each with its ``update`` or None) whose update has no narrative yet."""
    return [i for i in initiatives if i.update is None or not i.update.is_given]


def missing_updates(*, report: QuarterlyReport) -> list[Initiative]:
    """Active initiatives of the sector's plan that the report has no update for yet."""
    from actionplans.selectors import plan_for_sector

    updates = {u.initiative_id: u for u in report.updates.all()}
    initiatives = report_initiatives(plan=plan_for_sector(code=report.sector.code), report=report)
    for initiative in initiatives:
        initiative.update = updates.get(initiative.pk)
    return without_update(initiatives)


@dataclass
class ReportPage:
    plan: ActionPlan
    period: ReportingPeriod
    report: QuarterlyReport | None
    initiatives: list[Initiative]
    kpis: list[KPI]
    comments: dict[str, list[ReportComment]] = field(default_factory=dict)
    events: list[ReportEvent] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.report.status if self.report else Status.NOT_STARTED

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def missing_updates(self) -> list[Initiative]:
        return without_update(self.initiatives)

    @property
    def returned_event(self) -> ReportEvent | None:
        """While the report is back with the sector: the return that sent it (who, when, why)."""
        if self.status != Status.RETURNED:
            return None
        returns = [event for event in self.events if event.action == ReportEvent.Action.RETURNED]
        return returns[-1] if returns else None

    @property
    def all_comments(self) -> list[ReportComment]:
        """The reviewers' comments on every section, oldest first (for the summary at the top)."""
        return sorted((c for comments in self.comments.values() for c in comments), key=lambda c: (c.created_at, c.pk))


def report_page(*, plan: ActionPlan, period: ReportingPeriod) -> ReportPage:
    """Everything the report page shows, in seven queries."""
    report = report_find(sector=plan.sector, period=period)
    initiatives = report_initiatives(plan=plan, report=report)
    updates = {}
    comments: dict[str, list[ReportComment]] = {}
    events: list[ReportEvent] = []
    if report is not None:
        updates = {u.initiative_id: u for u in report.updates.all()}
        for comment in report.comments.select_related("author"):
            comments.setdefault(comment.section, []).append(comment)
        events = list(report.events.select_related("actor"))
    for initiative in initiatives:
        initiative.update = updates.get(initiative.pk)
    kpis = list(
        KPI.objects.filter(commitment__plan=plan, is_archived=False)
        .select_related("commitment__plan__sector")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=KPIValue.objects.filter(period=period, equity_group__isnull=True),
                to_attr="period_values",
            )
        )
        .order_by("commitment__number", "number")
    )
    for kpi in kpis:
        kpi.period_value = kpi.period_values[0].value if kpi.period_values else None
    return ReportPage(
        plan=plan, period=period, report=report, initiatives=initiatives, kpis=kpis, comments=comments, events=events
    )


def sector_reports(*, sector: Sector) -> list[tuple[ReportingPeriod, str]]:
    """Every opened period with the sector's report status for it, newest first."""
    statuses = dict(QuarterlyReport.objects.filter(sector=sector).values_list("period_id", "status"))
    periods = ReportingPeriod.objects.filter(opens_on__isnull=False).order_by("-fiscal_year", "-quarter")
    return [(period, statuses.get(period.pk, Status.NOT_STARTED)) for period in periods]


@dataclass
class DueReport:
    period: ReportingPeriod
    sector: Sector
    status: str
    days_left: int | None
    returned: ReportEvent | None = None  # while the report is back with the sector: why, by whom
    comments: list[ReportComment] = field(default_factory=list)

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:report-detail", kwargs={"code": self.sector.code, "slug": self.period.slug})


def home_reports(*, sectors: list[Sector], today: datetime.date) -> list[DueReport]:
    """For the home page: each open period × each of these sectors, with the report's status."""
    if not sectors:
        return []
    periods = list(
        ReportingPeriod.objects.filter(is_closed=False, opens_on__lte=today).order_by("fiscal_year", "quarter")
    )
    if not periods:
        return []
    reports = {
        (sector_id, period_id): (pk, status)
        for pk, sector_id, period_id, status in QuarterlyReport.objects.filter(
            period__in=periods, sector__in=[s.pk for s in sectors]
        ).values_list("pk", "sector_id", "period_id", "status")
    }
    # A returned report says why on the lead's home page: its last return and the reviewers' comments.
    returned_ids = [pk for pk, status in reports.values() if status == Status.RETURNED]
    returns: dict[int, ReportEvent] = {}
    comments: dict[int, list[ReportComment]] = {}
    if returned_ids:
        for event in ReportEvent.objects.filter(
            report_id__in=returned_ids, action=ReportEvent.Action.RETURNED
        ).select_related("actor"):
            returns[event.report_id] = event  # ordered by time: the last one wins
        for comment in ReportComment.objects.filter(report_id__in=returned_ids).select_related("author"):
            comments.setdefault(comment.report_id, []).append(comment)
    rows = []
    for period in periods:
        for sector in sectors:
            pk, status = reports.get((sector.pk, period.pk), (None, Status.NOT_STARTED))
            rows.append(
                DueReport(period, sector, status, period.days_left(today), returns.get(pk), comments.get(pk, []))
            )
    return rows


def reminders_due(*, today: datetime.date) -> list[tuple[ReportingPeriod, Sector, int, list[str]]]:
    """(period, sector, days left, leads' e-mail addresses) for every report not in yet whose
    due date is a week away or less, or has passed, in open periods. Four queries."""
    periods = list(
        ReportingPeriod.objects.filter(
            is_closed=False,
            opens_on__lte=today,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=7),
        )
    )
    if not periods:
        return []
    done = set(
        QuarterlyReport.objects.filter(period__in=periods, status__in=[Status.SUBMITTED, Status.APPROVED]).values_list(
            "sector_id", "period_id"
        )
    )
    sent = set(Reminder.objects.filter(period__in=periods).values_list("sector_id", "period_id", "kind"))
    leads: dict[int, list[str]] = {}
    for sector_id, email in (
        Membership.objects.filter(role=Membership.Role.LEAD, user__is_active=True, sector__is_active=True)
        .exclude(user__email="")
        .values_list("sector_id", "user__email")
        .order_by("sector_id", "user__email")
    ):
        leads.setdefault(sector_id, []).append(email)
    from .services import reminder_kind  # services reads through this module: import when called

    sectors = list(Sector.objects.active().order_by("code"))
    due = []
    for period in periods:
        days_left = period.days_left(today)
        for sector in sectors:
            if (sector.pk, period.pk) in done:
                continue
            kind = reminder_kind(days_left)
            if kind is None or (sector.pk, period.pk, kind) in sent:
                continue
            due.append((period, sector, days_left, leads.get(sector.pk, [])))
    return due


def tracker_jobs() -> list[TrackerJob]:
    """Every tracker version, newest first, with who asked."""
    return list(
        TrackerJob.objects.select_related("period", "requested_by").order_by(
            "-period__fiscal_year", "-period__quarter", "language", "-version"
        )
    )


def curation_page(*, period: ReportingPeriod) -> tuple:
    """The curation form's data: the summary, and per sector with an approved report its listed
    top actions and ARTF's wording so far."""
    curation = TrackerCuration.objects.filter(period=period).first()
    chosen = {row.sector_id: row for row in TrackerActions.objects.filter(period=period)}
    reports = list(
        QuarterlyReport.objects.filter(period=period, status=Status.APPROVED)
        .select_related("sector")
        .order_by("sector__code")
    )
    rows = []
    for report in reports:
        mine = chosen.get(report.sector_id)
        rows.append(
            {
                "sector": report.sector,
                "reported": report.top_actions,
                "actions_en": mine.actions_en if mine else report.top_actions,
                "actions_fr": mine.actions_fr if mine else "",
            }
        )
    return curation, rows
