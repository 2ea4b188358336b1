"""The anonymous feedback box, kept apart so that nothing can join a submission to a person.

A submission holds what the person chose to write and nothing about them: no user, no address,
no browser, no session, no time of day (the day only), no change history. Its key is random, so
neither the key nor the order of rows by key tells when within a day it arrived. The database's
own order (PostgreSQL's xmin and ctid, SQLite's rowid, a dump's row order) does tell, until the
nightly rewrite (``services.feedback_shuffle``) puts each closed day's rows back in random order
(docs/adr/0001-anonymous-box-traces.md).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import BoundedTextField, written_in
from core.text import in_language
from sectors.models import Sector


class Theme(models.TextChoices):
    RACISM = "racism", _("Racism or discrimination")
    INCLUSION = "inclusion", _("Inclusion and belonging")
    LEADERSHIP = "leadership", _("Leadership and management")
    CAREERS = "careers", _("Careers, training and promotion")
    WORKLOAD = "workload", _("Workload and targets")
    COMMUNICATION = "communication", _("Communication and information")
    OTHER = "other", _("Something else")


class FeedbackSubmission(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTIONED = "actioned", _("Actioned")
        NOT_ACTIONABLE = "not_actionable", _("Not actionable")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = BoundedTextField(_("message"), max_length=settings.FEEDBACK_MAX_LENGTH)
    # The language of the page it was written on (ADR 0001: it tells nothing the words do not).
    message_language = written_in()
    sector = models.ForeignKey(
        Sector, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    received_on = models.DateField(_("received on"), editable=False)  # the day only, never the time
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    triage_note = BoundedTextField(_("ARTF note"), max_length=2000, blank=True)
    triage_note_language = written_in(_("note written in"))
    # Whether the nightly rewrite has put this row's day in random order yet (a closed day only).
    shuffled = models.BooleanField(default=False, editable=False)

    class Meta:
        # Newest day first; within a day by the random key, which says nothing about arrival.
        ordering = ["-received_on", "id"]
        verbose_name = _("anonymous feedback")
        verbose_name_plural = _("anonymous feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "acknowledged", "actioned", "not_actionable"]),
                name="feedback_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} · {self.get_status_display()}"


class FeedbackSummary(models.Model):
    """ARTF's anonymised "you said, we did": what many people raised and what was done about it."""

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    said_en = BoundedTextField(_("you said (English)"), max_length=2000)
    said_fr = BoundedTextField(_("you said (French)"), max_length=2000, blank=True)
    did_en = BoundedTextField(_("we did (English)"), max_length=2000)
    did_fr = BoundedTextField(_("we did (French)"), max_length=2000, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("“you said, we did” summary")
        verbose_name_plural = _("“you said, we did” summaries")

    def __str__(self) -> str:
        return self.title_en

    def text(self, field: str, language: str) -> str:
        """The French text when there is one and French is asked for, else the English."""
        return in_language(self, field, language)
