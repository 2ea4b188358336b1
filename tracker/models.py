"""The ministerial tracker: ARTF's wording for a period, and each version produced (a job and its PDF)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import BoundedTextField
from periods.models import ReportingPeriod


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


# A language's name inside a sentence ("the French tracker", « le suivi en français »): French
# writes it in lower case, where the choice's label (a table cell, a checkbox) is capitalised.
LANGUAGE_IN_SENTENCE = {
    "en": pgettext_lazy("language named in a sentence", "English"),
    "fr": pgettext_lazy("language named in a sentence", "French"),
}


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
    # takes to start is failed with that reason (``tracker.services.tracker_jobs_sweep``).
    queued_at = models.DateTimeField(_("queued"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # When the worker read what this version reports: a later approval, reopening, return or
    # curation makes the version out of date (``reporting.selectors.tracker_changes_since``).
    data_as_of = models.DateTimeField(_("data as of"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = BoundedTextField(_("error"), max_length=2000, blank=True)  # cut to fit by tracker_error_text
    # Produced although some texts it prints lacked its language: ARTF's reason and how many
    # there were, kept on the version (printed nowhere, the tracker included).
    language_override = BoundedTextField(_("reason to produce it with untranslated texts"), max_length=1000, blank=True)
    untranslated = models.PositiveIntegerField(_("untranslated texts"), default=0)

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
    def language_in_sentence(self) -> str:
        return str(LANGUAGE_IN_SENTENCE.get(self.language, self.get_language_display()))

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
