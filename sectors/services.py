"""Writes of the sectors app: the maturity self-assessment and its review."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import EditConflict

from .models import MaturityAssessment, Sector


@transaction.atomic
def maturity_assess(
    *, sector: Sector, period, by, stage: int, evidence: str, version: int | None
) -> MaturityAssessment:
    """A lead records the sector's stage for a quarter open for reporting; a stale form writes nothing."""
    if not period.is_open_on(timezone.localdate()):
        raise ValidationError(
            _("%(period)s is not open for reporting, so its assessment cannot change.") % {"period": period.label}
        )
    assessment = MaturityAssessment.objects.select_for_update().filter(sector=sector, period=period).first()
    if assessment is None:
        assessment = MaturityAssessment(sector=sector, period=period)
    elif version != assessment.version:
        raise EditConflict(assessment)
    else:
        assessment.version += 1
    assessment.stage, assessment.evidence = stage, evidence.strip()
    assessment.assessed_by, assessment.assessed_at = by, timezone.now()
    assessment._history_user = by
    assessment.full_clean(validate_unique=False)
    assessment.save()
    return assessment


@transaction.atomic
def maturity_review(*, assessment: MaturityAssessment, by, note: str) -> MaturityAssessment:
    """ARTF's note on a sector's assessment (the stage stays the sector's own)."""
    assessment = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.review_note = note.strip()
    assessment.reviewed_by, assessment.reviewed_at = (by, timezone.now()) if assessment.review_note else (None, None)
    assessment._history_user = by
    assessment.save(update_fields=["review_note", "reviewed_by", "reviewed_at"])
    return assessment
