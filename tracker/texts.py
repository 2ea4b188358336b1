"""The tracker's own bilingual texts (``core.translations``): ARTF's summary and each sector's
top actions as ARTF worded them. A sector whose approved report lists top actions that ARTF has
not worded in both languages would print them as the sector wrote them: the gate lists it too."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import plain
from core.translations import Gap, Kind, kind, register
from reporting.models import QuarterlyReport
from sectors import permissions

from .models import TrackerActions, TrackerCuration


def _artf(user, _sector_id) -> bool:
    return permissions.can_translate(user, None)


def _curate(row) -> str:
    return reverse("tracker:curate", args=[row["period__slug"]])


def _unworded(period) -> list[Gap]:
    """Approved reports' top actions with no wording of ARTF's for the period (the tracker then
    prints the report's own list, in the one language it was written in)."""
    worded = set(
        TrackerActions.objects.filter(period=period)
        .exclude(actions_en="", actions_fr="")
        .values_list("sector_id", flat=True)
    )
    k = kind("tracker-actions")
    found = []
    for sector_id, code, text, written in (
        plain(QuarterlyReport)
        .filter(period=period, status=QuarterlyReport.Status.APPROVED)
        .exclude(top_actions="")
        .order_by("sector__code")
        .values_list("sector_id", "sector__code", "top_actions", "language")
    ):
        if sector_id in worded:
            continue
        row = {"period__slug": period.slug, "sector_code": code}
        # The language the sector wrote in is there; the other one is missing (both, if unknown).
        for missing in [m for m in ("en", "fr") if m != written]:
            found.append(
                Gap(
                    kind=k,
                    pk=0,
                    field="actions",
                    missing=missing,
                    text=text,
                    sector_id=sector_id,
                    sector_code=code,
                    label=str(_("Top actions (not yet worded by ARTF)")),
                    url=_curate(row),
                )
            )
    return found


register(
    Kind(
        key="tracker-summary",
        name=_("Tracker summaries"),
        model=TrackerCuration,
        fields=("summary",),
        extra=("period__slug", "period__fiscal_year", "period__quarter"),
        url=_curate,
        label=lambda row: _("Executive summary"),
        can_fill=_artf,
        tracker=lambda period: Q(period=period),
        order=60,
    )
)
register(
    Kind(
        key="tracker-actions",
        name=_("Tracker top actions"),
        model=TrackerActions,
        fields=("actions",),
        sector="sector_id",
        extra=("period__slug",),
        url=_curate,
        label=lambda row: _("Top actions"),
        can_fill=_artf,
        tracker=lambda period: Q(period=period),
        more=_unworded,
        order=61,
    )
)
