"""The plan's bilingual texts, for the translation queue and the tracker's language gate
(``core.translations``)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text import marked, shown
from core.translations import Kind, register
from sectors import permissions

from .models import KPI, Commitment, Initiative, KPIValue, Phase, Strategy


def _printed(path: str):
    """The tracker prints the current strategy's plans of the active sectors."""

    def rows(period) -> Q:
        current = Strategy.objects.current()
        return Q(**{f"{path}strategy": current, f"{path}sector__is_active": True}) if current else Q(pk__in=[])

    return rows


def _artf(user, _sector_id) -> bool:
    return permissions.can_translate(user, None)


register(
    Kind(
        key="strategy",
        name=_("Strategy"),
        model=Strategy,
        fields=("name", "vision", "premise"),
        url=lambda row: reverse("admin:actionplans_strategy_change", args=[row["pk"]]),
        label=lambda row: marked(shown(row.get("name_en"), row.get("name_fr"))),
        can_fill=_artf,
        order=10,
    )
)
register(
    Kind(
        key="phase",
        name=_("Strategy phases"),
        model=Phase,
        fields=("name", "description"),
        extra=("number",),
        url=lambda row: reverse("admin:actionplans_phase_change", args=[row["pk"]]),
        label=lambda row: _("Phase %(number)s") % {"number": row["number"]},
        can_fill=_artf,
        order=11,
    )
)
register(
    Kind(
        key="commitment",
        name=_("Commitments"),
        model=Commitment,
        fields=("statement", "key_leads", "supporting_units"),
        printed=("statement",),
        sector="plan__sector_id",
        extra=("number",),
        url=lambda row: reverse("actionplans:commitment-update", args=[row["sector_code"], row["pk"]]),
        label=lambda row: _("Commitment %(number)s") % {"number": row["number"]},
        can_fill=permissions.can_translate,
        tracker=_printed("plan__"),
        order=20,
    )
)
register(
    Kind(
        key="initiative",
        name=_("Initiatives"),
        model=Initiative,
        fields=("title", "description", "lead", "supporting_units"),
        printed=("title", "lead"),
        sector="commitment__plan__sector_id",
        extra=("number", "commitment__number"),
        filter=Q(is_archived=False),
        url=lambda row: reverse("actionplans:initiative-update", args=[row["sector_code"], row["pk"]]),
        label=lambda row: _("Initiative %(number)s") % {"number": f"{row['commitment__number']}.{row['number']}"},
        can_fill=permissions.can_translate,
        tracker=_printed("commitment__plan__"),
        order=21,
    )
)
register(
    Kind(
        key="kpi",
        name=_("Key performance indicators"),
        model=KPI,
        fields=("name", "data_source"),
        printed=("name",),
        sector="commitment__plan__sector_id",
        extra=("number", "commitment__number"),
        filter=Q(is_archived=False),
        url=lambda row: reverse("actionplans:kpi-update", args=[row["sector_code"], row["pk"]]),
        label=lambda row: _("KPI %(number)s") % {"number": f"{row['commitment__number']}.{row['number']}"},
        can_fill=permissions.can_translate,
        tracker=_printed("commitment__plan__"),
        order=22,
    )
)
register(
    Kind(
        key="kpi-value",
        name=_("KPI value notes"),
        model=KPIValue,
        fields=("note",),
        sector="kpi__commitment__plan__sector_id",
        extra=("kpi_id", "kpi__number", "kpi__commitment__number"),
        url=lambda row: reverse("actionplans:kpi-detail", args=[row["sector_code"], row["kpi_id"]]),
        label=lambda row: _("KPI %(number)s") % {"number": f"{row['kpi__commitment__number']}.{row['kpi__number']}"},
        can_fill=permissions.can_translate,
        order=23,
    )
)
