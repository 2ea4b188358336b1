"""Reads of the reporting cycle: periods, a report's page, the home banner, the published figures.

Each read runs a fixed number of queries whatever the number of sectors, initiatives or
values. The dashboard has its own module (``dashboard.selectors``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from django.db.models import Count, Prefetch, Q

from actionplans.models import KPI, ActionPlan, Initiative, KPIValue
from actionplans.published import SUPPRESSIBLE, hidden_kpi_values, suppressible
from core.text import shown_in
from periods.models import up_to_q
from sectors.models import Sector

from .models import (
    ApprovedInitiativeUpdate,
    ApprovedKPIValue,
    QuarterlyReport,
    ReportComment,
    ReportEvent,
    ReportingPeriod,
)

Status = QuarterlyReport.Status
CLOSED_STATUSES = (Initiative.Status.COMPLETED, Initiative.Status.CANCELLED)


def period_list() -> list[ReportingPeriod]:
    """Every period, newest first, with how many reports each has received and approved."""
    return list(
        ReportingPeriod.objects.annotate(
            submitted_count=Count("reports", filter=Q(reports__status__in=QuarterlyReport.HANDED_IN)),
            approved_count=Count("reports", filter=Q(reports__status=Status.APPROVED)),
        )
        .chronological()
        .reverse()
    )


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
    """The report page; it answers like a report (``sector``, ``period``, ``status``, ``Status``),
    so ``sectors.permissions`` decides on it whether or not the report exists yet."""

    Status: ClassVar = QuarterlyReport.Status

    plan: ActionPlan
    period: ReportingPeriod
    report: QuarterlyReport | None
    initiatives: list[Initiative]
    kpis: list[KPI]
    comments: dict[str, list[ReportComment]] = field(default_factory=dict)
    events: list[ReportEvent] = field(default_factory=list)
    # An approved report shows its approved record, never the live plan (None otherwise).
    approved_updates: list[ApprovedInitiativeUpdate] | None = None
    approved_kpis: list[ApprovedKPIValue] | None = None

    @property
    def sector(self) -> Sector:
        return self.plan.sector

    @property
    def status(self) -> str:
        return self.report.status if self.report else Status.NOT_STARTED

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def is_with_reviewers(self) -> bool:
        """Submitted: ARTF has it, and it is read-only until they return it."""
        return self.status == Status.SUBMITTED

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


def _approved_kpis_published(report: QuarterlyReport) -> list[ApprovedKPIValue]:
    """The approved all-groups values, each marked ``suppressed`` when the small-count rule hides it
    from readers outside the sector (a count KPI broken down by group)."""
    rows = list(report.approved_kpi_values.select_related("kpi"))
    key: dict[tuple, int] = {}  # one id per approved KPI, whether or not the KPI still exists
    for row in rows:
        key.setdefault((row.commitment_number, row.number), len(key) + 1)
    splittable = {
        key[(r.commitment_number, r.number)]
        for r in rows
        if r.unit == KPI.Unit.COUNT and (r.equity_group_id is not None or (r.kpi and r.kpi.is_disaggregated))
    }
    hidden = hidden_kpi_values(
        [
            (key[(r.commitment_number, r.number)], report.period_id, r.equity_group_id, r.value)
            for r in rows
            if r.value is not None
        ],
        suppressible=splittable,
    )
    totals = [r for r in rows if r.equity_group_id is None]
    for row in totals:
        row.suppressed = (key[(row.commitment_number, row.number)], report.period_id, None) in hidden
    return totals


def report_page(*, plan: ActionPlan, period: ReportingPeriod) -> ReportPage:
    """Everything the report page shows, in seven queries.

    An approved report is shown as ARTF approved it (its ``Approved…`` rows), whatever the plan
    and the KPI values have become since."""
    report = report_find(sector=plan.sector, period=period)
    if report is not None and report.status == Status.APPROVED:
        return ReportPage(
            plan=plan,
            period=period,
            report=report,
            initiatives=[],
            kpis=[],
            comments=_report_comments(report),
            events=list(report.events.select_related("actor")),
            approved_updates=list(report.approved_updates.all()),
            approved_kpis=_approved_kpis_published(report),
        )
    initiatives = report_initiatives(plan=plan, report=report)
    updates = {}
    comments: dict[str, list[ReportComment]] = {}
    events: list[ReportEvent] = []
    if report is not None:
        updates = {u.initiative_id: u for u in report.updates.all()}
        comments = _report_comments(report)
        events = list(report.events.select_related("actor"))
    for initiative in initiatives:
        initiative.update = updates.get(initiative.pk)
    kpis = list(
        KPI.objects.filter(commitment__plan=plan, is_archived=False)
        .select_related("commitment__plan__sector")
        .prefetch_related(
            Prefetch(
                "values",
                # all groups, and each group of a count KPI for the small-count rule
                queryset=KPIValue.objects.filter(Q(equity_group__isnull=True) | SUPPRESSIBLE, period=period),
                to_attr="period_values",
            )
        )
        .order_by("commitment__number", "number")
    )
    hidden = hidden_kpi_values(
        [(v.kpi_id, v.period_id, v.equity_group_id, v.value) for kpi in kpis for v in kpi.period_values],
        suppressible={kpi.pk for kpi in kpis if suppressible(kpi)},
    )
    for kpi in kpis:
        all_groups = [v for v in kpi.period_values if v.equity_group_id is None]
        kpi.period_value = all_groups[0].value if all_groups else None
        kpi.period_note = shown_in(all_groups[0] if all_groups else None, "note")  # a Shown: its language too
        kpi.period_suppressed = (kpi.pk, period.pk, None) in hidden  # for readers outside the sector
    return ReportPage(
        plan=plan, period=period, report=report, initiatives=initiatives, kpis=kpis, comments=comments, events=events
    )


def _report_comments(report: QuarterlyReport) -> dict[str, list[ReportComment]]:
    comments: dict[str, list[ReportComment]] = {}
    for comment in report.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    return comments


@dataclass
class ReportRow:
    """One line of a sector's report list; it answers like a report for ``sectors.permissions``."""

    Status: ClassVar = QuarterlyReport.Status

    sector: Sector
    period: ReportingPeriod
    status: str

    @property
    def status_label(self):
        return Status(self.status).label


