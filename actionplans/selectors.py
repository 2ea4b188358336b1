"""Reads of plans, commitments, initiatives and KPIs, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from sectors.models import Sector

from .models import KPI, ActionPlan, Commitment, Initiative, KPIValue, Phase, Strategy


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


def kpi_list(*, plan: ActionPlan) -> list[KPI]:
    """A plan's KPIs, each with ``latest`` = its most recent all-groups value (or None)."""
    latest = KPIValue.objects.filter(kpi=OuterRef("pk"), equity_group__isnull=True).order_by(
        "-period__fiscal_year", "-period__quarter"
    )
    kpis = list(
        KPI.objects.filter(commitment__plan=plan)
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .order_by("commitment__number", "number")
    )
    ids = [kpi.latest_id for kpi in kpis if kpi.latest_id]
    values = KPIValue.objects.filter(pk__in=ids).select_related("period").in_bulk() if ids else {}
    for kpi in kpis:
        kpi.latest = values.get(kpi.latest_id)
    return kpis


def plan_get(*, code: str) -> ActionPlan:
    """The sector's plan under the current strategy, with everything its page shows prefetched."""
    sector = get_object_or_404(Sector, code__iexact=code)
    strategy = Strategy.objects.current()
    initiatives = (
        Initiative.objects.filter(is_archived=False)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("number")))
        .order_by("number")
    )
    plan = get_object_or_404(ActionPlan.objects.select_related("sector", "strategy"), sector=sector, strategy=strategy)
    commitments = list(
        Commitment.objects.filter(plan=plan)
        .prefetch_related(Prefetch("initiatives", queryset=initiatives))
        .order_by("number")
    )
    kpis_by_commitment: dict[int, list[KPI]] = {}
    for kpi in kpi_list(plan=plan):
        kpis_by_commitment.setdefault(kpi.commitment_id, []).append(kpi)
    phases = list(plan.strategy.phases.order_by("number"))
    for commitment in commitments:
        commitment.kpi_rows = kpis_by_commitment.get(commitment.pk, [])
        commitment.phase_groups = group_by_phase(commitment.initiatives.all(), phases)
    plan.commitment_rows = commitments
    plan.phase_rows = phases
    return plan


@dataclass
class PhaseGroup:
    phase: Phase | None
    initiatives: list[Initiative] = field(default_factory=list)


def group_by_phase(initiatives, phases: list[Phase]) -> list[PhaseGroup]:
    """Initiatives under the first phase they belong to, in phase order; unphased ones last."""
    groups = {phase.pk: PhaseGroup(phase) for phase in phases}
    unphased = PhaseGroup(None)
    for initiative in initiatives:
        own = list(initiative.phases.all())
        target = groups.get(own[0].pk) if own else None
        (target or unphased).initiatives.append(initiative)
    result = [g for g in groups.values() if g.initiatives]
    if unphased.initiatives:
        result.append(unphased)
    return result


def plan_summary(*, code: str) -> dict:
    """Counts of a sector's active initiatives by status under the current strategy."""
    strategy = Strategy.objects.current()
    rows = (
        Initiative.objects.filter(
            commitment__plan__sector__code__iexact=code, commitment__plan__strategy=strategy, is_archived=False
        )
        .values("status")
        .annotate(total=Count("pk"))
        .order_by("status")
    )
    by_status = {row["status"]: row["total"] for row in rows}
    return {"sector": code.upper(), "total": sum(by_status.values()), "by_status": by_status}
