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
    elapsed = Decimal((on_date - kpi.baseline_date).days) / Decimal((kpi.target_date - kpi.baseline_date).days)
    return kpi.baseline_value + (kpi.target_value - kpi.baseline_value) * elapsed


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
