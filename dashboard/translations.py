"""The translation queue: every text written in one language only, for the people who can add
the other one (``core.translations`` holds the list and the write)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core import translations
from sectors import permissions
from sectors.models import Sector
from tracker.selectors import next_tracker_period

from . import figures


@dataclass
class Queue:
    gaps: list[translations.Gap]
    groups: list[dict] = field(default_factory=list)
    period: object = None


def queue_get(*, user, sector: str = "", key: str = "", missing: str = "", for_tracker: bool = False) -> Queue:
    """What ``user`` may translate, grouped by sector (texts of no sector first, as "Department"),
    then kind. ``for_tracker``: only what the next tracker prints."""
    period = next_tracker_period() if for_tracker else None
    sectors = None if permissions.is_artf(user) else permissions.editable_sector_ids(user)
    found = translations.gaps(
        tracker=period,
        sectors=sectors,
        language=missing or None,
        keys=[key] if key else None,
    )
    if for_tracker and period is None:
        found = []
    if sector:
        found = [g for g in found if g.sector_code == sector]
    return Queue(gaps=found, groups=_grouped(found), period=period)


def _grouped(found: Iterable[translations.Gap]) -> list[dict]:
    groups: dict[str, dict] = {}
    for gap in sorted(found, key=lambda g: (g.sector_code, g.kind.order)):
        group = groups.setdefault(gap.sector_code, {"sector": gap.sector_code, "kinds": {}})
        group["kinds"].setdefault(gap.kind.key, {"kind": gap.kind, "gaps": []})["gaps"].append(gap)
    return [{"sector": g["sector"], "kinds": list(g["kinds"].values())} for g in groups.values()]


def queue_sectors(*, user) -> list[str]:
    """The codes of the sectors whose texts ``user`` may translate, for the queue's filter."""
    sectors = Sector.objects.order_by("code")
    if not permissions.is_artf(user):
        sectors = sectors.filter(pk__in=permissions.editable_sector_ids(user))
    return list(sectors.values_list("code", flat=True))


def queue_count(*, user) -> int:
    """How many texts ``user`` could translate (the home page's count); 0 for readers."""
    if not permissions.can_view_translations(user):
        return 0
    sectors = None if permissions.is_artf(user) else sorted(permissions.editable_sector_ids(user))
    # Counted once per change to the texts (dashboard.figures): the union of every kind's one-sided
    # rows scans the department's texts, and the home page asks on every visit.
    return figures.cached(
        ("translation-count", "all" if sectors is None else ",".join(map(str, sectors))),
        lambda: translations.gap_count(sectors=sectors),
    )
