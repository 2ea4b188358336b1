"""Reads of plans, commitments, initiatives and KPIs, each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, F, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from core import charts
from core.text import in_language, plain
from periods.calendar import fiscal_label, fiscal_quarter_dates
from periods.models import ReportingPeriod
from sectors.models import Sector

from .health import initiative_health, kpi_health
from .models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy
from .published import SUPPRESSIBLE, hidden_kpi_values, suppressible


def sector_summaries(*, sectors: QuerySet[Sector]) -> QuerySet[Sector]:
    """Sectors with their counts of commitments and active initiatives under the current strategy."""
    strategy = Strategy.objects.current()
    in_plan = Q(plans__strategy=strategy)
    return sectors.annotate(
        commitment_count=Count("plans__commitments", filter=in_plan, distinct=True),
        initiative_count=Count(
            "plans__commitments__initiatives",
            filter=in_plan & Q(plans__commitments__initiatives__is_archived=False),
            distinct=True,
        ),
    )


@dataclass
class SeriesPoint:
    period_label: str
    period_end: datetime.date
    value: object
    suppressed: bool = False  # hidden by the small-count rule for readers outside the sector's editing pages


def _series_by_kpi(kpi_ids: list[int]) -> dict[int, list[tuple[int, int, object, bool]]]:
    """All-groups values of the KPIs, oldest first, as (fiscal year, quarter, value, suppressed) tuples.

    The same query reads the group values of count KPIs broken down by group, so that the
    small-count rule (``published``) can say which totals it hides.
    """
    series: dict[int, list[tuple[int, int, object, bool]]] = {}
    rows = list(
        plain(KPIValue)
        .filter(Q(equity_group__isnull=True) | SUPPRESSIBLE, kpi_id__in=kpi_ids)
        .order_by("period__fiscal_year", "period__quarter")
        .values_list(
            "kpi_id",
            "period_id",
            "equity_group_id",
            "value",
            "period__fiscal_year",
            "period__quarter",
            "kpi__unit",
            "kpi__is_disaggregated",
        )
    )
    counted = {row[0] for row in rows if row[6] == KPI.Unit.COUNT and row[7]}
    hidden = hidden_kpi_values([row[:4] for row in rows], suppressible=counted)
    for kpi_id, period_id, group_id, value, year, quarter, _unit, _split in rows:
        if group_id is None:
            series.setdefault(kpi_id, []).append((year, quarter, value, (kpi_id, period_id, None) in hidden))
    return series


def _decorate_kpis(kpis: list[KPI], *, full_series: bool = False) -> None:
    """Each KPI's latest value (with its period), health and sparkline; the whole series on request.

    What readers outside the sector's editing pages see instead is kept beside it (``kpi.published``)
    and put in place by ``kpis_publish``.
    """
    series = _series_by_kpi([k.pk for k in kpis])
    for kpi in kpis:
        points = series.get(kpi.pk, [])
        if points:
            year, quarter, value, hidden = points[-1]
            kpi.latest = SeriesPoint(fiscal_label(year, quarter), fiscal_quarter_dates(year, quarter)[1], value)
        else:
            kpi.latest = None
        # Health is a band, not a count: read from the stored value, for readers too.
        kpi.health = kpi_health(
            kpi, kpi.latest.value if kpi.latest else None, kpi.latest.period_end if kpi.latest else None
        )
        kpi.spark = charts.sparkline([value for _y, _q, value, _h in points[-8:]])
        shown = [point for point in points if not point[3]]
        published_latest = kpi.latest
        if kpi.latest and points[-1][3]:
            published_latest = SeriesPoint(kpi.latest.period_label, kpi.latest.period_end, None, suppressed=True)
        kpi.published = {
            "latest": published_latest,
            "spark": charts.sparkline([value for _y, _q, value, _h in shown[-8:]]),
        }
        if full_series:
            kpi.series = [SeriesPoint(fiscal_label(y, q), fiscal_quarter_dates(y, q)[1], v) for y, q, v, _h in points]
            kpi.published["series"] = [
                SeriesPoint(fiscal_label(y, q), fiscal_quarter_dates(y, q)[1], v) for y, q, v, _h in shown
            ]


def kpis_publish(kpis) -> None:
    """Show the KPIs as readers outside the sector's editing pages may see them (small counts suppressed)."""
    for kpi in kpis:
        for name, value in kpi.published.items():
            setattr(kpi, name, value)


class Row(SimpleNamespace):
    """A read-only row of the plan page: the fields it prints, without a model instance's weight."""


