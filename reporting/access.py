"""Fetch-and-check for quarterly reports: read the report, ask ``sectors.permissions``, 403 or 404.

The rules live in ``sectors.permissions``; this floor holds the helpers because it is the lowest
that has the model (Zulip's ``access_stream_by_id``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from actionplans import selectors as plan_selectors
from periods import selectors as period_selectors
from sectors import permissions

from . import selectors
from .models import QuarterlyReport


def report_page_for_reading(user, code: str, slug: str) -> selectors.ReportPage:
    """The sector's report page for the period (its report or none yet), if this person may read it."""
    plan = plan_selectors.plan_for_sector(code=code)
    period = period_selectors.period_get(slug=slug)
    page = selectors.report_page(plan=plan, period=period)
    if not permissions.can_view_report(user, page):
        raise PermissionDenied
    return page


def report_for_review(user, code: str, slug: str) -> QuarterlyReport:
    """The report, for an ARTF reviewer (403 for anyone else, before anything is read; 404 when
    the sector has not started it). Whether its state allows the action is the service's to say."""
    if not permissions.reviews_reports(user):
        raise PermissionDenied
    page = report_page_for_reading(user, code, slug)
    if page.report is None:
        raise Http404(_("This sector has not started its report for this period."))
    return page.report
