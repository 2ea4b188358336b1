"""Reads of equity evidence. Every figure leaves through ``published``: suppression applies everywhere.

Pages, exports, the dashboard and the tracker all read representation through this module,
so a hidden count, and every percentage or gap made from it, is hidden in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from core import charts
from periods.models import ReportingPeriod, up_to_q
from sectors.models import Sector

from .maturity import STAGE_BY_NUMBER
from .models import Group, Level, MaturityAssessment, Representation, Survey, SurveyHighlight, SurveyResult, percent

TREND_PERIODS = 8
COLUMNS = (
    "period_id",
    "sector_id",
    "level",
    "group",
    "headcount",
    "total",
    "headcount_hidden",
    "total_hidden",
    "lma_percent",
    "lma_source",
    "lma_year",
)


@dataclass
class Figure:
    """One group at one level, as anyone may see it: None where suppression hides a number."""

    group: str
    label: str
    headcount: int | None
    total: int | None
    percent: Decimal | None
    lma: Decimal | None
    gap: Decimal | None
    suppressed: bool
    lma_source: str = ""
    lma_year: int | None = None
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    spark: str = ""


def published(row: dict) -> Figure:
    """The one place a stored representation row becomes what people may see."""
    headcount = None if row["headcount_hidden"] else row["headcount"]
    total = None if row["total_hidden"] else row["total"]
    share = percent(headcount, total) if headcount is not None and total is not None else None
    lma = row["lma_percent"]
    gap = share - lma if share is not None and lma is not None else None
    return Figure(
        group=row["group"],
        label=str(Group(row["group"]).label),
        headcount=headcount,
        total=total,
        percent=share,
        lma=lma.normalize() if lma is not None else None,
        gap=gap,
        suppressed=headcount is None or total is None,
        lma_source=row["lma_source"],
        lma_year=row["lma_year"],
    )


@dataclass
class LevelBlock:
    level: str
    label: str
    figures: list[Figure]
    bars: list[dict]
    total: int | None = None

    @property
    def chart_height(self) -> int:
        return 10 + 34 * len(self.bars)


@dataclass
class RepresentationPage:
    period: ReportingPeriod | None
    sector: Sector | None
    periods: list[ReportingPeriod]  # quarters with figures for this scope, newest first
    trend_labels: list[str]
    levels: list[LevelBlock]
    sources: list[str]

    @property
    def has_data(self) -> bool:
        return bool(self.levels)


def _scope(sector: Sector | None) -> Q:
    return Q(sector=sector) if sector is not None else Q(sector__isnull=True)


def _periods_of(rows) -> list[ReportingPeriod]:
    """The quarters ``rows`` belong to, newest first; one query."""
    ids = rows.values("period_id").distinct()
    return list(ReportingPeriod.objects.filter(pk__in=ids).order_by("-fiscal_year", "-quarter"))


def representation_periods(*, sector: Sector | None = None) -> list[ReportingPeriod]:
    """Quarters with representation figures for the department (or a sector), newest first."""
    return _periods_of(Representation.objects.filter(_scope(sector)))


def representation_page(*, sector: Sector | None, slug: str = "") -> RepresentationPage:
    """A quarter's representation against LMA by level and group, with each figure's trend; two queries."""
    periods = representation_periods(sector=sector)
    period = next((p for p in periods if p.slug == slug), periods[0] if periods else None)
    if period is None:
        return RepresentationPage(None, sector, [], [], [], [])
    window = [p for p in periods if p.order_key <= period.order_key][:TREND_PERIODS]
    window.reverse()
    rows = list(Representation.objects.filter(_scope(sector), period__in=window).values(*COLUMNS).order_by())
    return RepresentationPage(
        period=period,
        sector=sector,
        periods=periods,
        trend_labels=[p.label for p in window],
        levels=_levels(rows, period, window),
        sources=sorted(
            {
                f"{r['lma_source']} ({r['lma_year']})" if r["lma_year"] else r["lma_source"]
                for r in rows
                if r["lma_source"] and r["period_id"] == period.pk
            }
        ),
    )


def _levels(rows: list[dict], period: ReportingPeriod, window: list[ReportingPeriod]) -> list[LevelBlock]:
    by_key: dict[tuple, dict[int, Figure]] = {}
    for row in rows:
        by_key.setdefault((row["level"], row["group"]), {})[row["period_id"]] = published(row)
    blocks = []
    for level in Level:
        figures = []
        total = None
        for group in Group:
            series = by_key.get((level.value, group.value))
            if not series or period.pk not in series:
                continue
            figure = series[period.pk]
            figure.trend = [(p.label, series[p.pk].percent if p.pk in series else None) for p in window]
            figure.spark = charts.sparkline([v for _label, v in figure.trend if v is not None], width=90, height=22)
            total = figure.total if figure.total is not None else total
            figures.append(figure)
        if figures:
            blocks.append(LevelBlock(level.value, str(level.label), figures, _bars(figures), total))
    return blocks


def _bars(figures: list[Figure]) -> list[dict]:
    """Two bars per group, representation and LMA, on one scale (0 to the largest, at least 10 %)."""
    return charts.paired_bars([(f.label, f.percent, f.lma) for f in figures], floor=Decimal(10), length=300)


def representation_gaps(*, period: ReportingPeriod | None) -> list[dict]:
    """The department's gaps to LMA for a quarter, level by group (the dashboard's and tracker's table); one query."""
    if period is None:
        return []
    rows = Representation.objects.filter(period=period, sector__isnull=True).values(*COLUMNS).order_by()
    figures = {(r["level"], r["group"]): published(r) for r in rows}
    # Only groups with a benchmark: a gap needs one (combined groups have none).
    groups = [g for g in Group if any(f.lma is not None for (_lv, group), f in figures.items() if group == g.value)]
    return [
        {
            "level": str(level.label),
            "cells": [figures.get((level.value, g.value)) for g in groups],
            "groups": [str(g.label) for g in groups],
        }
        for level in Level
        if any((level.value, g.value) in figures for g in groups)
    ]


