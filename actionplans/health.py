"""Health of KPIs and initiatives: the rules in one place.

A KPI's health comes from where its latest value stands against the straight line drawn
from its baseline (value, date) to its target (value, date), read at the end of the
value's reporting period:
- on track: on the line or ahead of it, or the target is already met;
- at risk: behind the line by no more than ``AT_RISK_TOLERANCE`` of the planned change;
- off track: further behind;
- no data: no value yet, or no baseline or target to draw the line.
"Ahead" follows the desired direction: up for increase, down for decrease, and toward
the target for closing a gap.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import KPI, Initiative

AT_RISK_TOLERANCE = Decimal("0.10")


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    OVERDUE = "overdue", _("Overdue")
    NO_DATA = "no_data", _("Not enough data")


def expected_value(kpi: KPI, on_date: datetime.date) -> Decimal | None:
    """The value the straight line from baseline to target gives for a date (flat outside)."""
    if None in (kpi.baseline_value, kpi.baseline_date, kpi.target_value, kpi.target_date):
        return None
    if on_date <= kpi.baseline_date:
        return kpi.baseline_value
    if on_date >= kpi.target_date:
        return kpi.target_value
    return kpi.baseline_value + (kpi.target_value - kpi.baseline_value) * _elapsed(
        kpi.baseline_date, kpi.target_date, on_date
    )


@functools.lru_cache(maxsize=4096)
def _elapsed(start: datetime.date, end: datetime.date, on_date: datetime.date) -> Decimal:
    """The share of the way from start to end that ``on_date`` has reached (KPIs share few date pairs)."""
    return Decimal((on_date - start).days) / Decimal((end - start).days)


def _sign(kpi: KPI) -> int:
    """+1 when higher is better, -1 when lower is better."""
    if kpi.direction == KPI.Direction.DECREASE:
        return -1
    if kpi.direction == KPI.Direction.CLOSE_GAP and kpi.baseline_value is not None and kpi.target_value is not None:
        return 1 if kpi.target_value >= kpi.baseline_value else -1
    return 1


def kpi_health(kpi: KPI, value: Decimal | None, on_date: datetime.date | None) -> Health:
    if value is None or on_date is None:
        return Health.NO_DATA
    sign = _sign(kpi)
    if kpi.target_value is not None and (value - kpi.target_value) * sign >= 0:
        return Health.ON_TRACK  # the target is met already
    expected = expected_value(kpi, on_date)
    if expected is None:
        return Health.NO_DATA
    shortfall = (expected - value) * sign
    if shortfall <= 0:
        return Health.ON_TRACK
    span = abs(kpi.target_value - kpi.baseline_value)
    if span and shortfall <= span * AT_RISK_TOLERANCE:
        return Health.AT_RISK
    return Health.OFF_TRACK


def initiative_health(initiative: Initiative, today: datetime.date) -> Health | None:
    """Overdue once its planned end has passed and it is not completed; delayed is at risk."""
    status = initiative.status
    if status == Initiative.Status.CANCELLED:
        return None
    if status == Initiative.Status.COMPLETED:
        return Health.ON_TRACK
    if initiative.planned_end and initiative.planned_end < today:
        return Health.OVERDUE
    if status == Initiative.Status.DELAYED:
        return Health.AT_RISK
    return Health.ON_TRACK


# -- the same rule as SQL, for pages that count thousands of KPIs (the dashboard) ----------------
class DaysBetween(models.Func):
    """Days from ``start`` to ``end`` (a number; negative when end is earlier)."""

    arity = 2
    output_field = models.DecimalField(max_digits=20, decimal_places=10)

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST((%(expressions)s) AS NUMERIC)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(", **extra
        )


def kpi_health_expression(*, value: str, on_date: datetime.date) -> models.Case:
    """``kpi_health`` as a SQL CASE over a KPI row, its value being the column ``value``.

    The two must agree; ``tests/actionplans/test_health.py`` checks them against each other.
    """
    from django.db.models import F, Q, Value
    from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThanOrEqual

    decimal = models.DecimalField(max_digits=20, decimal_places=10)
    on = Value(on_date, output_field=models.DateField())
    sign = models.Case(
        models.When(direction=KPI.Direction.DECREASE, then=Value(-1)),
        models.When(Q(direction=KPI.Direction.CLOSE_GAP, target_value__lt=F("baseline_value")), then=Value(-1)),
        default=Value(1),
        output_field=models.IntegerField(),
    )
    expected = models.Case(
        models.When(baseline_date__gte=on, then=F("baseline_value")),
        models.When(target_date__lte=on, then=F("target_value")),
        default=models.ExpressionWrapper(
            F("baseline_value")
            + (F("target_value") - F("baseline_value"))
            * DaysBetween(on, F("baseline_date"))
            / DaysBetween(F("target_date"), F("baseline_date")),
            output_field=decimal,
        ),
        output_field=decimal,
    )
    shortfall = models.ExpressionWrapper((expected - F(value)) * sign, output_field=decimal)
    span = models.Func(F("target_value") - F("baseline_value"), function="ABS", output_field=decimal)
    incomplete = (
        Q(baseline_value__isnull=True)
        | Q(baseline_date__isnull=True)
        | Q(target_value__isnull=True)
        | Q(target_date__isnull=True)
    )
    return models.Case(
        models.When(**{f"{value}__isnull": True}, then=Value(Health.NO_DATA.value)),
        models.When(
            Q(target_value__isnull=False)
            & Q(GreaterThanOrEqual(models.ExpressionWrapper((F(value) - F("target_value")) * sign, decimal), 0)),
            then=Value(Health.ON_TRACK.value),
        ),
        models.When(incomplete, then=Value(Health.NO_DATA.value)),
        models.When(LessThanOrEqual(shortfall, 0), then=Value(Health.ON_TRACK.value)),
        models.When(
            Q(GreaterThan(span, 0)) & Q(LessThanOrEqual(shortfall, span * Value(AT_RISK_TOLERANCE))),
            then=Value(Health.AT_RISK.value),
        ),
        default=Value(Health.OFF_TRACK.value),
        output_field=models.CharField(),
    )
