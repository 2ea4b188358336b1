"""Accountability: review recommendations and management responses, stakeholder engagement,
and the governance approvals of each action plan."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, Commitment, Initiative
from core import typography
from core.fields import BoundedTextField, written_in
from core.text import in_language, required_one
from sectors.models import Sector


class Review(models.Model):
    """An independent review whose recommendations someone must follow to the end."""

    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    unit_reviewed = models.CharField(_("unit reviewed"), max_length=200)
    source_document = models.CharField(
        _("source document"),
        max_length=500,
        blank=True,
        help_text=_("Where the report can be read: a title or an address."),
    )

    class Meta:
        ordering = ["-date", "title_en"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("accountability:review-detail", kwargs={"pk": self.pk})

    def title(self, language: str) -> str:
        return in_language(self, "title", language)


class Recommendation(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        CLOSED = "closed", _("Closed")

    OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("review")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    theme_en = models.CharField(_("theme (English)"), max_length=200)
    theme_fr = models.CharField(_("theme (French)"), max_length=200, blank=True)
    text_en = BoundedTextField(_("recommendation (English)"), max_length=2000)
    text_fr = BoundedTextField(_("recommendation (French)"), max_length=2000, blank=True)
    # Several paragraphs: the longest in the reviews we hold is about 2,800 characters.
    response_en = BoundedTextField(_("management response (English)"), max_length=10_000, blank=True)
    response_fr = BoundedTextField(_("management response (French)"), max_length=10_000, blank=True)
    responsible_unit_en = models.CharField(_("responsible unit (English)"), max_length=200, blank=True)
    responsible_unit_fr = models.CharField(_("responsible unit (French)"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_note_en = BoundedTextField(_("progress note (English)"), max_length=2000, blank=True)
    status_note_fr = BoundedTextField(_("progress note (French)"), max_length=2000, blank=True)
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="recommendations", verbose_name=_("initiatives that carry it out")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["review", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="recommendation_unique_number"),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "implemented", "closed"]),
                name="recommendation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.theme_en}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_date is not None and self.due_date < today and self.status in self.OPEN

    def text(self, field: str, language: str) -> str:
        return in_language(self, field, language)

    responsible_unit = property(lambda self: in_language(self, "responsible_unit"))
    status_note = property(lambda self: in_language(self, "status_note"))


class Stakeholder(models.TextChoices):
    EMPLOYEE_NETWORKS = "employee_networks", _("Employee networks")
    DEI_NETWORKS = "dei_networks", _("Diversity, equity and inclusion networks")
    UNIONS = "unions", _("Unions")
    BUSINESS_LINES = "business_lines", _("Business lines")
    NGOS = "ngos", _("Non-governmental organizations")
    ACADEMICS = "academics", _("Academics and consultants")
    ADVISORY_GROUPS = "advisory_groups", _("Advisory groups")
    CLIENTS = "clients", _("Clients")


INTERNAL = {Stakeholder.EMPLOYEE_NETWORKS, Stakeholder.DEI_NETWORKS, Stakeholder.UNIONS, Stakeholder.BUSINESS_LINES}


class Engagement(models.Model):
    """A conversation a sector had with internal or external stakeholders, and what came of it."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("sector"))
    date = models.DateField(_("date"))
    stakeholder_type = models.CharField(_("stakeholder type"), max_length=30, choices=Stakeholder.choices)
    # Read outside the sector (ARTF, the tracker): each text in both languages, one at least.
    stakeholder_en = models.CharField(
        _("stakeholder (English)"),
        max_length=200,
        blank=True,
        help_text=_("Who, for example the Black Employees Network."),
    )
    stakeholder_fr = models.CharField(
        _("stakeholder (French)"),
        max_length=200,
        blank=True,
        help_text=_("Who, for example the Réseau des employés noirs."),
    )
    purpose_en = BoundedTextField(_("purpose (English)"), max_length=2000, blank=True)
    purpose_fr = BoundedTextField(_("purpose (French)"), max_length=2000, blank=True)
    heard_en = BoundedTextField(_("what we heard (English)"), max_length=4000, blank=True)
    heard_fr = BoundedTextField(_("what we heard (French)"), max_length=4000, blank=True)
    follow_up_en = BoundedTextField(_("follow-up (English)"), max_length=2000, blank=True)
    follow_up_fr = BoundedTextField(_("follow-up (French)"), max_length=2000, blank=True)
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="engagements", verbose_name=_("linked commitments")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("stakeholder engagement")
        verbose_name_plural = _("stakeholder engagements")
        indexes = [models.Index(fields=["sector", "date"], name="engagement_sector_date_idx")]

    def __str__(self) -> str:
        return f"{self.sector.code} {typography.numeric_date(self.date)}{typography.separator(':')}{self.stakeholder}"

    REQUIRED = ("stakeholder", "purpose")

    def clean(self) -> None:
        required_one(self, self.REQUIRED)

    # The text in the reader's language (else the other one), for plain reads; pages mark the
    # fallback with ``{% text e "heard" %}``.
    stakeholder = property(lambda self: in_language(self, "stakeholder"))
    purpose = property(lambda self: in_language(self, "purpose"))
    heard = property(lambda self: in_language(self, "heard"))
    follow_up = property(lambda self: in_language(self, "follow_up"))

    @property
    def is_internal(self) -> bool:
        return self.stakeholder_type in INTERNAL


class GovernanceStep(models.IntegerChoices):
    """Phase 3 of the strategy: the chain that approves each action plan, in order."""

    ADVISORY_BOARD = 1, _("ARTF Advisory Board")
    DG_COMMITTEES = 2, _("DG feeder committees")
    IMC_CFC = 3, _("Joint IMC-CFC")
    ADMOS = 4, _("ADMOS")
    EXCOM = 5, _("EXCOM")


class Approval(models.Model):
    """A dated decision of one governance body on a plan."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        WITH_CHANGES = "approved_with_changes", _("Approved with changes")
        RETURNED = "returned", _("Returned")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("plan"))
    step = models.PositiveSmallIntegerField(_("governance step"), choices=GovernanceStep.choices)
    date = models.DateField(_("date"))
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices)
    note = BoundedTextField(_("note"), max_length=2000, blank=True)
    note_language = written_in()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "date", "step", "pk"]
        verbose_name = _("governance decision")
        verbose_name_plural = _("governance decisions")
        constraints = [
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=5), name="approval_step_valid"),
            models.CheckConstraint(
                condition=Q(decision__in=["approved", "approved_with_changes", "returned"]),
                name="approval_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_step_display()} · {self.get_decision_display()} ({self.date})"

    @property
    def passed(self) -> bool:
        return self.decision != self.Decision.RETURNED
