"""The ARTF dashboard: where every sector stands for a period, in six queries whatever the size.

Counting happens in the database: one GROUP BY for initiatives by status and health, one for
KPIs by health (the straight-line rule of ``actionplans.health`` written as SQL).

What the numbers mean:
- report status: the sector's report for the selected period;
- initiatives by status and health: the plan as it stands today (the plan is live; health is
  ``actionplans.health.initiative_health`` written as SQL), optionally only those in a phase;
  health is read on the day ``health_basis`` gives (the quarter's last day once it is over,
  else today), the same day as the tracker's, and each table says which;
- KPIs: health of each active KPI from its value (all groups) for the selected period, read
  at the period's end, as the sector's approved report holds it (``selectors.published_figures``):
  a sector whose report is not approved has no KPI counts, its row says "not approved";
- maturity: the latest self-assessment ARTF has reviewed; one awaiting review says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accountability.models import Recommendation
from accountability.selectors import engagement_counts, recommendation_counts
from actionplans.health import Health
from actionplans.models import Initiative, Phase, Strategy
from core.charts import BarChart, bar_chart
from core.html import format_html, joined
from core.text import pick, plain
from equity.maturity import STAGE_BY_NUMBER
from equity.selectors import maturity_standing, representation_gaps, representation_latest_period
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from reporting.standing import (
    INITIATIVE_HEALTH,
    INITIATIVE_STATUSES,
    KPI_HEALTH,
    HealthBasis,
    health_basis,
    initiative_counts,
    kpi_counts,
)
from sectors.models import Sector

from . import figures

Status = QuarterlyReport.Status
IStatus = Initiative.Status
REPORT_ORDER = [Status.NOT_STARTED, Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.APPROVED]
# In place of a figure that is not published (``selectors.published_figures``).
NOT_APPROVED = _("Not approved")
NOT_REVIEWED = _("not reviewed")


class HealthFilter:
    """The "health" filter: which sectors need attention."""

    CHOICES = [
        ("overdue", _("Has overdue initiatives")),
        ("at_risk", _("Has initiatives or KPIs at risk")),
        ("off_track", _("Has KPIs off track")),
        ("on_track", _("Nothing overdue, at risk or off track")),
    ]

    @staticmethod
    def keeps(row: SectorRow, value: str) -> bool:
        if value == "overdue":
            return row.initiative_health[Health.OVERDUE] > 0
        if value == "at_risk":
            return row.initiative_health[Health.AT_RISK] + row.kpi_health[Health.AT_RISK] > 0
        if value == "off_track":
            return row.kpi_health[Health.OFF_TRACK] > 0
        if value == "on_track":
            return not (
                row.initiative_health[Health.OVERDUE]
                or row.initiative_health[Health.AT_RISK]
                or row.kpi_health[Health.AT_RISK]
                or row.kpi_health[Health.OFF_TRACK]
            )
        return True


SORTS = {
    "code": lambda row: row.code,
    "name": lambda row: row.name.casefold(),
    "report": lambda row: (REPORT_ORDER.index(row.report_status), row.code),
    "maturity": lambda row: (row.maturity or 0, row.code),
    "engagements": lambda row: (row.engagements, row.code),
    "initiatives": lambda row: (row.initiative_total, row.code),
    "overdue": lambda row: (row.initiative_health[Health.OVERDUE], row.code),
    "at_risk": lambda row: (row.initiative_health[Health.AT_RISK], row.code),
    "kpis_off": lambda row: (row.kpi_health[Health.OFF_TRACK], row.code),
}


@dataclass
class SectorRow:
    pk: int
    code: str
    name: str
    report_status: str
    initiative_status: dict[str, int]
    initiative_health: dict[str, int]
    kpi_health: dict[str, int]
    plan_url: str = ""
    report_url: str = ""
    maturity: int | None = None  # the latest reviewed self-assessed stage, 1 to 6
    maturity_url: str = ""
    maturity_awaiting: bool = False  # a newer self-assessment (or the only one) awaits ARTF's review
    kpis_published: bool = True  # the sector's report is approved, so its KPI figures may be shown
    engagements: int = 0  # stakeholder engagements logged in the period

    @property
    def maturity_label(self) -> str:
        return f"{self.maturity}. {STAGE_BY_NUMBER[self.maturity].name}" if self.maturity else ""

    @property
    def report_label(self):
        return Status(self.report_status).label

    @property
    def initiative_total(self) -> int:
        return sum(self.initiative_status.values())

    # Lists in display order, for templates (which cannot index dicts by variables).
    @property
    def status_counts(self) -> list[int]:
        return [self.initiative_status[s] for s in INITIATIVE_STATUSES]

    @property
    def health_counts(self) -> list[int]:
        return [self.initiative_health[h] for h in INITIATIVE_HEALTH]

    @property
    def kpi_counts(self) -> list[int]:
        return [self.kpi_health[h] for h in KPI_HEALTH]


@dataclass
class Dashboard:
    period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    phases: list[Phase]
    rows: list[SectorRow]
    sector_count: int
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "code"
    descending: bool = False
    representation_period: ReportingPeriod | None = None
    representation: list[dict] = field(default_factory=list)
    recommendations: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, count)
    basis: HealthBasis | None = None  # the day initiative health is read on

    def _total(self, attr: str, keys) -> list[int]:
        return [sum(getattr(row, attr)[key] for row in self.rows) for key in keys]

    @property
    def total_status(self) -> list[int]:
        return self._total("initiative_status", INITIATIVE_STATUSES)

    @property
    def total_health(self) -> list[int]:
        return self._total("initiative_health", INITIATIVE_HEALTH)

    @property
    def total_kpis(self) -> list[int]:
        return self._total("kpi_health", KPI_HEALTH)

    @property
    def total_engagements(self) -> int:
        return sum(row.engagements for row in self.rows)

    @property
    def total_initiatives(self) -> int:
        return sum(self.total_status)

    @property
    def report_totals(self) -> list[tuple[str, str, int]]:
        counts = {status: 0 for status in REPORT_ORDER}
        for row in self.rows:
            counts[row.report_status] += 1
        return [(status, Status(status).label, counts[status]) for status in REPORT_ORDER]

    @property
    def rows_html(self) -> list[SafeString]:
        name = str(_("%(sector)s report"))
        return [row_html(row, report_name=name) for row in self.rows]

    @property
    def charts(self) -> list[tuple[BarChart, list[tuple[str, int]]]]:
        reports = [(label, count, f"bar-report-{status}") for status, label, count in self.report_totals]
        health = [
            (Health(h).label, n, f"bar-health-{h}") for h, n in zip(INITIATIVE_HEALTH, self.total_health, strict=True)
        ]
        health_title = _("Initiatives by health, %(basis)s") % {"basis": self.basis.phrase} if self.basis else ""
        kpis = [(Health(h).label, n, f"bar-health-{h}") for h, n in zip(KPI_HEALTH, self.total_kpis, strict=True)]
        return [
            (bar_chart(_("Reports by status"), reports), [(label, n) for label, n, _c in reports]),
            (bar_chart(health_title, health), [(label, n) for label, n, _c in health]),
            (bar_chart(_("KPIs by health"), kpis), [(label, n) for label, n, _c in kpis]),
        ]


def default_period(periods: list[ReportingPeriod], today: datetime.date) -> ReportingPeriod | None:
    """The most recent open period; else the most recent opened one; else the most recent."""
    newest_first = sorted(periods, key=lambda p: p.order_key, reverse=True)
    for test in (lambda p: p.is_open_on(today), lambda p: p.opens_on is not None, lambda p: True):
        for period in newest_first:
            if test(period):
                return period
    return None


def dashboard_get(
    *,
    today: datetime.date,
    period_slug: str = "",
    phase: int | None = None,
    status: str = "",
    health: str = "",
    sort: str = "code",
    descending: bool = False,
) -> Dashboard:
    periods = list(ReportingPeriod.objects.order_by("-fiscal_year", "-quarter"))
    period = next((p for p in periods if p.slug == period_slug), None) or default_period(periods, today)
    strategy = Strategy.objects.current()
    phases = list(Phase.objects.filter(strategy=strategy).order_by("number")) if strategy else []
    if period is None or strategy is None:
        return Dashboard(period=period, periods=periods, phases=phases, rows=[], sector_count=0)

    def compute() -> DepartmentFigures:
        return department_figures(period=period, strategy=strategy, phase=phase, today=today)

    if phase is None or phase in {p.number for p in phases}:  # a phase that exists: a bounded set of keys
        department = figures.cached((period.pk, strategy.pk, phase, today.isoformat(), get_language()), compute)
    else:
        department = compute()
    rows = list(department.rows)
    if status in Status.values:
        rows = [row for row in rows if row.report_status == status]
    if health:
        rows = [row for row in rows if HealthFilter.keeps(row, health)]
    sort = sort if sort in SORTS else "code"
    rows.sort(key=SORTS[sort], reverse=descending)
    return Dashboard(
        period=period,
        periods=periods,
        phases=phases,
        rows=rows,
        sector_count=len(department.rows),
        filters={"period": period.slug, "phase": str(phase or ""), "status": status, "health": health},
        sort=sort,
        descending=descending,
        basis=department.basis,
        representation_period=department.representation_period,
        representation=department.representation,
        recommendations=[
            (status, str(Recommendation.Status(status).label), n) for status, n in department.recommendations.items()
        ],
    )


@dataclass
class DepartmentFigures:
    """Where every sector stands for a period, before the reader's filters and sort: what
    ``dashboard.figures`` caches until a write changes it."""

    rows: list[SectorRow]
    basis: HealthBasis
    representation_period: ReportingPeriod | None
    representation: list[dict]
    recommendations: dict[str, int]


def department_figures(
    *, period: ReportingPeriod, strategy: Strategy, phase: int | None, today: datetime.date
) -> DepartmentFigures:
    """Every active sector's row for the period, in the reader's language; eight queries."""
    sectors = list(
        plain(Sector)
        .filter(is_active=True)
        .annotate(
            report_status=Subquery(
                QuarterlyReport.objects.filter(sector=OuterRef("pk"), period=period).order_by().values("status")[:1]
            )
        )
        .order_by("code")
        .values_list("pk", "code", "name_en", "name_fr", "report_status")
    )
    basis = health_basis(period, today)
    by_sector_initiatives = initiative_counts(strategy=strategy, phase=phase, on=basis.day)
    by_sector_kpis = kpi_counts(strategy=strategy, period=period)
    maturity = maturity_standing(up_to=period)  # reviewed self-assessments only
    engagements = engagement_counts(period=period)
    representation_period = representation_latest_period(up_to=period)

    language = get_language()
    plan_base = reverse("actionplans:plan-detail", kwargs={"code": "CODE"})
    report_base = reverse("reporting:report-detail", kwargs={"code": "CODE", "slug": period.slug})
    maturity_base = reverse("equity:maturity", kwargs={"code": "CODE"})
    rows = []
    for pk, code, name_en, name_fr, report_status in sectors:
        counts = by_sector_initiatives.get(pk, {})
        rows.append(
            SectorRow(
                pk=pk,
                code=code,
                name=pick(name_en, name_fr, language),
                report_status=report_status or Status.NOT_STARTED,
                initiative_status={s: counts.get(s, 0) for s in INITIATIVE_STATUSES},
                initiative_health={h: counts.get(h, 0) for h in INITIATIVE_HEALTH},
                kpi_health=by_sector_kpis.get(pk) or {h: 0 for h in KPI_HEALTH},
                kpis_published=report_status == Status.APPROVED,
                plan_url=plan_base.replace("CODE", code),
                report_url=report_base.replace("CODE", code),
                maturity=maturity[pk][0].stage if maturity.get(pk, (None,))[0] else None,
                maturity_url=maturity_base.replace("CODE", code),
                maturity_awaiting=maturity.get(pk, (None, False))[1],
                engagements=sum(engagements.get(pk, {}).values()),
            )
        )
    return DepartmentFigures(
        rows=rows,
        basis=basis,
        representation_period=representation_period,
        representation=representation_gaps(period=representation_period),
        recommendations=recommendation_counts(),
    )


def row_html(row: SectorRow, *, report_name: str) -> SafeString:
    """One sector's line of the dashboard table, built here: a hundred rows of sixteen cells
    cost a template engine several times more than a format string."""

    def cells(counts: list[int], alarm: int | None = None) -> SafeString:
        return joined(
            format_html(
                '<td class="text-end{}{}">{}</td>',
                " border-start" if index == 0 else "",
                " text-danger fw-bold" if index == alarm and n else "",
                n,
            )
            for index, n in enumerate(counts)
        )

    if row.maturity:
        maturity = format_html('<a href="{}">{}</a>', row.maturity_url, row.maturity_label)
    else:
        maturity = mark_safe('<span aria-hidden="true">—</span>')
    if row.maturity_awaiting:
        maturity = format_html(
            '{} <a href="{}" class="badge text-bg-light">{}</a>', maturity, row.maturity_url, NOT_REVIEWED
        )
    if row.kpis_published:
        kpis = cells(row.kpi_counts, alarm=2)
    else:
        kpis = format_html(
            '<td colspan="{}" class="border-start text-body-secondary">{}</td>', len(KPI_HEALTH), NOT_APPROVED
        )
    return format_html(
        "<tr><td>{code}</td>"
        '<th scope="row"><a href="{plan_url}">{name}</a></th>'
        '<td><a href="{report_url}" class="badge report-{status}">{status_label}'
        '<span class="visually-hidden"> – {report_name}</span></a></td>'
        "<td>{maturity}</td>"
        '<td class="text-end">{engagements}</td>'
        "{statuses}"
        '<td class="text-end fw-semibold">{total}</td>'
        "{health}{kpis}</tr>",
        code=row.code,
        plan_url=row.plan_url,
        name=row.name,
        report_url=row.report_url,
        status=row.report_status,
        status_label=row.report_label,
        report_name=report_name % {"sector": row.code},
        maturity=maturity,
        engagements=row.engagements,
        statuses=cells(row.status_counts),
        total=row.initiative_total,
        health=cells(row.health_counts, alarm=2),
        kpis=kpis,
    )


def dashboard_table(board: Dashboard) -> tuple[list[str], list[list]]:
    """The dashboard's table as headers and rows, for the CSV and XLSX exports."""
    basis = board.basis.phrase if board.basis else ""
    headers = [
        str(_("Code")),
        str(_("Sector")),
        str(_("Report status")),
        str(_("Maturity stage")),
        str(_("Engagements in the quarter")),
        *[str(IStatus(s).label) for s in INITIATIVE_STATUSES],
        str(_("Initiatives")),
        *[
            str(_("Initiatives %(basis)s: %(health)s") % {"basis": basis, "health": Health(h).label})
            for h in INITIATIVE_HEALTH
        ],
        *[str(_("KPIs: %(health)s") % {"health": Health(h).label}) for h in KPI_HEALTH],
    ]
    table = [
        [
            row.code,
            row.name,
            str(row.report_label),
            (row.maturity_label + (f" ({NOT_REVIEWED})" if row.maturity_awaiting else "")).strip(),
            row.engagements,
            *row.status_counts,
            row.initiative_total,
            *row.health_counts,
            *(row.kpi_counts if row.kpis_published else [str(NOT_APPROVED)] * len(KPI_HEALTH)),
        ]
        for row in board.rows
    ]
    table.append(
        [
            "",
            str(_("Total")),
            "",
            "",
            sum(row.engagements for row in board.rows),
            *board.total_status,
            board.total_initiatives,
            *board.total_health,
            *board.total_kpis,
        ]
    )
    return headers, table


