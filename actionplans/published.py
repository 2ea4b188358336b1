"""KPI values as everyone outside the sector's own editing pages sees them: small counts suppressed.

A count KPI broken down by equity group (discrimination complaints by group) counts people, so
its values follow the small-count rule of workforce representation (``SUPPRESSION_THRESHOLD``,
the solver in ``core.suppression``): each quarter's total and group counts form one table, and
a count under the threshold, or one that the others give away, is shown as suppressed. Who sees
what: the people who may edit the sector's plan (its leads and contributors, ARTF) see the values
as stored on the sector's plan, KPI and report pages, where they enter them; every other reader
of those pages, and every output (the tracker, the dashboard, exports), sees them published.

Percent and score KPIs carry no count and no group size to judge one by; they are published as
entered (their data source, such as a survey, applies its own minimum of respondents).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from core.suppression import breakdown_hidden

from .models import KPI

# The values whose KPI counts people by group: only these can be suppressed.
SUPPRESSIBLE = Q(kpi__unit=KPI.Unit.COUNT, kpi__is_disaggregated=True)

ValueKey = tuple[int, int, int | None]  # (KPI, period, equity group or None for all groups)


def suppressible(kpi) -> bool:
    return kpi.unit == KPI.Unit.COUNT and kpi.is_disaggregated


def hidden_kpi_values(
    rows: Iterable[tuple[int, int, int | None, Decimal]], *, suppressible: set[int], threshold: int | None = None
) -> set[ValueKey]:
    """The (KPI, period, group) of the values to show as suppressed.

    ``rows`` are (KPI, period, group, value) and must hold every value, all groups and each
    group, of the ``suppressible`` KPIs' quarters they cover; the others are passed through.
    """
    threshold = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    tables: dict[tuple[int, int], tuple[list, dict]] = {}
    for kpi_id, period_id, group_id, value in rows:
        if kpi_id not in suppressible:
            continue
        total, groups = tables.setdefault((kpi_id, period_id), ([None], {}))
        if group_id is None:
            total[0] = value
        else:
            groups[group_id] = value
    hidden: set[ValueKey] = set()
    for (kpi_id, period_id), (total, groups) in tables.items():
        hide_total, hidden_groups = breakdown_hidden(total[0], groups, threshold)
        if hide_total:
            hidden.add((kpi_id, period_id, None))
        hidden |= {(kpi_id, period_id, group_id) for group_id in hidden_groups}
    return hidden
