"""Who may see and change what: the one place that decides access.

Roles that span the department are groups (ARTF, Executive); sector roles are Membership rows.
Every view asks here; nothing else compares users with sectors. The fetch-and-check helpers
(``sector_for_reading``…, and ``plan_for_edit`` / ``report_for_review`` on the floors that hold those
models) read an object and ask the rule in one call, so a view never holds what it may not see.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Membership, Sector


def _in_group(user, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_group_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._group_names = cache
    return name in cache


def is_artf(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _in_group(user, settings.ARTF_GROUP))


def is_executive(user) -> bool:
    return _in_group(user, settings.EXECUTIVE_GROUP)


def sees_all_sectors(user) -> bool:
    """ARTF and executives follow every sector from their home page."""
    return is_artf(user) or is_executive(user)


def can_view_plan(user, sector: Sector) -> bool:
    """Every signed-in person may read every sector's plan: plans must be visible and align."""
    return user.is_authenticated


def home_sectors(user) -> QuerySet[Sector]:
    """The sectors a person's home page lists: all for ARTF and executives, else their own."""
    sectors = Sector.objects.active().order_by("code")
    if sees_all_sectors(user):
        return sectors
    return sectors.filter(memberships__user=user).distinct()


def sector_roles(user) -> dict[int, str]:
    """Sector id → the person's role there (lead or contributor); one query per request."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_sector_roles", None)
    if cache is None:
        cache = dict(Membership.objects.filter(user=user).values_list("sector_id", "role"))
        user._sector_roles = cache
    return cache


def can_edit_plan(user, sector: Sector) -> bool:
    """Leads and contributors change their own sectors' plans; ARTF staff change any plan.

    Executives and everyone else read only. This also covers commitments, initiatives, KPIs
    and KPI values, which belong to a plan.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if is_artf(user):
        return True
    return sector.pk in sector_roles(user)


def editable_sector_ids(user) -> list[int]:
    """Ids of the sectors whose plans this person may change (all of them for ARTF)."""
    if is_artf(user):
        return list(Sector.objects.values_list("pk", flat=True))
    return list(sector_roles(user))


# -- quarterly reports and the dashboard ------------------------------------------------------
def is_sector_lead(user, sector: Sector) -> bool:
    return user.is_authenticated and user.is_active and sector_roles(user).get(sector.pk) == Membership.Role.LEAD


# The state-dependent questions below take the report, or any object that answers like one (the
# report page stands in for a report not started yet, a report list's row for one line):
# ``sector``, ``period``, ``status`` and the ``Status`` enum it is compared through. This floor
# cannot import the reporting models.
def can_view_report(user, report) -> bool:
    """A sector's own people and ARTF read its report at any stage; everyone else only once approved."""
    if not user.is_authenticated:
        return False
    if is_artf(user) or report.sector.pk in sector_roles(user):
        return True
    return report.status == report.Status.APPROVED


def writes_reports(user, sector: Sector) -> bool:
    """The sector's leads and contributors write its reports (whether the report can change now is
    the report's state: see ``can_edit_report``)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sector.pk in sector_roles(user)


def submits_reports(user, sector: Sector) -> bool:
    """Only a sector lead submits (contributors draft for their lead)."""
    return is_sector_lead(user, sector)


def reviews_reports(user) -> bool:
    """ARTF staff comment on, return, approve and reopen reports."""
    return is_artf(user) and user.is_active


def _with_sector(report) -> bool:
    """Not started, a draft or returned: the report is with its sector."""
    return report.status in (report.Status.NOT_STARTED, report.Status.DRAFT, report.Status.RETURNED)


def _under_review(report) -> bool:
    """A report exists and its period is not closed: ARTF may act on it."""
    return report.status != report.Status.NOT_STARTED and not report.period.is_closed


def can_edit_report(user, report, *, today: datetime.date | None = None) -> bool:
    """The sector's people write a report while its period is open and it is with them."""
    today = today or timezone.localdate()
    return report.period.is_open_on(today) and writes_reports(user, report.sector) and _with_sector(report)


def can_submit_report(user, report, *, today: datetime.date | None = None) -> bool:
    """A lead submits what they may edit."""
    return can_edit_report(user, report, today=today) and submits_reports(user, report.sector)


def can_comment_on_report(user, report) -> bool:
    """ARTF comments on a report until it is approved."""
    return reviews_reports(user) and _under_review(report) and report.status != report.Status.APPROVED


def can_review_report(user, report) -> bool:
    """ARTF approves or returns a submitted report."""
    return reviews_reports(user) and _under_review(report) and report.status == report.Status.SUBMITTED


