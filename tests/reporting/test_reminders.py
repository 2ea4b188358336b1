"""Due-date reminders: 7 days and 1 day before, and once overdue; never the same one twice."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from config.celery import app
from reporting import reminders
from reporting.models import QuarterlyReport, Reminder
from reporting.tasks import report_reminders_send
from tests.factories import MembershipFactory, PeriodFactory, SectorFactory, UserFactory

TODAY = timezone.localdate()


@pytest.fixture
def leads(db):
    css = SectorFactory(code="CSS", name_en="Corporate Services")
    ops = SectorFactory(code="OPS", name_en="Operations")
    MembershipFactory(user=UserFactory(username="lead-css"), sector=css)
    MembershipFactory(user=UserFactory(username="second-css"), sector=css)
    MembershipFactory(user=UserFactory(username="contrib-css"), sector=css, role="contributor")
    MembershipFactory(user=UserFactory(username="lead-ops"), sector=ops)
    return css, ops


def period_due_in(days: int):
    return PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=TODAY - datetime.timedelta(days=20),
        due_date=TODAY + datetime.timedelta(days=days),
    )


@pytest.mark.parametrize(
    ("days", "kind"), [(30, None), (8, None), (7, "week"), (3, "week"), (1, "day"), (0, "day"), (-1, "overdue")]
)
def test_which_reminder_is_due(days, kind):
    assert reminders.reminder_kind(days) == kind


def test_leads_of_sectors_not_yet_submitted_are_reminded_once(leads):
    css, ops = leads
    period = period_due_in(7)
    QuarterlyReport.objects.create(sector=ops, period=period, status="submitted")
    assert reminders.reminders_send(today=TODAY) == 1
    assert reminders.reminders_send(today=TODAY) == 0  # the second run sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.bcc) == ["lead-css@example.gc.ca", "second-css@example.gc.ca"]  # leads, not contributors
    assert message.subject.startswith("Reminder: CSS 2025-26 Q3 quarterly report due in 7 days")
    assert "/en/plans/CSS/reports/2025-26-q3/" in message.body

    # Six days later the one-day reminder goes, then the overdue one, each once.
    assert reminders.reminders_send(today=TODAY + datetime.timedelta(days=6)) == 1
    assert reminders.reminders_send(today=TODAY + datetime.timedelta(days=9)) == 1
    assert reminders.reminders_send(today=TODAY + datetime.timedelta(days=10)) == 0
    assert list(Reminder.objects.order_by("sent_at", "pk").values_list("kind", flat=True)) == ["week", "day", "overdue"]
    assert "Overdue: CSS 2025-26 Q3" in mail.outbox[-1].subject


def test_closed_or_unopened_periods_send_nothing(leads):
    period = period_due_in(2)
    period.is_closed = True
    period.save()
    assert reminders.reminders_send(today=TODAY) == 0
    period.is_closed, period.opens_on = False, TODAY + datetime.timedelta(days=1)
    period.save()
    assert reminders.reminders_send(today=TODAY) == 0
    assert mail.outbox == []


def test_a_reminder_that_fails_to_send_is_tried_again_next_run(leads, settings):
    period_due_in(1)
    settings.EMAIL_BACKEND = "tests.reporting.failing_mail.Backend"
    with pytest.raises(ConnectionError):
        reminders.reminders_send(today=TODAY)
    assert not Reminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.reminders_send(today=TODAY) == 2  # CSS and OPS


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_on_a_real_worker_run_twice_sends_each_reminder_once(redis_url, leads):
    period_due_in(1)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            first = report_reminders_send.delay().get(timeout=30)
            second = report_reminders_send.delay().get(timeout=30)
    finally:
        app.conf.update(saved)
    assert (first, second) == (2, 0)  # CSS and OPS, then nothing
    assert sorted(m.subject.split(" / ")[0] for m in mail.outbox) == [
        "Reminder: CSS 2025-26 Q3 quarterly report due in 1 day",
        "Reminder: OPS 2025-26 Q3 quarterly report due in 1 day",
    ]
