"""Each person's e-mails come in their language: French only for someone who chose French, English
only for English, both (English then French) for someone with no preference; one message per
language, subject included."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from reporting import reminders, services
from reporting.models import QuarterlyReport
from tests.factories import MembershipFactory, PeriodFactory, SectorFactory, UserFactory, artf_user

TODAY = timezone.localdate()


@pytest.fixture
def css(db):
    return SectorFactory(code="CSS", name_en="Corporate Services", name_fr="Services ministériels")


@pytest.fixture
def period(db):
    return PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=TODAY - datetime.timedelta(days=20),
        due_date=TODAY + datetime.timedelta(days=7),
    )


def lead_of(sector, username: str, language: str = ""):
    user = UserFactory(username=username, preferred_language=language)
    MembershipFactory(user=user, sector=sector)
    return user


def sent_to(address: str):
    messages = [m for m in mail.outbox if address in m.bcc]
    assert len(messages) == 1, f"{address} got {len(messages)} messages"
    return messages[0]


def test_a_french_leads_reminder_is_in_french_only(css, period):
    lead_of(css, "lead-fr", "fr")
    assert reminders.reminders_send(today=TODAY) == 1
    message = sent_to("lead-fr@example.gc.ca")
    assert message.subject == "Rappel\u00a0: rapport trimestriel CSS T3\u00a02025-2026 attendu dans 7 jours"
    assert "Le rapport trimestriel T3\u00a02025-2026 de Services ministériels est attendu le" in message.body
    assert "/fr/plans/CSS/reports/2025-26-q3/" in message.body
    assert "Reminder" not in message.body and "quarterly report" not in message.body
    assert "/en/" not in message.body and "---" not in message.body
    assert message.extra_headers["Content-Language"] == "fr"


def test_an_english_leads_reminder_is_in_english_only(css, period):
    lead_of(css, "lead-en", "en")
    reminders.reminders_send(today=TODAY)
    message = sent_to("lead-en@example.gc.ca")
    assert message.subject == "Reminder: CSS 2025-26 Q3 quarterly report due in 7 days"
    assert "The 2025-26 Q3 quarterly report of Corporate Services is due on" in message.body
    assert "/en/plans/CSS/reports/2025-26-q3/" in message.body
    assert "Rappel" not in message.body and "/fr/" not in message.body
    assert message.extra_headers["Content-Language"] == "en"


def test_a_lead_without_a_preference_gets_both_languages_english_first(css, period):
    lead_of(css, "lead-both")
    reminders.reminders_send(today=TODAY)
    message = sent_to("lead-both@example.gc.ca")
    assert message.subject == (
        "Reminder: CSS 2025-26 Q3 quarterly report due in 7 days"
        " / Rappel\u00a0: rapport trimestriel CSS T3\u00a02025-2026 attendu dans 7 jours"
    )
    english, french = message.body.split("\n\n---\n\n")
    assert "/en/plans/CSS/reports/2025-26-q3/" in english and "Corporate Services" in english
    assert "/fr/plans/CSS/reports/2025-26-q3/" in french and "Services ministériels" in french
    assert message.extra_headers["Content-Language"] == "en, fr"


def test_one_reminder_goes_as_one_message_per_language(css, period):
    lead_of(css, "lead-fr", "fr")
    lead_of(css, "second-fr", "fr")
    lead_of(css, "lead-en", "en")
    lead_of(css, "lead-both")
    assert reminders.reminders_send(today=TODAY) == 1  # one reminder (the sector's), three messages
    assert sorted((m.extra_headers["Content-Language"], tuple(m.bcc)) for m in mail.outbox) == [
        ("en", ("lead-en@example.gc.ca",)),
        ("en, fr", ("lead-both@example.gc.ca",)),
        ("fr", ("lead-fr@example.gc.ca", "second-fr@example.gc.ca")),
    ]
    assert reminders.reminders_send(today=TODAY) == 0 and len(mail.outbox) == 3  # still once


def test_a_returned_report_tells_each_lead_in_their_language(css, period, django_capture_on_commit_callbacks):
    lead_of(css, "lead-fr", "fr")
    lead_of(css, "lead-en", "en")
    reviewer = artf_user(username="artf", first_name="Ari", last_name="Reviewer", preferred_language="fr")
    report = QuarterlyReport.objects.create(sector=css, period=period, status=QuarterlyReport.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, by=reviewer, reason="Ajoutez le nombre de participants.")
    french, english = sent_to("lead-fr@example.gc.ca"), sent_to("lead-en@example.gc.ca")
    assert french.subject == "Rapport CSS T3\u00a02025-2026 renvoyé au secteur"
    assert "Ajoutez le nombre de participants." in french.body and "/fr/plans/CSS/" in french.body
    assert english.subject == "CSS 2025-26 Q3 report returned to the sector"
    assert "/en/plans/CSS/" in english.body and "/fr/" not in english.body
