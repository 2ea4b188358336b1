"""Writes of reporting periods: ARTF opens a quarter for reporting and closes it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import ReportingPeriod


# -- periods ------------------------------------------------------------------------------------
@transaction.atomic
def period_open(
    *, fiscal_year: int, quarter: int, opens_on: datetime.date, due_date: datetime.date, by
) -> ReportingPeriod:
    """Open a quarter for reporting (creating it if needed) with its due date; reopens a closed one."""
    if due_date < opens_on:
        raise ValidationError({"due_date": _("The due date cannot be before the opening day.")})
    period = ReportingPeriod.objects.select_for_update().filter(
        fiscal_year=fiscal_year, quarter=quarter
    ).first() or ReportingPeriod(fiscal_year=fiscal_year, quarter=quarter)
    period.opens_on, period.due_date, period.is_closed = opens_on, due_date, False
    period._history_user = by
    period.full_clean(validate_unique=False)
    period.save()
    return period


@transaction.atomic
def period_add(*, fiscal_year: int, quarter: int, by) -> ReportingPeriod:
    """Add a quarter ahead of its reporting (no opening day, no due date): it takes KPI values
    now, and reports once ARTF opens it. An existing quarter is returned as it stands."""
    period = ReportingPeriod.objects.filter(fiscal_year=fiscal_year, quarter=quarter).first()
    if period is None:
        period = ReportingPeriod(fiscal_year=fiscal_year, quarter=quarter)
        period._history_user = by
        period.full_clean(validate_unique=False)
        period.save()
    return period


@transaction.atomic
def period_close(*, period: ReportingPeriod, by) -> ReportingPeriod:
    """Close a period: it takes no new KPI values and its reports can no longer change."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        period.is_closed = True
        period._history_user = by
        period.save(update_fields=["is_closed"])
    return period
