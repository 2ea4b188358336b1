"""Equity evidence: workforce representation against Labour Market Availability, and surveys.

Representation counts are published only through small-count suppression
(``core.suppression``): which figures are hidden is worked out when a quarter's file is
imported and stored with the figures (``headcount_hidden``, ``total_hidden``), so every page,
export and PDF reads the same answer.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import typography
from core.fields import BoundedTextField, written_in
from periods.models import ReportingPeriod
from sectors.models import Sector

from .maturity import STAGE_CHOICES

ONE_DECIMAL = Decimal("0.1")


def _label(choices, value) -> str:
    """A choice's label in the active language (the value itself when it is not one of them)."""
    return str(choices(value).label) if value in choices._value2member_map_ else str(value)


class Level(models.TextChoices):
    ALL = "all", _("All employees")
    ENTRY = "entry", _("Entry level")
    MIDDLE = "middle", _("Middle managers")
    EX_MINUS_1 = "ex_minus_1", _("EX minus 1")
    EXECUTIVE = "executive", _("Executives")


#: The levels that make up "all employees" (with, possibly, people at other levels).
LEVEL_PARTS = [Level.ENTRY, Level.MIDDLE, Level.EX_MINUS_1, Level.EXECUTIVE]


class Group(models.TextChoices):
    INDIGENOUS = "indigenous", _("Indigenous peoples")
    BLACK = "black", _("Black")
    RACIALIZED = "racialized", _("Other racialized")
    DISABILITY = "disability", _("Persons with disabilities")
    WOMEN = "women", _("Women")
    INDIGENOUS_WOMEN = "indigenous_women", _("Indigenous women")
    BLACK_WOMEN = "black_women", _("Black women")
    RACIALIZED_WOMEN = "racialized_women", _("Other racialized women")
    DISABILITY_WOMEN = "disability_women", _("Women with disabilities")


#: A combination is counted inside each of the groups it combines.
GROUP_PARTS: dict[str, tuple[str, str]] = {
    Group.INDIGENOUS_WOMEN: (Group.INDIGENOUS, Group.WOMEN),
    Group.BLACK_WOMEN: (Group.BLACK, Group.WOMEN),
    Group.RACIALIZED_WOMEN: (Group.RACIALIZED, Group.WOMEN),
    Group.DISABILITY_WOMEN: (Group.DISABILITY, Group.WOMEN),
}


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal (half up), or None for an empty whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


