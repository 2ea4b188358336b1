"""Who may see and change what: the one place that decides access.

Roles that span the department are groups (ARTF, Executive); sector roles are Membership rows.
Every view asks here; nothing else compares users with sectors.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

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


def can_view_report(user, sector: Sector, status: str) -> bool:
    """A sector's own people and ARTF read its report at any stage; everyone else only once approved.

    ``status`` is the report's status, ``not_started`` when there is no report yet.
    """
    if not user.is_authenticated:
        return False
    if is_artf(user) or sector.pk in sector_roles(user):
        return True
    return status == "approved"


def can_edit_report(user, sector: Sector, status: str) -> bool:
    """The sector's leads and contributors write a report while it is a draft or returned to them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return sector.pk in sector_roles(user) and status in ("not_started", "draft", "returned")


def can_submit_report(user, sector: Sector, status: str) -> bool:
    """Only a sector lead submits (contributors draft for their lead)."""
    return is_sector_lead(user, sector) and status in ("not_started", "draft", "returned")


def can_review_report(user) -> bool:
    """ARTF staff comment on, return, approve and reopen reports."""
    return is_artf(user) and user.is_active


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
