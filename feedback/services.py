"""Writes of the feedback box. ``feedback_submit`` never sees who sent the message."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import FeedbackSubmission, FeedbackSummary


class TooMany(Exception):
    """The address reached the window's limit; nothing was stored."""


@transaction.atomic
def feedback_submit(*, message: str, sector=None, theme: str = "", allowed: bool) -> FeedbackSubmission:
    """Store a message with the day it arrived. ``allowed`` is the rate limit's answer, asked by the caller."""
    if not allowed:
        raise TooMany
    submission = FeedbackSubmission(
        message=message.strip(), sector=sector, theme=theme or "", received_on=timezone.localdate()
    )
    submission.full_clean()
    submission.save(force_insert=True)
    return submission


@transaction.atomic
def feedback_triage(*, submission: FeedbackSubmission, status: str, note: str) -> FeedbackSubmission:
    submission.status, submission.triage_note = status, note.strip()
    submission.full_clean()
    submission.save(update_fields=["status", "triage_note"])
    return submission


@transaction.atomic
def summary_save(*, summary: FeedbackSummary | None = None, **fields) -> FeedbackSummary:
    summary = summary or FeedbackSummary()
    for name, value in fields.items():
        setattr(summary, name, value)
    if summary.is_published and summary.published_on is None:
        summary.published_on = timezone.localdate()
    summary.full_clean()
    summary.save()
    return summary
