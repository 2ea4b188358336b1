import datetime
import functools
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from actionplans.models import KPI, Initiative
from core.fields import BoundedTextField

# Government of Canada fiscal quarters: the fiscal year starts on 1 April.
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}


@functools.lru_cache(maxsize=512)
def fiscal_quarter_dates(fiscal_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of quarter ``quarter`` of the fiscal year that starts in April ``fiscal_year``."""
    first_month, last_month = QUARTER_MONTHS[quarter]
    year = fiscal_year + 1 if quarter == 4 else fiscal_year
    start = datetime.date(year, first_month, 1)
    next_month = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return start, next_month - datetime.timedelta(days=1)


def fiscal_label(fiscal_year: int, quarter: int, language: str | None = None) -> str:
    """The quarter as people write it in the language (the active one unless given).

    English "2025-26 Q3"; French "T3 2025-2026" (trimestre, then the fiscal year in full). Every
    page, PDF, export and e-mail prints a period through this; URLs use the language-neutral slug.
    """
    return _fiscal_label(fiscal_year, quarter, "fr" if (language or get_language() or "").startswith("fr") else "en")


@functools.lru_cache(maxsize=1024)
def _fiscal_label(fiscal_year: int, quarter: int, language: str) -> str:
    if language == "fr":
        return f"T{quarter}\N{NO-BREAK SPACE}{fiscal_year}-{fiscal_year + 1}"
    return f"{fiscal_year}-{(fiscal_year + 1) % 100:02d} Q{quarter}"


def fiscal_slug(fiscal_year: int, quarter: int) -> str:
    return fiscal_label(fiscal_year, quarter, "en").replace(" ", "-").lower()


FRENCH_LABEL = re.compile(r"^t([1-4])[\s\u00a0\u202f_-]*(\d{4})\s*[-–]\s*(\d{2}|\d{4})$")


_FISCAL_YEAR = re.compile(r"(\d{4})\s*[-/–]\s*(\d{2}|\d{4})(?!\d)")
_QUARTER = re.compile(r"(?:^|[^a-z])[qt]\s*([1-4])(?!\d)")


def period_key(value) -> str:
    """The slug a typed period label names: "2025-26 Q3", "2025-26_q3", "T3 2025-2026" → "2025-26-q3"."""
    text = str(value or "").strip().lower()
    year, quarter = _FISCAL_YEAR.search(text), _QUARTER.search(text)
    if year and quarter:
        start, end = int(year.group(1)), int(year.group(2))
        if end % 100 == (start + 1) % 100:
            return fiscal_slug(start, int(quarter.group(1)))
    return re.sub(r"[\s_\u00a0\u202f]+", "-", text)


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_closed=False)


def period_being_reported(periods, today: datetime.date):
    """Of these open periods, the one a lead is reporting on today: the latest that has opened.

    A quarter ARTF has opened is the one whose report is in progress; when two are open (one
    overdue, the next just opened) the later one is current. When none has opened yet, the
    next one to open; None when there are no periods.
    """
    started = [p for p in periods if p.is_open_on(today)]
    if started:
        return max(started, key=lambda p: (p.fiscal_year, p.quarter))
    return min(periods, key=lambda p: (p.fiscal_year, p.quarter), default=None)


class ReportingPeriod(models.Model):
    """A fiscal quarter in which sectors report (label ``2025-26 Q3``, in French ``T3 2025-2026``)."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), help_text=_("The calendar year in which the fiscal year starts (April).")
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    slug = models.SlugField(_("slug"), max_length=20, unique=True, editable=False)
    start_date = models.DateField(_("start date"), editable=False)
    end_date = models.DateField(_("end date"), editable=False)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["fiscal_year", "quarter"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "quarter"], name="period_unique_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="period_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True) | models.Q(due_date__gte=models.F("start_date")),
                name="period_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        # Dates and slug are derived from the fiscal year and quarter, never typed.
        self.start_date, self.end_date = fiscal_quarter_dates(self.fiscal_year, self.quarter)
        self.slug = fiscal_slug(self.fiscal_year, self.quarter)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The quarter in the active language: "2025-26 Q3", "T3 2025-2026"."""
        return fiscal_label(self.fiscal_year, self.quarter)

    def label_in(self, language: str) -> str:
        return fiscal_label(self.fiscal_year, self.quarter, language)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.fiscal_year and self.quarter in QUARTER_MONTHS:
            start, _end = fiscal_quarter_dates(self.fiscal_year, self.quarter)
            if self.due_date and self.due_date < start:
                raise ValidationError(
                    {
                        "due_date": _("The due date cannot be before the quarter starts (%(start)s).")
                        % {"start": start.isoformat()}
                    }
                )

    def is_open_on(self, day: datetime.date) -> bool:
        """Open for reporting: ARTF has opened it (its opening day has come) and not closed it."""
        return not self.is_closed and self.opens_on is not None and self.opens_on <= day

    def days_left(self, day: datetime.date) -> int | None:
        """Days from ``day`` to the due date (negative once it has passed)."""
        return None if self.due_date is None else (self.due_date - day).days


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
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    lead = models.CharField(_("lead"), max_length=200, blank=True)
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
        from django.utils.translation import get_language

        french = (get_language() or "en").startswith("fr")
        return (self.title_fr if french and self.title_fr else self.title_en) or self.title_fr

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
    name_en = models.CharField(_("name (English)"), max_length=300)
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
        from django.utils.translation import get_language

        french = (get_language() or "en").startswith("fr")
        return (self.name_fr if french and self.name_fr else self.name_en) or self.name_fr


class ReportComment(models.Model):
    """A reviewer's comment on one section of a report."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    section = models.CharField(_("section"), max_length=20, choices=QuarterlyReport.Section.choices)
    body = BoundedTextField(_("comment"), max_length=2000)
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("author"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")

    def __str__(self) -> str:
        return f"{self.report}: {self.section}"


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
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report}: {self.action}"


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


