"""The quarters in which sectors report, and the one vocabulary for choosing among them."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.typography import long_date

from .calendar import QUARTER_MONTHS, fiscal_label, fiscal_quarter_dates, fiscal_slug


def up_to_q(period: ReportingPeriod, prefix: str = "period") -> models.Q:
    """Rows whose ``prefix`` period is this quarter or an earlier one (``prefix=""``: the periods
    themselves). The one rule for "up to this quarter", wherever the period is reached from."""
    field = f"{prefix}__" if prefix else ""
    return models.Q(**{f"{field}fiscal_year__lt": period.fiscal_year}) | models.Q(
        **{f"{field}fiscal_year": period.fiscal_year, f"{field}quarter__lte": period.quarter}
    )


class ReportingPeriodQuerySet(models.QuerySet):
    """The one vocabulary for choosing periods."""

    def accepting_values(self):
        """Not closed: the plan's KPI values may still be entered or changed for them."""
        return self.filter(is_closed=False)

    def open_on(self, day: datetime.date):
        """Open for reporting on ``day`` (as ``ReportingPeriod.is_open_on`` says, in SQL)."""
        return self.filter(is_closed=False, opens_on__lte=day)

    def up_to(self, period: ReportingPeriod):
        """This quarter and the earlier ones."""
        return self.filter(up_to_q(period, prefix=""))

    def chronological(self):
        """Oldest quarter first (``.reverse()``: newest first)."""
        return self.order_by("fiscal_year", "quarter")


def period_being_reported(periods, today: datetime.date):
    """Of these open periods, the one a lead is reporting on today: the latest that has opened.

    A quarter ARTF has opened is the one whose report is in progress; when two are open (one
    overdue, the next just opened) the later one is current. When none has opened yet, the
    next one to open; None when there are no periods.
    """
    started = [p for p in periods if p.is_open_on(today)]
    if started:
        return max(started, key=lambda p: p.order_key)
    return min(periods, key=lambda p: p.order_key, default=None)


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
                        % {"start": long_date(start)}
                    }
                )

    @property
    def order_key(self) -> tuple[int, int]:
        """Sorts and compares quarters in Python as ``chronological()`` orders them in SQL."""
        return self.fiscal_year, self.quarter

    def is_open_on(self, day: datetime.date) -> bool:
        """Open for reporting: ARTF has opened it (its opening day has come) and not closed it."""
        return not self.is_closed and self.opens_on is not None and self.opens_on <= day

    def days_left(self, day: datetime.date) -> int | None:
        """Days from ``day`` to the due date (negative once it has passed)."""
        return None if self.due_date is None else (self.due_date - day).days
