"""Writes of accountability: one service per state change, each recorded in the change history."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Commitment
from core.concurrency import bump_version, check_version
from core.text import recorded
from core.typography import long_date

from .models import Approval, Engagement, GovernanceStep, Recommendation, Review


@transaction.atomic
def review_create(*, by, **fields) -> Review:
    review = Review(**fields)
    review._history_user = by
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def recommendation_create(*, review: Review, by, initiatives=(), **fields) -> Recommendation:
    """A recommendation as the review states it; ``initiatives``: those that carry it out, if known already."""
    recommendation = Recommendation(review=review, **fields)
    recommendation._history_user = by
    recommendation.full_clean()
    recommendation.save()
    if initiatives:
        recommendation.initiatives.set(initiatives)
    return recommendation


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, by, version: int, initiatives=None, **fields
) -> Recommendation:
    """ARTF records a recommendation's status, response, unit, due date and initiatives; a stale form writes nothing."""
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_version(current, version, required=True)
    for name, value in fields.items():
        setattr(current, name, value)
    bump_version(current)
    current._history_user = by
    current.full_clean(validate_unique=False)
    current.save()
    if initiatives is not None:
        current.initiatives.set(initiatives)
    return current


@transaction.atomic
def engagement_save(
    *, sector, by, engagement: Engagement | None = None, version: int | None = None, commitments=None, **fields
) -> Engagement:
    """Log or correct a stakeholder engagement of a sector; a stale form writes nothing."""
    if engagement is None:
        engagement = Engagement(sector=sector, recorded_by=by)
    else:
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk, sector=sector)
        check_version(engagement, version)
        bump_version(engagement)
    for name, value in fields.items():
        setattr(engagement, name, value)
    if commitments and (
        Commitment.objects.filter(pk__in=[c.pk for c in commitments]).exclude(plan__sector=sector).exists()
    ):
        raise ValidationError(_("Link only commitments of this sector's plan."))
    engagement._history_user = by
    engagement.full_clean()
    engagement.save()
    if commitments is not None:
        engagement.commitments.set(commitments)
    return engagement


@transaction.atomic
def engagement_delete(*, engagement: Engagement, by) -> None:
    engagement._history_user = by
    engagement.delete()


@transaction.atomic
def approval_record(
    *,
    plan: ActionPlan,
    by,
    step: int,
    date: datetime.date,
    decision: str,
    note: str = "",
    language: str | None = None,
) -> Approval:
    """Record a governance body's decision (its note written in ``language``, the page's); the chain
    goes in order, and the plan's status follows it.

    A body decides only once the one before it has approved the plan (as it stands at that
    date). EXCOM's approval approves the plan; a return sends it back to draft; any other
    decision leaves it submitted.
    """
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if step > GovernanceStep.ADVISORY_BOARD:
        previous = Approval.objects.filter(plan=plan, step=step - 1).order_by("-date", "-pk").first()
        if previous is None or not previous.passed:
            raise ValidationError(
                _("%(body)s can decide only after %(before)s has approved the plan.")
                % {"body": GovernanceStep(step).label, "before": GovernanceStep(step - 1).label}
            )
        if date < previous.date:
            raise ValidationError(
                _("The date cannot be before %(before)s's decision of %(date)s.")
                % {"before": GovernanceStep(step - 1).label, "date": long_date(previous.date)}
            )
    approval = Approval(
        plan=plan,
        step=step,
        date=date,
        decision=decision,
        note=note.strip(),
        note_language=recorded(note, language),
        recorded_by=by,
    )
    approval._history_user = by
    approval.full_clean()
    approval.save()
    if decision == Approval.Decision.RETURNED:
        status = ActionPlan.Status.DRAFT
    elif step == GovernanceStep.EXCOM:
        status = ActionPlan.Status.APPROVED
    else:
        status = ActionPlan.Status.SUBMITTED
    if plan.status != status:
        plan.status = status
        plan._history_user = by
        plan.save(update_fields=["status", "updated_at"])
    return approval
