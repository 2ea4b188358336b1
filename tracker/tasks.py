"""Celery tasks of the tracker: thin, idempotent, retried only on transient errors."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=settings.TRACKER_SOFT_TIME_LIMIT,
    time_limit=settings.TRACKER_SOFT_TIME_LIMIT + 60,
)
def tracker_render(self, job_id: int) -> str:
    """Render one tracker job. A second delivery of a finished job does nothing, and one of a job being
    rendered comes back once that render must be over; a job whose worker died mid-render is
    delivered again (acks late, rejected on worker loss) and runs again."""
    try:
        job = services.tracker_render(job_id=job_id)
    except services.TrackerRunning as running:  # delivered twice: come back once the first render is over
        if self.request.is_eager:
            return "running"
        raise self.retry(countdown=running.wait, max_retries=None) from running
    return job.status if job else "skipped"


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def trackers_schedule(self) -> list[int]:
    """Daily (Celery beat): produce due trackers once, and fail jobs whose worker vanished."""
    services.tracker_jobs_sweep()
    return [job.pk for job in services.trackers_schedule()]


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def tracker_jobs_sweep(self) -> int:
    """Every five minutes (Celery beat): fail running jobs whose worker vanished and queued jobs no
    worker took, each with its reason, so a quarter is never blocked; they can be retried."""
    return services.tracker_jobs_sweep()