def home_rows_html(sectors, *, roles: dict[int, str], sees_all: bool) -> list[SafeString]:
    """The home page's table of sectors, a row each, built here (ADR 0003): a hundred rows of
    links and counts cost the template engine about 40 ms."""
    plan_base = reverse("actionplans:plan-detail", kwargs={"code": "CODE"})
    reports_base = reverse("reporting:report-list", kwargs={"code": "CODE"})
    reports_label = str(_("%(sector)s reports"))
    lead, contributor = str(_("Sector lead")), str(_("Contributor"))
    rows = []
    for sector in sectors:
        role = ""
        if not sees_all:
            label = "" if sector.pk not in roles else lead if roles[sector.pk] == "lead" else contributor
            role = format_html("<td>{}</td>", label)
        rows.append(
            format_html(
                '<tr><td>{code}</td><th scope="row"><a href="{plan}">{name}</a></th>{role}'
                '<td class="text-end">{commitments}</td><td class="text-end">{initiatives}</td>'
                '<td><a href="{reports}">{reports_label}</a></td></tr>',
                code=sector.code,
                plan=plan_base.replace("CODE", sector.code),
                name=sector.name,
                role=role,
                commitments=sector.commitment_count,
                initiatives=sector.initiative_count,
                reports=reports_base.replace("CODE", sector.code),
                reports_label=reports_label % {"sector": sector.code},
            )
        )
    return rows
