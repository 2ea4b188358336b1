"""Reads of accountability: reviews and their recommendations, engagements, governance chains."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from actionplans.models import ActionPlan, Initiative
from periods.models import ReportingPeriod

from .models import INTERNAL, Approval, Engagement, GovernanceStep, Recommendation, Review

Status = Recommendation.Status
OPEN = [Status.NOT_STARTED, Status.IN_PROGRESS]


def review_list(*, today: datetime.date) -> QuerySet[Review]:
    """Every review with its recommendations counted by status, and how many are overdue; one query."""
    counts = {f"n_{s}": Count("recommendations", filter=Q(recommendations__status=s)) for s in Status.values}
    return Review.objects.annotate(
        n_total=Count("recommendations"),
        n_overdue=Count(
            "recommendations", filter=Q(recommendations__status__in=OPEN, recommendations__due_date__lt=today)
        ),
        **counts,
    ).order_by("-date", "title_en")


def review_detail(*, pk: int) -> Review:
    """A review and its recommendations with the initiatives that carry them out; two queries."""
    initiatives = Initiative.objects.select_related("commitment__plan__sector").order_by(
        "commitment__plan__sector__code", "commitment__number", "number"
    )
    recommendations = Recommendation.objects.prefetch_related(Prefetch("initiatives", queryset=initiatives)).order_by(
        "number"
    )
    return get_object_or_404(
        Review.objects.prefetch_related(Prefetch("recommendations", queryset=recommendations)), pk=pk
    )


def recommendation_counts() -> dict[str, int]:
    """Recommendations of every review by status (the dashboard's and tracker's summary); one query."""
    found = dict(Recommendation.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: found.get(status, 0) for status in Status.values}


def recommendation_rows(*, today: datetime.date) -> list[dict]:
    """Every recommendation, for the tracker: review, number, theme, status, due date, overdue; one query."""
    rows = []
    for rec in Recommendation.objects.select_related("review").order_by("-review__date", "review_id", "number"):
        rows.append({"recommendation": rec, "review": rec.review, "overdue": rec.is_overdue(today)})
    return rows


def engagement_list(
    *, sector: str = "", stakeholder_type: str = "", period: ReportingPeriod | None = None, kind: str = ""
) -> QuerySet[Engagement]:
    rows = Engagement.objects.select_related("sector").prefetch_related("commitments").order_by("-date", "-pk")
    if sector:
        rows = rows.filter(sector__code=sector)
    if stakeholder_type:
        rows = rows.filter(stakeholder_type=stakeholder_type)
    if kind == "internal":
        rows = rows.filter(stakeholder_type__in=INTERNAL)
    elif kind == "external":
        rows = rows.exclude(stakeholder_type__in=INTERNAL)
    if period is not None:
        rows = rows.filter(date__gte=period.start_date, date__lte=period.end_date)
    return rows


def engagement_counts(*, period: ReportingPeriod) -> dict[int, dict[str, int]]:
    """Sector id → engagements in the quarter, internal and external; one query."""
    rows = (
        Engagement.objects.filter(date__gte=period.start_date, date__lte=period.end_date)
        .values("sector_id")
        .annotate(
            internal=Count("pk", filter=Q(stakeholder_type__in=INTERNAL)),
            external=Count("pk", filter=~Q(stakeholder_type__in=INTERNAL)),
        )
        .order_by()
    )
    return {row["sector_id"]: {"internal": row["internal"], "external": row["external"]} for row in rows}


@dataclass
class ChainStep:
    step: int
    label: str
    decisions: list[Approval]

    @property
    def latest(self) -> Approval | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def passed(self) -> bool:
        return self.latest is not None and self.latest.passed


@dataclass
class Chain:
    steps: list[ChainStep]

    @property
    def next_step(self) -> ChainStep | None:
        """The first body that has not approved the plan: where it stands."""
        return next((s for s in self.steps if not s.passed), None)

    @property
    def returned(self) -> Approval | None:
        step = self.next_step
        return step.latest if step is not None and step.latest is not None else None

    @property
    def complete(self) -> bool:
        return self.next_step is None


def plan_chain(*, plan: ActionPlan) -> Chain:
    """The plan's governance chain in order, each body's decisions; one query."""
    decisions: dict[int, list[Approval]] = {}
    for approval in Approval.objects.filter(plan=plan).select_related("recorded_by").order_by("date", "pk"):
        decisions.setdefault(approval.step, []).append(approval)
    return Chain([ChainStep(step.value, str(step.label), decisions.get(step.value, [])) for step in GovernanceStep])


def plan_engagements(*, plan: ActionPlan, limit: int = 20) -> list[Engagement]:
    """The sector's latest engagements, for its plan page; two queries."""
    return list(
        Engagement.objects.filter(sector_id=plan.sector_id)
        .prefetch_related("commitments")
        .order_by("-date", "-pk")[:limit]
    )


def initiative_recommendations(*, initiative: Initiative) -> list[Recommendation]:
    """The review recommendations an initiative carries out, for its page; one query."""
    return list(initiative.recommendations.select_related("review").order_by("-review__date", "number"))
