"""The approved records' bilingual texts, for the tracker's language gate (``core.translations``).

An approved record keeps the initiative's title and lead as they were approved. A language it
lacks is read from the initiative when the initiative's text in the other language is still the
same (the translation added since, not a change of substance): ``approved_text`` is that rule,
used by the tracker and by the gate."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.translations import Kind, register
from sectors import permissions

from .models import ApprovedInitiativeUpdate, QuarterlyReport


def approved_text(english: str, french: str, live_english: str | None, live_french: str | None) -> tuple[str, str]:
    """An approved record's (English, French), a missing one borrowed from the live initiative
    whose other language reads the same."""
    english, french = english or "", french or ""
    if english and not french and live_english == english:
        french = live_french or ""
    elif french and not english and live_french == french:
        english = live_english or ""
    return english, french


def _read(row: dict, name: str) -> tuple[str, str]:
    return approved_text(
        row[f"{name}_en"], row[f"{name}_fr"], row[f"initiative__{name}_en"], row[f"initiative__{name}_fr"]
    )


register(
    Kind(
        key="approved-initiative",
        name=_("Initiatives as approved"),
        model=ApprovedInitiativeUpdate,
        fields=("title", "lead"),
        sector="report__sector_id",
        extra=(
            "number",
            "commitment_number",
            "initiative_id",
            "initiative__title_en",
            "initiative__title_fr",
            "initiative__lead_en",
            "initiative__lead_fr",
        ),
        read=_read,
        url=lambda row: (
            reverse("actionplans:initiative-update", args=[row["sector_code"], row["initiative_id"]])
            if row["initiative_id"]
            else reverse("actionplans:plan-detail", args=[row["sector_code"]])
        ),
        label=lambda row: _("Initiative %(number)s") % {"number": f"{row['commitment_number']}.{row['number']}"},
        can_fill=permissions.can_translate,
        tracker=lambda period: Q(report__period=period, report__status=QuarterlyReport.Status.APPROVED),
        tracker_only=True,
        order=30,
    )
)
