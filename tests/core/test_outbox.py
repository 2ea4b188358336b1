"""The outbox with Celery in-process (no REDIS_URL, ``make run``): what must follow a commit is
written with it, is not lost when it fails, and ``manage.py outbox_sweep`` sends it once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage
from reporting.models import QuarterlyReport, ReportEvent
from tests.factories import InitiativeFactory, PeriodFactory, artf_user
from tests.forms import form_fields

pytestmark = pytest.mark.django_db(transaction=True)


def test_nothing_is_written_or_sent_when_the_change_is_rolled_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("tracker.tasks.tracker_jobs_sweep")
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists()


def test_a_message_is_sent_after_the_commit_and_the_sweeper_leaves_it_alone():
    with transaction.atomic():
        message = outbox.enqueue("tracker.tasks.tracker_jobs_sweep")
        assert OutboxMessage.objects.get().dispatched_at is None  # not before the commit
    message.refresh_from_db()
    assert message.dispatched_at is not None and message.attempts == 1 and message.last_error == ""
    assert outbox.sweep(older_than=datetime.timedelta(0)).sent == 0


def test_a_submitted_report_whose_email_fails_in_process_is_emailed_once_by_the_sweeper(
    client, commitment, lead, settings
):
    today = timezone.localdate()
    PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=today - datetime.timedelta(days=5),
        due_date=today + datetime.timedelta(days=12),
    )
    initiative = InitiativeFactory(commitment=commitment, number=1, status="in_progress")
    artf_user(username="artf", email="artf@example.gc.ca")
    url = reverse("reporting:report-detail", kwargs={"code": "CSS", "slug": "2025-26-q3"})
    client.force_login(lead)
    data = form_fields(client.get(url).content.decode(), form_id="report-form")
    data.update({f"i{initiative.pk}-narrative": "Held four circles.", "action": "submit"})

    settings.EMAIL_BACKEND = "tests.reporting.failing_mail.Backend"  # the mail server is down
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Report submitted to the Anti-Racism Task Force for review." in page
    assert "it will be sent automatically as soon as the mail service is back" in page
    assert QuarterlyReport.objects.get().status == "submitted"
    message = OutboxMessage.objects.get()
    assert message.dispatched_at is None and "mail server unreachable" in message.last_error
    assert ReportEvent.objects.get(action="submitted").notified_at is None and mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # it is back
    call_command("outbox_sweep", "--older-than", "0")
    call_command("outbox_sweep", "--older-than", "0")
    assert [m.bcc for m in mail.outbox] == [["artf@example.gc.ca"]]
    message.refresh_from_db()
    assert message.dispatched_at is not None and message.attempts == 2


def test_the_sweeper_leaves_fresh_messages_to_the_request_that_wrote_them(settings):
    settings.OUTBOX_SWEEP_AFTER = 60
    with transaction.atomic():
        message = OutboxMessage.objects.create(task="tracker.tasks.tracker_jobs_sweep", args=[])
    assert outbox.sweep().sent == 0  # written a moment ago: its own request is publishing it
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    assert outbox.sweep().sent == 1


def test_nothing_is_written_or_sent_for_what_is_withheld():
    with outbox.withheld(), transaction.atomic():
        message = outbox.enqueue("tracker.tasks.tracker_jobs_sweep")
    assert message.pk is None and not OutboxMessage.objects.exists()
    with transaction.atomic():
        outbox.enqueue("tracker.tasks.tracker_jobs_sweep")  # after the block: written and sent again
    assert OutboxMessage.objects.get().dispatched_at is not None