def sector_reports(*, sector: Sector) -> list[ReportRow]:
    """Every opened period with the sector's report status for it, newest first."""
    statuses = dict(QuarterlyReport.objects.filter(sector=sector).values_list("period_id", "status"))
    periods = ReportingPeriod.objects.filter(opens_on__isnull=False).chronological().reverse()
    return [ReportRow(sector, period, statuses.get(period.pk, Status.NOT_STARTED)) for period in periods]


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
    def handed_in(self) -> bool:
        return self.status in QuarterlyReport.HANDED_IN

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
    periods = list(ReportingPeriod.objects.open_on(today).chronological())
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


# -- published figures ---------------------------------------------------------------------------
@dataclass
class PublishedFigures:
    """The figures that may leave the sectors' own pages for a period (tracker PDF, dashboard,
    exports): KPI values only as the sector's approved report for the quarter holds them
    (here, and ``standing.kpi_counts`` for the counts by health), and maturity only once ARTF has reviewed the self-assessment
    (``equity.selectors.maturity_standing``). Anything else is not shown: in its place each
    output writes "not approved" (or "not reviewed"), so nothing unapproved is published and a
    reader sees why a figure is missing."""

    period: ReportingPeriod
    approved_sectors: set[int]
    kpi_values: dict[int, Decimal | None]  # KPI id → approved value (all groups) for the period
    kpi_series: dict[int, list[Decimal]]  # KPI id → approved values up to the period, oldest first
    # KPIs whose value for the period is hidden by the small-count rule: ``kpi_values`` still holds
    # it, for health (a band, not a count); no output may print it.
    suppressed: set[int] = field(default_factory=set)

    def is_approved(self, sector_id: int) -> bool:
        return sector_id in self.approved_sectors


def published_figures(*, period: ReportingPeriod, series: bool = False) -> PublishedFigures:
    """The KPI figures that may be published for ``period`` (see ``PublishedFigures``); three queries.

    The approved values pass through the small-count rule (``actionplans.published``): a count
    KPI broken down by group has its hidden all-groups values listed in ``suppressed`` and left out
    of the trend, so the line's shape gives nothing away.
    """
    approved = set(
        QuarterlyReport.objects.filter(period=period, status=Status.APPROVED).values_list("sector_id", flat=True)
    )
    rows = ApprovedKPIValue.objects.filter(
        Q(equity_group__isnull=True) | SUPPRESSIBLE, report__status=Status.APPROVED, kpi__isnull=False
    )
    if series:
        rows = rows.filter(up_to_q(period, prefix="report__period"))
    else:
        rows = rows.filter(report__period=period)
    rows = list(
        rows.order_by("kpi_id", "report__period__fiscal_year", "report__period__quarter").values_list(
            "kpi_id", "report__period_id", "equity_group_id", "value", "kpi__unit", "kpi__is_disaggregated"
        )
    )
    splittable = {k for k, _p, _g, _v, unit, split in rows if unit == KPI.Unit.COUNT and split}
    hidden = hidden_kpi_values([(k, p, g, v) for k, p, g, v, _u, _s in rows if v is not None], suppressible=splittable)
    values: dict[int, Decimal | None] = {}
    history: dict[int, list[Decimal]] = {}
    suppressed: set[int] = set()
    for kpi_id, period_id, group_id, value, _unit, _split in rows:
        if group_id is not None:
            continue
        if period_id == period.pk:
            values[kpi_id] = value
        if (kpi_id, period_id, None) in hidden:
            if period_id == period.pk:
                suppressed.add(kpi_id)
            continue
        if series and value is not None:
            history.setdefault(kpi_id, []).append(value)
    return PublishedFigures(
        period=period, approved_sectors=approved, kpi_values=values, kpi_series=history, suppressed=suppressed
    )