INITIATIVE_FIELDS = ("pk", "commitment_id", "number", "planned_start", "planned_end", "status")
KPI_FIELDS = (
    "pk",
    "commitment_id",
    "number",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "is_disaggregated",
)


def _rows(queryset, fields: tuple[str, ...], *, translated: tuple[str, ...] = ()) -> list[Row]:
    """Rows as light objects; a translated field takes the reader's language, else English."""
    language = get_language()
    names = list(fields) + [f"{name}_{code}" for name in translated for code in ("en", "fr")]
    result = []
    for values in queryset.values_list(*names):
        row = Row(**dict(zip(names, values, strict=True)))
        for name in translated:
            setattr(row, name, in_language(row, name, language))
        result.append(row)
    return result


def plan_for_sector(*, code: str) -> ActionPlan:
    """The sector's plan under the current strategy (404 when there is none), in one query.

    "Current" as ``Strategy.objects.current()`` says: in force today, else the most recent.
    """
    in_force = Strategy.objects.filter(start_date__lte=timezone.localdate()).order_by("-start_date").values("pk")[:1]
    latest = Strategy.objects.order_by("-start_date").values("pk")[:1]
    plans = ActionPlan.objects.select_related("sector", "strategy").alias(
        current=Coalesce(Subquery(in_force), Subquery(latest))
    )
    return get_object_or_404(plans, sector__code__iexact=code, strategy_id=F("current"))


def plan_get(*, code: str, today: datetime.date | None = None) -> ActionPlan:
    """The plan page: commitments, initiatives by phase with health, KPIs with trend and health."""
    today = today or timezone.localdate()
    plan = plan_for_sector(code=code)
    commitments = list(Commitment.objects.filter(plan=plan).order_by("number"))
    initiatives_by_commitment: dict[int, list[Row]] = {}
    for row in _rows(
        plain(Initiative).filter(commitment__plan=plan, is_archived=False).order_by("number"),
        INITIATIVE_FIELDS,
        translated=("title", "lead"),
    ):
        initiatives_by_commitment.setdefault(row.commitment_id, []).append(row)
    # Phase links as pairs of ids: the plan has five phases, no need for an object per link.
    phase_ids: dict[int, list[int]] = {}
    links = Initiative.phases.through.objects.filter(initiative__commitment__plan=plan).values_list(
        "initiative_id", "phase_id"
    )
    for initiative_id, phase_id in links:
        phase_ids.setdefault(initiative_id, []).append(phase_id)
    kpis = _rows(
        plain(KPI).filter(commitment__plan=plan, is_archived=False).order_by("number"),
        KPI_FIELDS,
        translated=("name",),
    )
    _decorate_kpis(kpis)
    kpis_by_commitment: dict[int, list[KPI]] = {}
    for kpi in kpis:
        kpis_by_commitment.setdefault(kpi.commitment_id, []).append(kpi)
    phases = list(plan.strategy.phases.order_by("number"))
    # The axis covers the strategy, every planned date and today, so that today is always marked.
    planned = [
        d for rows in initiatives_by_commitment.values() for r in rows for d in (r.planned_start, r.planned_end) if d
    ]
    span_start = min([plan.strategy.start_date, *planned])
    span_end = max([plan.strategy.end_date, today, *planned])
    x, today_x = charts.timeline_geometry(start=span_start, end=span_end, today=today)
    timeline = []
    for commitment in commitments:
        commitment.kpi_rows = kpis_by_commitment.get(commitment.pk, [])
        rows = initiatives_by_commitment.get(commitment.pk, [])
        for initiative in rows:
            initiative.health = initiative_health(initiative, today)
            span = charts.timeline_span(x, initiative.planned_start, initiative.planned_end)
            if span is not None:
                timeline.append((initiative, commitment.number, f"{span[0]:.1f}", f"{span[1]:.1f}"))
        commitment.phase_groups = group_by_phase(rows, phases, phase_ids)
    plan.commitment_rows = commitments
    plan.phase_rows = [(phase, *charts.timeline_span(x, phase.start_date, phase.end_date)) for phase in phases]
    plan.timeline = timeline
    plan.timeline_height = charts.timeline_height(len(timeline))
    plan.timeline_axis_y = plan.timeline_height - charts.TIMELINE_AXIS
    plan.year_ticks = charts.year_ticks(x, start=span_start, end=span_end)
    plan.today_x = today_x
    plan.today = today
    return plan


@dataclass
class PhaseGroup:
    phase: Phase | None
    initiatives: list[Initiative] = field(default_factory=list)


