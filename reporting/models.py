from django.db import models
from django.utils.translation import gettext_lazy as _

from actionplans.models import KPI, Initiative
from core import typography
from core.fields import BoundedTextField, written_in
from core.text import in_language
from periods.models import ReportingPeriod


class QuarterlyReport(models.Model):
    """A sector's progress report for one reporting period."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    # The parts of a report a reviewer can comment on, in the order the page shows them.
    class Section(models.TextChoices):
        HIGHLIGHTS = "highlights", _("Highlights")
        TOP_ACTIONS = "top_actions", _("Top actions of the quarter")
        CHALLENGES = "challenges", _("Challenges")
        SUPPORT_NEEDED = "support_needed", _("Support needed from ARTF")
        INITIATIVES = "initiatives", _("Initiative updates")
        KPIS = "kpis", _("KPI values")

    # The sections a sector writes as text (the others are per initiative and per KPI).
    TEXT_SECTIONS = ("highlights", "top_actions", "challenges", "support_needed")
    # Submitted or approved: the sector has handed the quarter's report in (no deadline to meet,
    # no reminder to send, counted as submitted on the period list; ARTF may still reopen it).
    HANDED_IN = (Status.SUBMITTED, Status.APPROVED)

    sector = models.ForeignKey(
        "sectors.Sector", on_delete=models.PROTECT, related_name="reports", verbose_name=_("sector")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting period")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    highlights = BoundedTextField(_("highlights"), max_length=4000, blank=True)
    top_actions = BoundedTextField(_("top actions of the quarter"), max_length=4000, blank=True)
    challenges = BoundedTextField(_("challenges"), max_length=4000, blank=True)
    support_needed = BoundedTextField(_("support needed from ARTF"), max_length=4000, blank=True)
    # The language the sector wrote its texts in (the page's, when they last changed; "" before
    # any): pages mark them with it, and the tracker knows which language its top actions lack.
    language = models.CharField(
        _("written in"), max_length=2, choices=[("en", _("English")), ("fr", _("French"))], blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )

    class Meta:
        ordering = ["period__fiscal_year", "period__quarter", "sector__code"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(fields=["sector", "period"], name="report_one_per_sector_period"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="report_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sector_id and self.sector.code} {self.period_id and self.period.label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:report-detail", kwargs={"code": self.sector.code, "slug": self.period.slug})

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED


class InitiativeUpdate(models.Model):
    """What a report says about one initiative this quarter."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="updates", verbose_name=_("report")
    )
    initiative = models.ForeignKey(
        "actionplans.Initiative", on_delete=models.PROTECT, related_name="updates", verbose_name=_("initiative")
    )
    # The initiative's status as reported: the same codes and labels as the initiative's own.
    status = models.CharField(_("status"), max_length=20, choices=Initiative.Status.choices)
    percent_done = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    narrative = BoundedTextField(_("update"), max_length=2000, blank=True)

    class Meta:
        ordering = ["report", "initiative__commitment__number", "initiative__number"]
        verbose_name = _("initiative update")
        verbose_name_plural = _("initiative updates")
        constraints = [
            models.UniqueConstraint(fields=["report", "initiative"], name="update_one_per_report_initiative"),
            models.CheckConstraint(
                condition=models.Q(percent_done__isnull=True) | models.Q(percent_done__lte=100),
                name="update_percent_0_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "in_progress", "completed", "delayed", "cancelled"]),
                name="update_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.initiative_id}"

    @property
    def is_given(self) -> bool:
        return bool(self.narrative.strip())


class ApprovedInitiativeUpdate(models.Model):
    """An initiative's update as ARTF approved it, written on approval and never changed.

    The approved report's page and the tracker read these rows, not the live plan: a later
    import or a new initiative cannot change what was approved. Reopening the report deletes
    them (the history keeps them)."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="approved_updates", verbose_name=_("report")
    )
    initiative = models.ForeignKey(
        "actionplans.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    commitment_number = models.PositiveSmallIntegerField(_("commitment number"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    lead_en = models.CharField(_("lead (English)"), max_length=200, blank=True)
    lead_fr = models.CharField(_("lead (French)"), max_length=200, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Initiative.Status.choices)
    percent_done = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    narrative = BoundedTextField(_("update"), max_length=2000, blank=True)
    has_update = models.BooleanField(_("has an update"), default=True)

    class Meta:
        ordering = ["report", "commitment_number", "number"]
        verbose_name = _("approved initiative update")
        verbose_name_plural = _("approved initiative updates")

    def __str__(self) -> str:
        return f"{self.report_id} {self.commitment_number}.{self.number}"

    @property
    def title(self) -> str:
        return in_language(self, "title")

    def get_status_display(self) -> str:
        from actionplans.models import Initiative

        return str(dict(Initiative.Status.choices).get(self.status, self.status))


class ApprovedKPIValue(models.Model):
    """A KPI's value for the report's quarter (all groups, or one equity group) as ARTF approved it.

    Written on approval with the KPI's number, name and unit as they stood; the only KPI figures
    the tracker, the dashboard and the exports publish (``reporting.selectors.published_figures``).
    A KPI with no value for the quarter has an all-groups row with no value."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="approved_kpi_values", verbose_name=_("report")
    )
    kpi = models.ForeignKey(
        "actionplans.KPI", on_delete=models.SET_NULL, null=True, blank=True, related_name="approved_values"
    )
    commitment_number = models.PositiveSmallIntegerField(_("commitment number"))
    number = models.PositiveSmallIntegerField(_("number"))
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=KPI.Unit.choices)
    equity_group = models.ForeignKey(
        "actionplans.EquityGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("equity group"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    note_en = BoundedTextField(_("note (English)"), max_length=1000, blank=True)
    note_fr = BoundedTextField(_("note (French)"), max_length=1000, blank=True)

    class Meta:
        ordering = ["report", "commitment_number", "number", "equity_group"]
        verbose_name = _("approved KPI value")
        verbose_name_plural = _("approved KPI values")

    def __str__(self) -> str:
        return f"{self.report_id} {self.commitment_number}.{self.number}"

    @property
    def name(self) -> str:
        return in_language(self, "name")


class ReportComment(models.Model):
    """A reviewer's comment on one section of a report."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    section = models.CharField(_("section"), max_length=20, choices=QuarterlyReport.Section.choices)
    body = BoundedTextField(_("comment"), max_length=2000)
    body_language = written_in()
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")

    def __str__(self) -> str:
        return f"{self.report}{typography.separator(':')}{self.section}"


class ReportEvent(models.Model):
    """One change of a report's state: who, when, from what to what, and why."""

    class Action(models.TextChoices):
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")
        REOPENED = "reopened", _("Reopened")

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=QuarterlyReport.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=QuarterlyReport.Status.choices)
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = BoundedTextField(_("reason"), max_length=2000, blank=True)
    reason_language = written_in()
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report}{typography.separator(':')}{self.action}"


class Reminder(models.Model):
    """A due-date reminder sent to a sector's leads; the unique constraint makes it once only."""

    class Kind(models.TextChoices):
        WEEK = "week", _("Due in 7 days")
        DAY = "day", _("Due tomorrow")
        OVERDUE = "overdue", _("Overdue")

    sector = models.ForeignKey("sectors.Sector", on_delete=models.CASCADE, related_name="+", verbose_name=_("sector"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("reporting period")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["sector", "period", "kind"], name="reminder_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.sector_id} {self.period_id} {self.kind}"
