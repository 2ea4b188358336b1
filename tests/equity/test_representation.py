"""What people see of representation: gap arithmetic, and no small count exposed by any output.

The property test imports random quarters through the real service and reads them back through
every output (both pages, the export, the dashboard's and tracker's gap table), then lets an
independent solver work out whatever the published figures fix: nothing under the threshold.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from equity.models import GROUP_PARTS, LEVEL_PARTS, Representation, percent
from equity.selectors import published, representation_export_rows, representation_gaps, representation_page
from equity.services import representation_protect
from periods.models import ReportingPeriod
from tests.equity.test_suppression import attack_sums
from tests.factories import PeriodFactory, SectorFactory

THRESHOLD = settings.SUPPRESSION_THRESHOLD


def row(**changes):
    base = {
        "group": "black",
        "headcount": 40,
        "total": 500,
        "headcount_hidden": False,
        "total_hidden": False,
        "lma_percent": Decimal("4.40"),
        "lma_source": "Census",
        "lma_year": 2021,
    }
    return {**base, **changes}


def test_percentages_round_half_up_to_one_decimal():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 rounds up, not to even
    assert percent(0, 0) is None


def test_the_gap_is_representation_minus_lma_in_points():
    figure = published(row(headcount=40, total=500, lma_percent=Decimal("4.40")))
    assert (figure.percent, figure.lma, figure.gap) == (Decimal("8.0"), Decimal("4.4"), Decimal("3.6"))
    under = published(row(headcount=11, total=283, lma_percent=Decimal("4.30")))
    assert (under.percent, under.gap) == (Decimal("3.9"), Decimal("-0.4"))
    assert published(row(lma_percent=None)).gap is None


@pytest.mark.parametrize("hidden", ["headcount_hidden", "total_hidden"])
def test_a_hidden_count_hides_its_percentage_and_gap(hidden):
    figure = published(row(**{hidden: True}))
    assert figure.suppressed and figure.percent is None and figure.gap is None
    assert (figure.headcount is None) == (hidden == "headcount_hidden")
    assert figure.lma == Decimal("4.4")  # the benchmark is public


# -- the property: no output ever reveals a count under the threshold ------------------------------
GROUPS = ("black", "women", "black_women")
LEVELS = ("all", *LEVEL_PARTS)

# For each sector and the department, for each listed level: (black not women, women not black,
# black women, everyone else). "all" adds people at other levels; the department adds other units.
cell = st.tuples(*(st.integers(min_value=0, max_value=9) for _ in range(4)))
unit = st.tuples(st.lists(cell, min_size=len(LEVEL_PARTS), max_size=len(LEVEL_PARTS)), cell)
quarters = st.tuples(st.lists(unit, min_size=1, max_size=2), unit)


def figures_of(levels, extra) -> dict[str, tuple[int, int, int, int]]:
    by_level = dict(zip(LEVEL_PARTS, levels, strict=True))
    by_level["all"] = tuple(sum(parts) for parts in zip(*levels, extra, strict=True))
    return by_level


def combine(*units):
    return {level: tuple(sum(p) for p in zip(*(u[level] for u in units), strict=True)) for level in LEVELS}


def store(period, sectors, quarter):
    units, others = quarter
    sector_cells = [figures_of(levels, extra) for levels, extra in units]
    other_levels, other_extra = others
    department = combine(*sector_cells, figures_of(other_levels, other_extra))
    truth = {}
    rows = []
    for sector, cells in [*zip(sectors, sector_cells, strict=False), (None, department)]:
        for level, (black_only, women_only, both, rest) in cells.items():
            total = black_only + women_only + both + rest
            counts = {"black": black_only + both, "women": women_only + both, "black_women": both}
            truth[("t", sector and sector.pk, level)] = total
            for group, count in counts.items():
                truth[("h", sector and sector.pk, level, group)] = count
                rows.append(
                    Representation(period=period, sector=sector, level=level, group=group, headcount=count, total=total)
                )
    Representation.objects.bulk_create(rows)
    representation_protect(periods=[period])
    return truth


def outputs(period, sectors) -> dict:
    """Every number any page, export or PDF shows, by the key of the count it stands for."""
    seen = {}

    def take(sector_id, level, figure):
        if figure.headcount is not None:
            seen[("h", sector_id, level, figure.group)] = figure.headcount
        if figure.total is not None:
            seen[("t", sector_id, level)] = figure.total
        if figure.percent is not None:  # a percentage is shown only beside both of its counts
            assert figure.headcount is not None and figure.total is not None

    for sector in [None, *sectors]:
        page = representation_page(sector=sector, slug=period.slug)
        for block in page.levels:
            for figure in block.figures:
                take(sector and sector.pk, block.level, figure)
        _headers, table = representation_export_rows(page, suppressed_text="suppressed")
        shown_numbers = [c for line in table for c in line[4:7] if c != "suppressed"]
        assert len(shown_numbers) == sum(
            (f.headcount is not None) + (f.total is not None) + (f.percent is not None)
            for b in page.levels
            for f in b.figures
        )
    for line in representation_gaps(period=period):
        for figure in line["cells"]:
            if figure is not None and figure.gap is not None:
                assert figure.headcount is not None and figure.total is not None
    return seen


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(quarter=quarters)
def test_no_output_reveals_a_count_under_the_threshold(quarter):
    # Every example runs in the test's one transaction: start each from an empty quarter.
    Representation.objects.all().delete()
    period = ReportingPeriod.objects.filter(slug="2024-25-q1").first() or PeriodFactory(fiscal_year=2024, quarter=1)
    sectors = list(_sectors())
    truth = store(period, sectors, quarter)
    seen = outputs(period, sectors)
    for key, value in seen.items():
        assert value == truth[key]
        assert value >= THRESHOLD, f"{key} = {value} is shown"
    for key, value in attack_sums(truth, seen, level_parts=LEVEL_PARTS, group_parts=GROUP_PARTS).items():
        assert value >= THRESHOLD, f"{key} = {value} can be worked out from what is shown"


def _sectors():
    from sectors.models import Sector

    for code in ("AAA", "BBB"):
        yield Sector.objects.filter(code=code).first() or SectorFactory(code=code)