def representation_latest_period(*, up_to: ReportingPeriod | None = None) -> ReportingPeriod | None:
    """The newest quarter with department figures (at or before ``up_to``)."""
    periods = representation_periods()
    if up_to is not None:
        periods = [p for p in periods if p.order_key <= up_to.order_key]
    return periods[0] if periods else None


def representation_export_rows(page: RepresentationPage, suppressed_text: str) -> tuple[list[str], list[list]]:
    """The page's figures as a table for CSV and XLSX, with the same suppression."""
    from django.utils.translation import gettext as _

    headers = [
        _("Period"),
        _("Sector"),
        _("Level"),
        _("Group"),
        _("Headcount"),
        _("Total headcount"),
        _("Representation %"),
        _("LMA %"),
        _("Gap (points)"),
        _("LMA source"),
        _("LMA year"),
    ]

    def shown(value):
        return suppressed_text if value is None else value

    table = []
    for block in page.levels:
        for f in block.figures:
            table.append(
                [
                    page.period.label,
                    page.sector.code if page.sector else _("Department"),
                    block.label,
                    f.label,
                    shown(f.headcount),
                    shown(f.total),
                    shown(f.percent),
                    "" if f.lma is None else f.lma,
                    "" if f.lma is None else shown(f.gap),
                    f.lma_source,
                    f.lma_year or "",
                ]
            )
    return [str(h) for h in headers], table


# -- surveys -----------------------------------------------------------------------------------
@dataclass
class SurveyBlock:
    survey: Survey
    groups: list[tuple[str, str]]  # (code, label); "" is all respondents
    themes: list[dict]
    highlights: list[SurveyHighlight]


def survey_periods() -> list[ReportingPeriod]:
    return _periods_of(Survey.objects.all())


def survey_page(
    *, slug: str = "", threshold: int
) -> tuple[ReportingPeriod | None, list[ReportingPeriod], list[SurveyBlock]]:
    """A quarter's surveys: results by theme and group, the gap to all respondents, the trend, highlights; four queries."""
    periods = survey_periods()
    period = next((p for p in periods if p.slug == slug), periods[0] if periods else None)
    if period is None:
        return None, periods, []
    surveys = list(Survey.objects.filter(period=period).order_by("name_en"))
    names = {s.name_en for s in surveys}
    earlier = list(
        SurveyResult.objects.filter(up_to_q(period, prefix="survey__period"), survey__name_en__in=names)
        .values(
            "survey_id",
            "survey__name_en",
            "survey__period__fiscal_year",
            "survey__period__quarter",
            "theme_en",
            "theme_fr",
            "group",
            "value",
            "respondents",
        )
        .order_by("survey__period__fiscal_year", "survey__period__quarter")
    )
    highlights: dict[int, list[SurveyHighlight]] = {}
    for h in SurveyHighlight.objects.filter(survey__in=surveys).order_by("order", "pk"):
        highlights.setdefault(h.survey_id, []).append(h)
    blocks = []
    for survey in surveys:
        mine = [r for r in earlier if r["survey_id"] == survey.pk]
        history = [r for r in earlier if r["survey__name_en"] == survey.name_en]
        group_codes = sorted({r["group"] for r in mine}, key=lambda g: (g != "", Group.values.index(g) if g else 0))
        groups = [(g, str(Group(g).label) if g else "") for g in group_codes]
        themes: dict[str, dict] = {}
        for r in mine:
            theme = themes.setdefault(
                r["theme_en"], {"theme_en": r["theme_en"], "theme_fr": r["theme_fr"], "cells": {}}
            )
            shown = r["respondents"] >= threshold
            theme["cells"][r["group"]] = {
                "value": r["value"] if shown else None,
                "respondents": r["respondents"] if shown else None,
            }
        for theme in themes.values():
            overall = theme["cells"].get("", {}).get("value")
            for code, cell in theme["cells"].items():
                cell["gap"] = (
                    cell["value"] - overall if code and cell["value"] is not None and overall is not None else None
                )
            series = [
                r["value"]
                for r in history
                if r["theme_en"] == theme["theme_en"] and r["group"] == "" and r["respondents"] >= threshold
            ]
            theme["trend"] = series
            theme["spark"] = charts.sparkline(series[-TREND_PERIODS:], width=90, height=22)
            theme["row"] = [theme["cells"].get(code) for code, _label in groups]
        blocks.append(SurveyBlock(survey, groups, list(themes.values()), highlights.get(survey.pk, [])))
    return period, periods, blocks


