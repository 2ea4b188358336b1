"""E-mails of the reporting cycle: built after the change commits, in English then French.

Employees of the department read both official languages; each message carries both, English
first, as the department's bilingual messages do. Links are absolute (``SITE_URL``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sectors.models import Membership, Sector

from .models import ReportEvent, ReportingPeriod

Action = ReportEvent.Action


def _both(template: str, context: dict) -> tuple[str, str]:
    """(subject, body) with the English and the French text."""
    subjects, bodies = [], []
    for language in ("en", "fr"):
        with translation.override(language):
            text = render_to_string(template, {**context, "language": language}).strip()
        subject, _sep, body = text.partition("\n")
        subjects.append(subject.strip())
        bodies.append(body.strip())
    return " / ".join(subjects), bodies[0] + "\n\n---\n\n" + bodies[1] + "\n"


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _send(subject: str, body: str, recipients: list[str]) -> int:
    if not recipients:
        return 0
    message = EmailMessage(subject=subject, body=body, to=[settings.DEFAULT_FROM_EMAIL], bcc=recipients)
    return message.send()


def artf_addresses() -> list[str]:
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=settings.ARTF_GROUP, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def lead_addresses(sector: Sector) -> list[str]:
    return list(
        Membership.objects.filter(sector=sector, role=Membership.Role.LEAD, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def report_event_send(event: ReportEvent) -> int:
    """Tell the people who act next: ARTF when a report comes in, the sector's leads otherwise."""
    report = event.report
    recipients = artf_addresses() if event.action == Action.SUBMITTED else lead_addresses(report.sector)
    kwargs = {"code": report.sector.code, "slug": report.period.slug}
    subject, body = _both(
        "reporting/email/report_event.txt",
        {
            "event": event,
            "report": report,
            "sector": report.sector,
            "period": report.period,
            "url_en": _url("reporting:report-detail", "en", **kwargs),
            "url_fr": _url("reporting:report-detail", "fr", **kwargs),
        },
    )
    return _send(subject, body, recipients)


def reminder_send(*, sector: Sector, period: ReportingPeriod, kind: str, days_left: int, leads: list[str]) -> int:
    kwargs = {"code": sector.code, "slug": period.slug}
    subject, body = _both(
        "reporting/email/reminder.txt",
        {
            "sector": sector,
            "period": period,
            "kind": kind,
            "days_left": days_left,
            "days_late": -days_left,
            "url_en": _url("reporting:report-detail", "en", **kwargs),
            "url_fr": _url("reporting:report-detail", "fr", **kwargs),
        },
    )
    return _send(subject, body, leads)
