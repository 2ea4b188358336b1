"""Celery tasks of the feedback box: thin, idempotent, retried only on transient errors."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services

VACUUM_RETRY_SECONDS = 30 * 60  # an open transaction keeping old row versions: try again later,
VACUUM_ATTEMPTS = 16  # for up to eight hours


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def feedback_shuffle(self) -> int:
    """Nightly (Celery beat): each closed day's messages rewritten in random order; a second run rewrites nothing."""
    result = services.feedback_shuffle()
    if result.old_versions_left:
        feedback_vacuum.apply_async(countdown=VACUUM_RETRY_SECONDS)
    return result.rewritten


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def feedback_vacuum(attempt: int = 1) -> bool:
    """Drop the old row versions the night's VACUUM had to keep, once the transaction holding them ends."""
    if services.feedback_vacuum():
        return True
    if attempt < VACUUM_ATTEMPTS:
        feedback_vacuum.apply_async(kwargs={"attempt": attempt + 1}, countdown=VACUUM_RETRY_SECONDS)
    return False  # after the last attempt, the next night's run vacuums again
