import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import typography
from core.fields import BoundedTextField


class EquityGroup(models.Model):
    """A group the strategy serves and data are disaggregated by (Indigenous peoples, Black, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("equity group")
        verbose_name_plural = _("equity groups")

    def __str__(self) -> str:
        return self.name


class StrategyQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        """The strategy in force today, else the most recent one."""
        today = today or timezone.localdate()
        in_force = self.filter(start_date__lte=today).order_by("-start_date").first()
        return in_force or self.order_by("-start_date").first()


class Strategy(models.Model):
    """The department's anti-racism strategy (e.g. Strategy 2.0, 2021 to 2026)."""

    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    vision = BoundedTextField(_("vision"), max_length=2000, blank=True)
    premise = BoundedTextField(_("premise"), max_length=2000, blank=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="strategy_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_dates(self, "start_date", "end_date", _("The end date must be after the start date."))


class Phase(models.Model):
    """One of the strategy's phases (Plan, Consult & Align … Mainstream Anti-Racism)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="phases", verbose_name=_("strategy"))
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    description = BoundedTextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="phase_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="phase_number_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="phase_end_not_before_start"),
        ]

    def __str__(self) -> str:
        return _("Phase %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def clean(self) -> None:
        _check_dates(
            self,
            "start_date",
            "end_date",
            _("The end date cannot be before the start date."),
            allow_equal=True,
        )


class ActionPlan(models.Model):
    """A sector's action plan under a strategy: one per sector and strategy."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    sector = models.ForeignKey(
        "sectors.Sector", on_delete=models.PROTECT, related_name="plans", verbose_name=_("sector")
    )
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="plans", verbose_name=_("strategy"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["sector__code"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["sector", "strategy"], name="plan_one_per_sector_strategy"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved"]), name="plan_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("%(sector)s action plan") % {"sector": self.sector.code}

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan-detail", kwargs={"code": self.sector.code})


class Commitment(models.Model):
    """A commitment of a plan (Annex D: statement, key leads, supporting units)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    # A sentence or two (the longest in the plans is 151 characters): a third of a page in the tracker at most.
    statement = BoundedTextField(_("statement"), max_length=1000)
    key_leads = models.CharField(_("key leads"), max_length=255, blank=True)
    supporting_units = models.CharField(_("supporting units"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="commitment_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}) {self.statement[:80]}"


class Initiative(models.Model):
    """Something a sector does to keep a commitment, with its timeline and status."""

    class Scope(models.TextChoices):
        INTERNAL = "internal", _("Internal (people management)")
        EXTERNAL = "external", _("External (policy, programs, service delivery)")
        BOTH = "both", _("Internal and external")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="initiatives",
        verbose_name=_("commitment"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=300)
    description = BoundedTextField(_("description"), max_length=2000, blank=True)
    lead = models.CharField(_("lead"), max_length=200, blank=True)
    supporting_units = models.CharField(_("supporting units"), max_length=255, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.INTERNAL)
    equity_groups = models.ManyToManyField(
        EquityGroup, blank=True, related_name="initiatives", verbose_name=_("equity groups served")
    )
    phases = models.ManyToManyField(Phase, blank=True, related_name="initiatives", verbose_name=_("phases"))
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["commitment", "number"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "number"], name="initiative_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="initiative_number_positive"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="initiative_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "completed", "delayed", "cancelled"]),
                name="initiative_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["internal", "external", "both"]), name="initiative_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.number}.{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "actionplans:initiative-detail", kwargs={"code": self.commitment.plan.sector.code, "pk": self.pk}
        )

    def clean(self) -> None:
        _check_dates(
            self,
            "planned_start",
            "planned_end",
            _("The planned end cannot be before the planned start."),
            allow_equal=True,
        )


class KPI(models.Model):
    """A key performance indicator of a commitment, measured against a baseline and a target."""

    class Unit(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENT = "percent", _("Percent")
        SCORE = "score", _("Score")
        POINTS = "points", _("Percentage points")  # a gap between two percentages: may be negative, never "%"

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        CLOSE_GAP = "close_gap", _("Close the gap between groups")

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("commitment")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("initiative"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(
        _("desired direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    is_disaggregated = models.BooleanField(_("disaggregated by equity group"), default=False)
    is_archived = models.BooleanField(_("archived"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["commitment", "number"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "number"], name="kpi_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="kpi_number_positive"),
            models.CheckConstraint(
                condition=Q(baseline_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gt=F("baseline_date")),
                name="kpi_target_after_baseline",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent")
                | (
                    (Q(baseline_value__isnull=True) | Q(baseline_value__gte=0, baseline_value__lte=100))
                    & (Q(target_value__isnull=True) | Q(target_value__gte=0, target_value__lte=100))
                ),
                name="kpi_percent_between_0_and_100",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=["count", "percent", "score", "points"]), name="kpi_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["increase", "decrease", "close_gap"]),
                name="kpi_direction_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actionplans:kpi-detail", kwargs={"code": self.commitment.plan.sector.code, "pk": self.pk})

    def clean(self) -> None:
        _check_dates(self, "baseline_date", "target_date", _("The target date must be after the baseline date."))
        if self.unit == self.Unit.PERCENT:
            errors = {
                name: _("A percentage must be between 0 and 100.")
                for name in ("baseline_value", "target_value")
                if getattr(self, name) is not None and not 0 <= getattr(self, name) <= 100
            }
            if errors:
                raise ValidationError(errors)


class KPIValue(models.Model):
    """A KPI's measured value for a reporting period, optionally for one equity group."""

    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="values", verbose_name=_("KPI"))
    period = models.ForeignKey(
        "periods.ReportingPeriod",
        on_delete=models.PROTECT,
        related_name="kpi_values",
        verbose_name=_("reporting period"),
    )
    equity_group = models.ForeignKey(
        EquityGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kpi_values",
        verbose_name=_("equity group"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = BoundedTextField(_("note"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kpi", "period", "equity_group"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [
            # One value per KPI, period and group; "all groups" (no group) counts as one group.
            models.UniqueConstraint(
                fields=["kpi", "period", "equity_group"],
                condition=Q(equity_group__isnull=False),
                name="kpivalue_unique_per_group",
                violation_error_message=_(
                    "This KPI already has a value for this period and group. Edit that value instead."
                ),
            ),
            models.UniqueConstraint(
                fields=["kpi", "period"],
                condition=Q(equity_group__isnull=True),
                name="kpivalue_unique_all_groups",
                violation_error_message=_(
                    "This KPI already has a value for this period (all groups). Edit that value instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        group = f" ({self.equity_group})" if self.equity_group_id else ""
        return f"{self.kpi} – {self.period}{group}{typography.separator(':')}{typography.decimal(self.value)}"

    def clean(self) -> None:
        """The rules on one value, for every path that writes one (web, report, admin, import)."""
        errors: dict[str, list] = {}
        try:
            self.check_period_open()
        except ValidationError as error:
            errors["period"] = error.messages
        kpi = self.kpi if self.kpi_id else None
        if kpi is not None and self.equity_group_id and not kpi.is_disaggregated:
            errors["equity_group"] = [_("This KPI is not disaggregated: enter one value for all groups.")]
        if kpi is not None and kpi.unit == KPI.Unit.PERCENT and self.value is not None and not 0 <= self.value <= 100:
            errors["value"] = [_("A percentage must be between 0 and 100.")]
        if errors:
            raise ValidationError(errors)

    def check_period_open(self) -> None:
        """A closed quarter's values no longer change: not entered, edited or cleared."""
        if self.period_id and self.period.is_closed:
            raise ValidationError(
                _("%(period)s is closed: its values can no longer change.") % {"period": self.period.label},
                code="closed",
            )


def _check_dates(obj, first: str, last: str, message, allow_equal: bool = False) -> None:
    start, end = getattr(obj, first), getattr(obj, last)
    if start and end and (end < start or (end == start and not allow_equal)):
        raise ValidationError({last: message})