def can_reopen_report(user, report) -> bool:
    """ARTF reopens a submitted or approved report, so the sector can change it again."""
    return (
        reviews_reports(user)
        and _under_review(report)
        and report.status in (report.Status.SUBMITTED, report.Status.APPROVED)
    )


def can_view_dashboard(user) -> bool:
    return sees_all_sectors(user)


def can_manage_periods(user) -> bool:
    return is_artf(user) and user.is_active


def can_view_trackers(user) -> bool:
    """ARTF and executives list and download the ministerial trackers."""
    return sees_all_sectors(user) and user.is_active


def can_produce_trackers(user) -> bool:
    """ARTF produces, curates and retries them."""
    return is_artf(user) and user.is_active


# -- equity evidence: representation, surveys, maturity ----------------------------------------
def can_view_evidence(user) -> bool:
    """Department-level representation and survey results: ARTF, executives and the sectors' people."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sees_all_sectors(user) or bool(sector_roles(user))


def can_view_sector_evidence(user, sector: Sector) -> bool:
    """A sector's own representation: ARTF, executives and that sector's people."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sees_all_sectors(user) or sector.pk in sector_roles(user)


def can_manage_evidence(user) -> bool:
    """ARTF imports representation and survey files and writes survey highlights."""
    return is_artf(user) and user.is_active


def can_assess_maturity(user, sector: Sector) -> bool:
    """A sector's leads assess its stage on the maturity continuum."""
    return is_sector_lead(user, sector)


def can_review_maturity(user) -> bool:
    """ARTF adds a review note to a sector's assessment."""
    return is_artf(user) and user.is_active


def can_triage_feedback(user) -> bool:
    """ARTF reads the anonymous feedback box and publishes "you said, we did"; nobody can see who wrote."""
    return is_artf(user) and user.is_active


# -- accountability: reviews, engagements, governance ---------------------------------------------
def can_view_reviews(user) -> bool:
    """Every signed-in person may follow the reviews' recommendations: our promise of transparency."""
    return user.is_authenticated and user.is_active


def can_manage_reviews(user) -> bool:
    """ARTF records the recommendations' status, responses and linked initiatives."""
    return is_artf(user) and user.is_active


def can_record_engagement(user, sector: Sector) -> bool:
    """A sector's leads and contributors log its engagements (as they keep its plan); ARTF may too."""
    return can_edit_plan(user, sector)


def can_view_all_engagements(user) -> bool:
    """The department-wide engagement log: ARTF and executives (each plan page lists its own)."""
    return sees_all_sectors(user) and user.is_active


def can_record_approval(user) -> bool:
    """ARTF records the governance bodies' decisions on each plan."""
    return is_artf(user) and user.is_active


# -- fetch-and-check: a sector comes out of here only to someone allowed at it ----------------------
# (Plans and reports have theirs on the floors that hold their models: actionplans.access, reporting.access.)
def _sector(code: str) -> Sector:
    return get_object_or_404(Sector, code__iexact=code)


def sector_for_reading(user, code: str) -> Sector:
    """The sector, if this person may read its plan and what hangs from it (the maturity path); 403 otherwise."""
    sector = _sector(code)
    if not can_view_plan(user, sector):
        raise PermissionDenied
    return sector


def evidence_scope(user, code: str | None) -> Sector | None:
    """The sector whose evidence is asked for (None: the department), if this person may see it; 403 otherwise."""
    if code is None:
        if not can_view_evidence(user):
            raise PermissionDenied
        return None
    sector = _sector(code)
    if not can_view_sector_evidence(user, sector):
        raise PermissionDenied
    return sector


def sector_for_engagements(user, code: str) -> Sector:
    """The sector, if this person may log its engagements; 403 otherwise."""
    sector = _sector(code)
    if not can_record_engagement(user, sector):
        raise PermissionDenied
    return sector


# -- translation ------------------------------------------------------------------------------
def can_translate(user, sector_id: int | None) -> bool:
    """Who writes a text's missing language: ARTF for any text, a sector's editors (lead and
    contributors) for their sector's texts. Texts of no one sector (reviews, the strategy, the
    tracker's wording) are ARTF's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_artf(user):
        return True
    return sector_id is not None and sector_id in sector_roles(user)


def can_view_translations(user) -> bool:
    """The translation queue: ARTF, and each sector's editors for their own sectors."""
    return user.is_authenticated and user.is_active and (is_artf(user) or bool(sector_roles(user)))
