"""Reads of the sectors app: maturity assessments."""

from __future__ import annotations

from django.db.models import Q

from reporting.models import ReportingPeriod

from .maturity import STAGE_BY_NUMBER
from .models import MaturityAssessment, Sector


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
    left, right, top, bottom = 175, 45, 10, 30
    step = (width - left - right) / max(len(history) - 1, 1)
    band = (height - top - bottom) / 5

    def y(stage: int) -> float:
        return round(top + (6 - stage) * band, 1)

    points = [
        {"x": round(left + i * step, 1), "y": y(a.stage), "label": a.period.label, "stage": a.stage}
        for i, a in enumerate(history)
    ]
    return {
        "width": width,
        "height": height,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "ticks": [{"y": y(n), "label": f"{n}. {STAGE_BY_NUMBER[n].name}"} for n in range(1, 7)],
        "axis_y": height - bottom + 18,
        "label_x": left - 10,
        "grid_x": left - 5,
    }


def _assessments(up_to: ReportingPeriod | None):
    """Every assessment at or before ``up_to``, oldest quarter first."""
    assessments = MaturityAssessment.objects.select_related("period").order_by("period__fiscal_year", "period__quarter")
    if up_to is not None:
        assessments = assessments.filter(
            Q(period__fiscal_year__lt=up_to.fiscal_year)
            | Q(period__fiscal_year=up_to.fiscal_year, period__quarter__lte=up_to.quarter)
        )
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