def group_by_phase(initiatives, phases: list[Phase], phase_ids: dict[int, list[int]]) -> list[PhaseGroup]:
    """Initiatives under the first phase they belong to, in phase order; unphased ones last."""
    groups = {phase.pk: PhaseGroup(phase) for phase in phases}
    order = {phase.pk: phase.number for phase in phases}
    unphased = PhaseGroup(None)
    for initiative in initiatives:
        own = sorted(phase_ids.get(initiative.pk, []), key=lambda pk: order.get(pk, 99))
        target = groups.get(own[0]) if own else None
        (target or unphased).initiatives.append(initiative)
    result = [g for g in groups.values() if g.initiatives]
    if unphased.initiatives:
        result.append(unphased)
    return result


def initiative_get(*, plan: ActionPlan, pk: int) -> Initiative:
    return get_object_or_404(
        Initiative.objects.select_related("commitment__plan__sector").prefetch_related("phases", "equity_groups"),
        pk=pk,
        commitment__plan=plan,
    )


def initiative_row(*, plan: ActionPlan, pk: int, today: datetime.date | None = None) -> Initiative:
    """One initiative as the plan page shows it (with its health)."""
    initiative = initiative_get(plan=plan, pk=pk)
    initiative.health = initiative_health(initiative, today or timezone.localdate())
    return initiative


def commitment_get(*, plan: ActionPlan, pk: int) -> Commitment:
    return get_object_or_404(Commitment.objects.select_related("plan__sector"), pk=pk, plan=plan)


def kpi_get(*, plan: ActionPlan, pk: int) -> KPI:
    return get_object_or_404(
        KPI.objects.select_related("commitment__plan__sector", "initiative"), pk=pk, commitment__plan=plan
    )


@dataclass
class KPIPage:
    kpi: KPI
    chart: charts.TrendChart | None
    rows: list[dict]
    groups: list[EquityGroup]

    def stored_for(self, period) -> dict:
        """The period's stored values by group id (None: all groups), from the rows already read."""
        for row in self.rows:
            if row["period"].pk == period.pk:
                return {None: row["all"], **row["groups"]}
        return {}


def kpi_values_last_change(*, period: ReportingPeriod, values: list[tuple[int, int | None]]):
    """The latest recorded change (who, when) among a period's values, each (KPI id, group id or
    None); a value cleared since is found too, by the record of its clearing. None if none."""
    if not values:
        return None
    which = Q()
    for kpi_id, group_id in values:
        which |= Q(kpi_id=kpi_id, equity_group_id=group_id) if group_id else Q(kpi_id=kpi_id, equity_group__isnull=True)
    return (
        KPIValue.history.filter(which, period_id=period.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )


def kpi_value_periods() -> list[ReportingPeriod]:
    """The periods that take KPI values (every one not closed), newest first."""
    return list(ReportingPeriod.objects.accepting_values().chronological().reverse())


def kpi_page(*, kpi: KPI, published: bool = False) -> KPIPage:
    """A KPI with every value by period (and group), its chart and its health.

    ``published``: as readers outside the sector's editing pages see it, small counts suppressed.
    """
    _decorate_kpis([kpi], full_series=True)
    if published:
        kpis_publish([kpi])
    groups = list(EquityGroup.objects.order_by("order")) if kpi.is_disaggregated else []
    values = list(
        KPIValue.objects.filter(kpi=kpi).select_related("period").order_by("period__fiscal_year", "period__quarter")
    )
    hidden = set()
    if published and suppressible(kpi):
        rows = [(v.kpi_id, v.period_id, v.equity_group_id, v.value) for v in values]
        hidden = hidden_kpi_values(rows, suppressible={kpi.pk})
    by_period: dict[int, dict] = {}
    for value in values:
        row = by_period.setdefault(value.period_id, {"period": value.period, "all": None, "groups": {}})
        if value.equity_group_id is None:
            row["all"] = value
        else:
            row["groups"][value.equity_group_id] = value
    rows = list(by_period.values())
    for row in rows:
        row["group_values"] = [row["groups"].get(group.pk) for group in groups]
        # (value, suppressed) for "all groups", then each group
        row["cells"] = [
            (v.value if v else None, bool(v) and (v.kpi_id, v.period_id, v.equity_group_id) in hidden)
            for v in [row["all"], *row["group_values"]]
        ]
    chart = charts.trend_chart(
        series=[(p.period_end, p.period_label, p.value) for p in kpi.series],
        baseline=(kpi.baseline_date, kpi.baseline_value)
        if kpi.baseline_date and kpi.baseline_value is not None
        else None,
        target=(kpi.target_date, kpi.target_value) if kpi.target_date and kpi.target_value is not None else None,
        unit=kpi.unit,
    )
    return KPIPage(kpi=kpi, chart=chart, rows=rows, groups=groups)
