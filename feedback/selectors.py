"""Reads of the feedback box."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import FeedbackSubmission, FeedbackSummary


def triage_list(*, status: str = "", sector: str = "", theme: str = "") -> QuerySet[FeedbackSubmission]:
    """Submissions for ARTF: newest day first, and within a day in an order that says nothing about arrival."""
    rows = FeedbackSubmission.objects.select_related("sector").order_by("-received_on", "id")
    if status:
        rows = rows.filter(status=status)
    if sector:
        rows = rows.filter(sector__code=sector)
    if theme:
        rows = rows.filter(theme=theme)
    return rows


def summaries(*, published_only: bool) -> QuerySet[FeedbackSummary]:
    rows = FeedbackSummary.objects.order_by("-published_on", "-pk")
    return rows.filter(is_published=True) if published_only else rows
