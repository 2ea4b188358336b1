"""Celery tasks of the action plans: thin, idempotent, retried only on transient errors."""

from celery import shared_task
from django.db import OperationalError

from . import selectors


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def plan_summary(self, code: str) -> dict:
    """A sector plan's initiative counts by status (used by reports and to prove the worker wiring)."""
    return selectors.plan_summary(code=code)
