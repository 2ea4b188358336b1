"""Celery tasks of the reporting cycle: thin, idempotent, retried only on transient errors."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from . import notifications, services
from .models import ReportEvent

TRANSIENT = (OperationalError, smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def report_event_notify(self, event_id: int) -> int:
    """E-mail the people who act next on a report, once: a second delivery or a vanished event sends nothing."""
    with transaction.atomic():
        event = (
            ReportEvent.objects.select_for_update(of=("self",))
            .select_related("report__sector", "report__period", "actor")
            .filter(pk=event_id, notified_at__isnull=True)
            .first()
        )
        if event is None:
            return 0
        sent = notifications.report_event_send(event)
        event.notified_at = timezone.now()
        event.save(update_fields=["notified_at"])
    return sent


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def report_reminders_send(self) -> int:
    """Daily (Celery beat): due-date and overdue reminders to leads; each one is sent once only."""
    return services.reminders_send()


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
