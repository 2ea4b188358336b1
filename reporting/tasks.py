"""Celery tasks of the reporting cycle: thin, idempotent, retried only on transient errors."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from . import notifications, reminders
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
    return reminders.reminders_send()
