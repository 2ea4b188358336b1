"""Reads of reporting periods."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404

from .models import ReportingPeriod


def period_get(*, slug: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod, slug=slug)


def open_periods(*, today: datetime.date) -> list[ReportingPeriod]:
    """Periods open for reporting today, oldest first."""
    return list(ReportingPeriod.objects.open_on(today).chronological())