def survey_highlights_for(*, period: ReportingPeriod) -> list[tuple[Survey, list[SurveyHighlight]]]:
    """The tracker's survey highlights: the latest surveys up to the quarter and their highlights; two queries."""
    surveys = list(
        Survey.objects.filter(up_to_q(period))
        .annotate(n=Count("highlights"))
        .filter(n__gt=0)
        .select_related("period")
        .order_by("-period__fiscal_year", "-period__quarter", "name_en")
    )
    latest: dict[str, Survey] = {}
    for survey in surveys:
        latest.setdefault(survey.name_en, survey)
    chosen = list(latest.values())
    found: dict[int, list[SurveyHighlight]] = {}
    for h in SurveyHighlight.objects.filter(survey__in=chosen).order_by("order", "pk"):
        found.setdefault(h.survey_id, []).append(h)
    return [(s, found.get(s.pk, [])) for s in chosen]


# -- the maturity continuum ----------------------------------------------------------------------
def maturity_history(*, sector: Sector) -> list[MaturityAssessment]:
    """A sector's assessments, oldest first, with who assessed and reviewed; one query."""
    return list(
        MaturityAssessment.objects.filter(sector=sector)
        .select_related("period", "assessed_by", "reviewed_by")
        .order_by("period__fiscal_year", "period__quarter")
    )


def maturity_path(history: list[MaturityAssessment], *, width: int = 640, height: int = 200) -> dict | None:
    """Geometry of the step chart of a sector's stage over its quarters (stage 1 at the bottom)."""
    if not history:
        return None
    return charts.step_chart(
        [(a.period.label, a.stage) for a in history],
        levels=[f"{n}. {STAGE_BY_NUMBER[n].name}" for n in range(1, 7)],
        width=width,
        height=height,
    )


def _assessments(up_to: ReportingPeriod | None):
    """Every assessment at or before ``up_to``, oldest quarter first."""
    assessments = MaturityAssessment.objects.select_related("period").order_by("period__fiscal_year", "period__quarter")
    if up_to is not None:
        assessments = assessments.filter(up_to_q(up_to))
    return assessments


def maturity_latest(*, up_to: ReportingPeriod | None = None) -> dict[int, MaturityAssessment]:
    """Each sector's latest assessment (at or before ``up_to``), by sector id; one query."""
    return {a.sector_id: a for a in _assessments(up_to)}  # later quarters overwrite earlier ones


def maturity_standing(*, up_to: ReportingPeriod | None = None) -> dict[int, tuple[MaturityAssessment | None, bool]]:
    """Sector id → (its latest assessment ARTF has reviewed, or None; whether a newer one, or the
    only one, awaits review), at or before ``up_to``. One query.

    The rule for publishing maturity (tracker, dashboard, exports): a self-assessment is shown only
    once ARTF has recorded a review of it; one awaiting review is marked, never shown as a stage."""
    standing: dict[int, tuple[MaturityAssessment | None, bool]] = {}
    for assessment in _assessments(up_to):
        reviewed, _awaiting = standing.get(assessment.sector_id, (None, False))
        if assessment.reviewed_at is not None:
            standing[assessment.sector_id] = (assessment, False)
        else:
            standing[assessment.sector_id] = (reviewed, True)
    return standing


def maturity_published(*, up_to: ReportingPeriod | None = None) -> dict[int, MaturityAssessment]:
    """Each sector's latest assessment that ARTF has reviewed (at or before ``up_to``); one query."""
    return {pk: a for pk, (a, _awaiting) in maturity_standing(up_to=up_to).items() if a is not None}
