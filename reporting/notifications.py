"""E-mails of the reporting cycle: built after the change commits, in each recipient's language.

A person who chose a language (``accounts``' ``preferred_language``) gets the message in it,
subject included; a person with no preference gets both, English first, as the department's
bilingual messages do. Recipients are grouped by language (``accounts.languages.by_language``):
one message goes to each group, its addresses in Bcc. Links are absolute (``SITE_URL``) and in
the message's language.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.languages import BOTH, by_language
from sectors.models import Membership, Sector

from .models import ReportEvent, ReportingPeriod

Action = ReportEvent.Action
LANGUAGES = ("en", "fr")  # the order of a bilingual message


def _rendered(template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) in ``language``: the template's first line is the subject."""
    with translation.override(language):
        text = render_to_string(template, {**context, "language": language}).strip()
    subject, _sep, body = text.partition("\n")
    return subject.strip(), body.strip()


def _message(template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) in ``language``, or in English then French for ``BOTH``."""
    if language != BOTH:
        subject, body = _rendered(template, context, language)
        return subject, body + "\n"
    subjects, bodies = zip(*(_rendered(template, context, each) for each in LANGUAGES), strict=True)
    return " / ".join(subjects), "\n\n---\n\n".join(bodies) + "\n"


def _url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def _send(template: str, context: dict, recipients) -> int:
    """One message per language to ``recipients`` (users), over one connection; the count sent."""
    messages = []
    for language, addresses in by_language(recipients).items():
        subject, body = _message(template, context, language)
        messages.append(
            EmailMessage(
                subject=subject,
                body=body,
                to=[settings.DEFAULT_FROM_EMAIL],
                bcc=addresses,
                headers={"Content-Language": language or ", ".join(LANGUAGES)},
            )
        )
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def artf_recipients() -> list:
    """ARTF's active people with an address (one query)."""
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=settings.ARTF_GROUP, is_active=True)
        .exclude(email="")
        .only("email", "preferred_language")
        .order_by("email")
        .distinct()
    )


def lead_recipients(sector: Sector) -> list:
    """The sector's active leads with an address (one query)."""
    User = get_user_model()
    return list(
        User.objects.filter(memberships__sector=sector, memberships__role=Membership.Role.LEAD, is_active=True)
        .exclude(email="")
        .only("email", "preferred_language")
        .order_by("email")
        .distinct()
    )


def report_event_send(event: ReportEvent) -> int:
    """Tell the people who act next: ARTF when a report comes in, the sector's leads otherwise."""
    report = event.report
    recipients = artf_recipients() if event.action == Action.SUBMITTED else lead_recipients(report.sector)
    kwargs = {"code": report.sector.code, "slug": report.period.slug}
    context = {
        "event": event,
        "report": report,
        "sector": report.sector,
        "period": report.period,
        "url_en": _url("reporting:report-detail", "en", **kwargs),
        "url_fr": _url("reporting:report-detail", "fr", **kwargs),
    }
    return _send("reporting/email/report_event.txt", context, recipients)


def reminder_send(*, sector: Sector, period: ReportingPeriod, kind: str, days_left: int, leads: list) -> int:
    """The reminder to ``leads`` (users), each in their language."""
    kwargs = {"code": sector.code, "slug": period.slug}
    context = {
        "sector": sector,
        "period": period,
        "kind": kind,
        "days_left": days_left,
        "days_late": -days_left,
        "url_en": _url("reporting:report-detail", "en", **kwargs),
        "url_fr": _url("reporting:report-detail", "fr", **kwargs),
    }
    return _send("reporting/email/reminder.txt", context, leads)
