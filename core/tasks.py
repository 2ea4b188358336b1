"""Celery tasks of the shared kernel."""

from celery import shared_task

from . import outbox


@shared_task(ignore_result=True)
def outbox_sweep() -> int:
    """Every minute (Celery beat): publish what the broker could not take when it was written."""
    return outbox.sweep().sent
