"""KPI and initiative health: the rules, on their edge cases."""

import datetime
from decimal import Decimal

import pytest

from actionplans.health import Health, expected_value, initiative_health, kpi_health
from actionplans.models import KPI, Initiative

D = datetime.date
BASELINE_DATE, TARGET_DATE = D(2022, 3, 31), D(2026, 3, 31)


def kpi(
    direction="increase",
    baseline=Decimal("40"),
    target=Decimal("60"),
    baseline_date=BASELINE_DATE,
    target_date=TARGET_DATE,
):
    return KPI(
        direction=direction,
        baseline_value=baseline,
        target_value=target,
        baseline_date=baseline_date,
        target_date=target_date,
    )


MIDWAY = D(2024, 3, 31)  # 731 of 1461 days: the line is at 50.007


def test_expected_value_is_the_straight_line_and_flat_outside_it():
    indicator = kpi()
    assert expected_value(indicator, D(2022, 3, 31)) == Decimal("40")
    assert expected_value(indicator, D(2020, 1, 1)) == Decimal("40")
    assert expected_value(indicator, D(2030, 1, 1)) == Decimal("60")
    assert abs(expected_value(indicator, MIDWAY) - Decimal("50")) < Decimal("0.01")


@pytest.mark.parametrize(
    ("value", "health"),
    [
        (Decimal("55"), Health.ON_TRACK),  # ahead of the line
        (Decimal("49.5"), Health.AT_RISK),  # behind by 0.5 of a 20-point change (within 10 %)
        (Decimal("47.9"), Health.OFF_TRACK),  # behind by more than 2 points
        (Decimal("60"), Health.ON_TRACK),  # target met early
        (Decimal("75"), Health.ON_TRACK),  # beyond the target
    ],
)
def test_increase(value, health):
    assert kpi_health(kpi(), value, MIDWAY) == health


def test_a_value_exactly_on_the_line_is_on_track():
    indicator = kpi()
    assert kpi_health(indicator, expected_value(indicator, MIDWAY), MIDWAY) == Health.ON_TRACK


@pytest.mark.parametrize(
    ("value", "health"),
    [
        (Decimal("25"), Health.ON_TRACK),
        (Decimal("31"), Health.AT_RISK),
        (Decimal("36"), Health.OFF_TRACK),
        (Decimal("18"), Health.ON_TRACK),
    ],
)
def test_decrease(value, health):
    # 42 complaints down to 20: the line is at about 31 midway; lower is better.
    assert kpi_health(kpi("decrease", Decimal("42"), Decimal("20")), value, MIDWAY) == health


def test_closing_a_gap_heads_toward_the_target_whichever_way_it_lies():
    gap = kpi("close_gap", Decimal("6.5"), Decimal("0"))
    assert kpi_health(gap, Decimal("3"), MIDWAY) == Health.ON_TRACK
    assert kpi_health(gap, Decimal("5"), MIDWAY) == Health.OFF_TRACK
    negative_gap = kpi("close_gap", Decimal("-4"), Decimal("0"))
    assert kpi_health(negative_gap, Decimal("-1"), MIDWAY) == Health.ON_TRACK
    assert kpi_health(negative_gap, Decimal("-3.5"), MIDWAY) == Health.OFF_TRACK


def test_without_a_baseline_only_a_met_target_can_be_judged():
    indicator = kpi(baseline=None, baseline_date=None)
    assert kpi_health(indicator, Decimal("30"), MIDWAY) == Health.NO_DATA
    assert kpi_health(indicator, Decimal("61"), MIDWAY) == Health.ON_TRACK


def test_no_value_means_no_data():
    assert kpi_health(kpi(), None, None) == Health.NO_DATA


def test_before_the_baseline_date_the_baseline_is_expected():
    assert kpi_health(kpi(), Decimal("40"), D(2021, 12, 31)) == Health.ON_TRACK
    assert kpi_health(kpi(), Decimal("39"), D(2021, 12, 31)) == Health.AT_RISK


@pytest.mark.parametrize(
    ("status", "end", "health"),
    [
        ("in_progress", D(2026, 1, 1), Health.OVERDUE),
        ("planned", D(2026, 1, 1), Health.OVERDUE),
        ("delayed", D(2027, 1, 1), Health.AT_RISK),
        ("delayed", D(2026, 1, 1), Health.OVERDUE),
        ("completed", D(2024, 1, 1), Health.ON_TRACK),
        ("in_progress", D(2027, 1, 1), Health.ON_TRACK),
        ("in_progress", None, Health.ON_TRACK),
        ("cancelled", D(2024, 1, 1), None),
    ],
)
def test_initiative_health(status, end, health):
    assert initiative_health(Initiative(status=status, planned_end=end), D(2026, 11, 22)) == health


def test_the_sql_rule_agrees_with_the_python_rule_on_every_case(db):
    """The dashboard counts KPI health in SQL; the plan pages in Python. Both must say the same."""
    import itertools

    from django.db import models

    from actionplans.health import kpi_health_expression
    from tests.factories import CommitmentFactory

    definitions = [
        ("increase", Decimal("40"), Decimal("60")),
        ("decrease", Decimal("30"), Decimal("10")),
        ("close_gap", Decimal("12"), Decimal("2")),
        ("close_gap", Decimal("-8"), Decimal("0")),
        ("increase", Decimal("50"), Decimal("50")),  # no change planned
        ("increase", None, Decimal("60")),  # no baseline: not enough data
    ]
    values = [
        None,
        *(Decimal(v) for v in ("-9", "0", "10", "29.5", "40", "48.9", "49", "50", "51.11", "58.8", "60", "75")),
    ]
    on_dates = [
        datetime.date(2021, 1, 1),
        datetime.date(2024, 3, 31),
        datetime.date(2025, 12, 31),
        datetime.date(2027, 1, 1),
    ]
    commitment = CommitmentFactory()
    kpis = [
        KPI.objects.create(
            commitment=commitment,
            number=number,
            name_en=f"K{number}",
            unit="score",
            direction=direction,
            baseline_value=baseline,
            baseline_date=datetime.date(2022, 3, 31),
            target_value=target,
            target_date=datetime.date(2026, 3, 31),
        )
        for number, (direction, baseline, target) in enumerate(definitions, start=1)
    ]
    seen = set()
    for on_date, kpi, value in itertools.product(on_dates, kpis, values):
        probe = models.Value(value, output_field=models.DecimalField(max_digits=14, decimal_places=2))
        in_sql = (
            KPI.objects.filter(pk=kpi.pk)
            .annotate(probe=probe)
            .annotate(health=kpi_health_expression(value="probe", on_date=on_date))
            .values_list("health", flat=True)
            .get()
        )
        in_python = kpi_health(kpi, value, on_date)
        assert in_sql == in_python, (kpi.direction, kpi.baseline_value, kpi.target_value, value, on_date)
        seen.add(in_python)
    assert seen == {Health.ON_TRACK, Health.AT_RISK, Health.OFF_TRACK, Health.NO_DATA}  # every outcome was exercised