class TrackerCuration(models.Model):
    """ARTF's editing of a period's ministerial tracker: the executive summary text (EN/FR)."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.CASCADE, related_name="curation", verbose_name=_("reporting period")
    )
    summary_en = BoundedTextField(_("executive summary (English)"), max_length=5000, blank=True)
    summary_fr = BoundedTextField(_("executive summary (French)"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tracker curation")
        verbose_name_plural = _("tracker curations")

    def __str__(self) -> str:
        return str(self.period)


class TrackerActions(models.Model):
    """A sector's top actions in a period's tracker, as ARTF picked, ordered and worded them (one per line)."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="tracker_actions", verbose_name=_("reporting period")
    )
    sector = models.ForeignKey(
        "sectors.Sector", on_delete=models.CASCADE, related_name="tracker_actions", verbose_name=_("sector")
    )
    # As long as a report's top actions, which the curation page starts from.
    actions_en = BoundedTextField(_("top actions (English)"), max_length=4000, blank=True)
    actions_fr = BoundedTextField(_("top actions (French)"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tracker top actions")
        verbose_name_plural = _("tracker top actions")
        constraints = [models.UniqueConstraint(fields=["period", "sector"], name="tracker_actions_one_per_sector")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.sector_id}"


class TrackerJob(models.Model):
    """One generation of the ministerial tracker PDF for a period and language; every version is kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        REQUEST = "request", _("Asked for")
        SCHEDULE = "schedule", _("Scheduled")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="tracker_jobs", verbose_name=_("reporting period")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.REQUEST)
    version = models.PositiveIntegerField(_("version"), default=1)
    file = models.FileField(_("file"), upload_to="trackers/", blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("asked by")
    )
    requested_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    # When it was last queued (asked for, or retried): a job queued far longer than any worker
    # takes to start is failed with that reason (``reporting.services.tracker_jobs_sweep``).
    queued_at = models.DateTimeField(_("queued"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # When the worker read what this version reports: a later approval, reopening, return or
    # curation makes the version out of date (``reporting.selectors.tracker_changes_since``).
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = BoundedTextField(_("error"), max_length=2000, blank=True)  # cut to fit by tracker_error_text

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("tracker job")
        verbose_name_plural = _("tracker jobs")
        constraints = [
            models.UniqueConstraint(fields=["period", "language", "version"], name="tracker_unique_version"),
            # The schedule makes a period's tracker once per language; people may ask again at will.
            models.UniqueConstraint(
                fields=["period", "language"],
                condition=models.Q(trigger="schedule"),
                name="tracker_scheduled_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]), name="tracker_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""), name="tracker_done_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.language} v{self.version}"

    @property
    def filename(self) -> str:
        slug = self.period.slug if self.period_id else "period"
        return f"ministerial-tracker-{slug}-{self.language}-v{self.version}.pdf"

    @property
    def is_out_of_date(self) -> bool:
        """Something it reports changed after it was made (``changes`` set by the selector)."""
        return bool(getattr(self, "changes", None))

    @property
    def download_name(self) -> str:
        """The file name people save: it says so when the version is out of date."""
        name = self.filename
        return name.replace(".pdf", "-out-of-date.pdf") if self.is_out_of_date else name

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
