import datetime
import functools

from django.db import models
from django.utils.translation import gettext_lazy as _

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


@functools.lru_cache(maxsize=512)
def fiscal_label(fiscal_year: int, quarter: int) -> str:
    return f"{fiscal_year}-{(fiscal_year + 1) % 100:02d} Q{quarter}"


def fiscal_slug(fiscal_year: int, quarter: int) -> str:
    return fiscal_label(fiscal_year, quarter).replace(" ", "-").lower()


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_closed=False)


class ReportingPeriod(models.Model):
    """A fiscal quarter in which sectors report (label like ``2025-26 Q3``)."""

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
        return fiscal_label(self.fiscal_year, self.quarter)

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