class Representation(models.Model):
    """One group's headcount at one level, of the department (no sector) or of a sector, in a quarter."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="representation", verbose_name=_("period")
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representation",
        verbose_name=_("sector"),
        help_text=_("Blank for the whole department."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    group = models.CharField(_("equity group"), max_length=30, choices=Group.choices)
    headcount = models.PositiveIntegerField(_("headcount of the group"))
    total = models.PositiveIntegerField(_("total headcount"))
    lma_percent = models.DecimalField(
        _("labour market availability (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    lma_source = models.CharField(_("LMA source"), max_length=200, blank=True)
    lma_year = models.PositiveSmallIntegerField(
        _("LMA year"), null=True, blank=True, validators=[MinValueValidator(1970), MaxValueValidator(2100)]
    )
    # Set by suppression when the quarter is imported; never typed.
    headcount_hidden = models.BooleanField(_("headcount suppressed"), default=True, editable=False)
    total_hidden = models.BooleanField(_("total suppressed"), default=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["period", "sector__code", "level", "group"]
        verbose_name = _("representation figure")
        verbose_name_plural = _("representation figures")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "sector", "level", "group"],
                condition=Q(sector__isnull=False),
                name="representation_unique_sector",
            ),
            models.UniqueConstraint(
                fields=["period", "level", "group"],
                condition=Q(sector__isnull=True),
                name="representation_unique_department",
            ),
            models.CheckConstraint(condition=Q(headcount__lte=F("total")), name="representation_headcount_le_total"),
            models.CheckConstraint(
                condition=Q(lma_percent__isnull=True) | Q(lma_percent__gte=0, lma_percent__lte=100),
                name="representation_lma_0_to_100",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="representation_level_valid"),
            models.CheckConstraint(condition=Q(group__in=Group.values), name="representation_group_valid"),
        ]
        indexes = [models.Index(fields=["period", "level", "group"], name="representation_period_idx")]

    def __str__(self) -> str:
        # Each import names every row it writes: the labels are read from the choices directly, as
        # get_level_display() would rebuild (and translate) all of them for every row.
        where = self.sector.code if self.sector_id else _("Department")
        return f"{self.period} · {where} · {_label(Level, self.level)} · {_label(Group, self.group)}"

    def clean(self):
        if self.headcount is not None and self.total is not None and self.headcount > self.total:
            raise ValidationError(
                {
                    "headcount": _(
                        "The group's headcount (%(headcount)s) cannot be above the total headcount (%(total)s)."
                    )
                    % {"headcount": self.headcount, "total": self.total}
                }
            )


class Survey(models.Model):
    """A survey whose results by question or theme and group are imported (PSES, an anti-racism pulse…)."""

    name = models.CharField(_("name"), max_length=200)
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("period")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period__fiscal_year", "-period__quarter", "name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        # One survey per name and quarter is kept by the import (a constraint on a translated
        # field would be copied per language, and blank French names would clash).

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"


class SurveyResult(models.Model):
    """A result (% agreeing, or a score) for one question or theme and one group, with how many answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results", verbose_name=_("survey"))
    theme = models.CharField(_("question or theme"), max_length=300)
    group = models.CharField(
        _("equity group"),
        max_length=30,
        blank=True,
        choices=Group.choices,
        help_text=_("Blank for all respondents."),
    )
    value = models.DecimalField(
        _("result (%)"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    respondents = models.PositiveIntegerField(_("respondents"))

    class Meta:
        ordering = ["survey", "theme", "group"]
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=100), name="survey_result_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.theme} · {self.get_group_display() or _('All respondents')}"


class SurveyHighlight(models.Model):
    """A qualitative highlight ARTF draws from a survey: a theme and, optionally, a short quote."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="highlights", verbose_name=_("survey"))
    theme = models.CharField(_("theme"), max_length=200)
    summary = BoundedTextField(_("what we heard"), max_length=1500)
    quote = BoundedTextField(
        _("short quote"),
        max_length=400,
        blank=True,
        help_text=_("Anonymous and short; leave out anything that could identify the person."),
    )
    # A quotation stays in the language it was said in: it is printed with that ``lang`` and, on a
    # page in the other language, with its translation beside it when there is one.
    quote_language = models.CharField(
        _("language of the quote"),
        max_length=2,
        choices=[("en", _("English")), ("fr", _("French"))],
        blank=True,
        help_text=_("The language the person wrote or said it in."),
    )
    quote_translation = BoundedTextField(
        _("translation of the quote"),
        max_length=400,
        blank=True,
        help_text=_("Optional: the quote in the other language, shown beside the original words."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("survey highlight")
        verbose_name_plural = _("survey highlights")

    def __str__(self) -> str:
        return self.theme

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.quote and not self.quote_language:
            raise ValidationError({"quote_language": _("Say which language the quote is in.")})
        if self.quote_translation and not self.quote:
            raise ValidationError({"quote_translation": _("A translation needs the quote it translates.")})


class MaturityAssessment(models.Model):
    """A sector's own assessment of its stage on the maturity continuum for a quarter, with its evidence."""

    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="maturity", verbose_name=_("sector"))
    period = models.ForeignKey(
        "periods.ReportingPeriod", on_delete=models.PROTECT, related_name="maturity", verbose_name=_("period")
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=STAGE_CHOICES)
    evidence = BoundedTextField(
        _("evidence"), max_length=4000, help_text=_("What shows the sector is at this stage: facts, not intentions.")
    )
    evidence_language = written_in(_("evidence written in"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("assessed by")
    )
    assessed_at = models.DateTimeField(_("assessed"))
    review_note = BoundedTextField(_("ARTF review note"), max_length=2000, blank=True)
    review_note_language = written_in(_("review note written in"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["sector__code", "period__fiscal_year", "period__quarter"]
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        constraints = [
            models.UniqueConstraint(fields=["sector", "period"], name="maturity_unique_sector_period"),
            models.CheckConstraint(condition=models.Q(stage__gte=1, stage__lte=6), name="maturity_stage_1_to_6"),
        ]

    def __str__(self) -> str:
        return f"{self.sector.code} – {self.period}{typography.separator(':')}{self.get_stage_display()}"
