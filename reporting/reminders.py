"""Due-date reminders to sector leads: which one is due (a pure rule), for whom, and sending each once.

``reminder_kind`` is the rule; ``reminders_due`` reads who is owed one (four queries);
``reminders_send`` claims each reminder and e-mails it (the daily Celery beat task). Services
and selectors of the reporting cycle do not import this module, nor it them.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from sectors.models import Membership, Sector

from . import notifications
from .models import QuarterlyReport, Reminder, ReportingPeriod

logger = logging.getLogger(__name__)
Status = QuarterlyReport.Status


def reminder_kind(days_left: int) -> str | None:
    """Which reminder is due when the due date is ``days_left`` days away (negative: passed)."""
    if days_left < 0:
        return Reminder.Kind.OVERDUE
    if days_left <= 1:
        return Reminder.Kind.DAY
    if days_left <= 7:
        return Reminder.Kind.WEEK
    return None


def reminders_due(*, today: datetime.date) -> list[tuple[ReportingPeriod, Sector, int, list]]:
    """(period, sector, days left, leads with an address) for every report not in yet whose
    due date is a week away or less, or has passed, in open periods. Four queries."""
    periods = list(
        ReportingPeriod.objects.filter(
            is_closed=False,
            opens_on__lte=today,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=7),
        )
    )
    if not periods:
        return []
    done = set(
        QuarterlyReport.objects.filter(period__in=periods, status__in=QuarterlyReport.HANDED_IN).values_list(
            "sector_id", "period_id"
        )
    )
    sent = set(Reminder.objects.filter(period__in=periods).values_list("sector_id", "period_id", "kind"))
    leads: dict[int, list] = {}
    for membership in (
        Membership.objects.filter(role=Membership.Role.LEAD, user__is_active=True, sector__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .only("sector_id", "user__email", "user__preferred_language")
        .order_by("sector_id", "user__email")
    ):
        leads.setdefault(membership.sector_id, []).append(membership.user)
    sectors = list(Sector.objects.active().order_by("code"))
    due = []
    for period in periods:
        days_left = period.days_left(today)
        for sector in sectors:
            if (sector.pk, period.pk) in done:
                continue
            kind = reminder_kind(days_left)
            if kind is None or (sector.pk, period.pk, kind) in sent:
                continue
            due.append((period, sector, days_left, leads.get(sector.pk, [])))
    return due


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the leads of every sector whose report for an open period is not in yet.

    Each reminder (sector × period × kind) is claimed by inserting its row first; the unique
    constraint makes a second run, or two beat runs at once, send nothing twice. A claim whose
    e-mail could not be sent is released so the next run tries again.
    """
    today = today or timezone.localdate()
    sent, failures = 0, []
    for period, sector, days_left, leads in reminders_due(today=today):
        kind = reminder_kind(days_left)
        if kind is None or not leads:
            continue
        try:
            with transaction.atomic():
                claim = Reminder.objects.create(sector=sector, period=period, kind=kind, recipients=len(leads))
        except IntegrityError:
            continue  # sent before
        try:
            notifications.reminder_send(sector=sector, period=period, kind=kind, days_left=days_left, leads=leads)
        except Exception as error:  # the mail server failed: release the claim, go on with the others
            claim.delete()
            logger.warning("Reminder %s for %s %s not sent: %s", kind, sector.code, period.label, error)
            failures.append(error)
            continue
        sent += 1
    if failures:
        raise failures[0]  # the task retries; what was sent stays sent
    return sent
