"""The history pages read a page of records in SQL and show the same entries, in the same order and
with the same texts, as pairing every record in Python did (tests/actionplans/history_before.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from actionplans import history
from actionplans.models import KPI, ActionPlan, Initiative, KPIValue
from spreadsheets.history import history_record_bulk
from tests.actionplans import history_before as before
from tests.factories import EquityGroupFactory, KPIFactory
from tests.world import world_build, world_grow


def rows(entries) -> list[tuple]:
    return [(e.when, e.who, e.action, e.kind, str(e.item), [vars(c) for c in e.changes], e.reason) for e in entries]


@pytest.fixture
def varied(db):
    """A department with a long, varied history: edits of every kind of item (links included), values
    added, changed and removed, a count KPI broken down by group, rows written in bulk with one
    timestamp, saves that change nothing a reader sees, texts emptied from NULL to ''."""
    users, ids = world_build()
    world_grow(users, ids, 6)
    plan = ActionPlan.objects.get(sector__code="CSS")
    initiative, kpi = Initiative.objects.get(pk=ids["initiative"]), KPI.objects.get(pk=ids["kpi"])
    for obj, name, new in (
        (initiative, "description_fr", None),
        (initiative, "description_fr", ""),
        (initiative, "lead_fr", "DG"),
        (initiative, "planned_end", datetime.date(2027, 3, 31)),
        (initiative, "is_archived", True),
        (kpi, "initiative", initiative),
        (kpi, "target_value", Decimal("62.50")),
        (kpi, "version", kpi.version + 5),  # nothing a reader sees
        (plan, "status", "submitted"),
    ):
        setattr(obj, name, new)
        obj._history_user = users["artf"]
        obj.save()
    grown = list(Initiative.objects.filter(commitment__plan=plan).exclude(pk=initiative.pk))
    for n, item in enumerate(grown):
        item.status = ["completed", "delayed"][n % 2]
    Initiative.objects.bulk_update(grown, ["status"])
    history_record_bulk(
        model=Initiative, pks=[i.pk for i in grown], history_type="~", user=users["lead"], reason="spreadsheet import"
    )
    unrecorded = KPIValue.objects.filter(kpi__commitment__plan=plan, kpi__unit="percent").exclude(kpi=kpi).first()
    unrecorded.value += 1  # written by bulk_create, with no history: a change with no record before it
    unrecorded.save()
    count = KPI.objects.filter(commitment__plan=plan, unit="count").first()
    value = count.values.first()
    value.value = 4
    value.save()
    KPIValue.objects.filter(kpi=kpi).last().delete()
    grown[0].delete()
    KPIFactory(commitment=initiative.commitment, number=7).delete()
    EquityGroupFactory(code="women", name_en="Women")
    return plan, initiative, kpi, count


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("published", [False, True])
def test_each_history_lists_the_same_entries_as_the_python_pairing_did(varied, published, language):
    plan, initiative, kpi, count = varied
    with translation.override(language):
        histories = [
            (before.plan_history(plan, published=published), history.plan_history(plan, published=published)),
            (before.item_history(initiative), history.item_history(initiative)),
            (before.item_history(initiative.commitment), history.item_history(initiative.commitment)),
        ]
        for item in (kpi, count):
            old = before.item_history(item) + before.kpi_values_history(item, published=published)
            histories.append(
                (sorted(old, key=lambda e: e.when, reverse=True), history.kpi_history(item, published=published))
            )
        assert len(histories[0][0]) > 2 * history.PAGE_SIZE and len(histories[1][0]) > 5
        for old, new in histories:
            assert len(new) == len(old)
            for number in range(1, len(old) // history.PAGE_SIZE + 2):
                start = (number - 1) * history.PAGE_SIZE
                shown = history.page(new, number)
                assert rows(shown.object_list) == rows(old[start : start + history.PAGE_SIZE]), f"page {number}"
