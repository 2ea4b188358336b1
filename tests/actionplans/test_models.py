"""The database itself refuses bad data, whatever path the write takes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actionplans.models import KPI, ActionPlan, Initiative, KPIValue, Phase
from periods.models import ReportingPeriod
from sectors.models import Membership, Sector
from tests.factories import (
    CommitmentFactory,
    EquityGroupFactory,
    InitiativeFactory,
    KPIFactory,
    KPIValueFactory,
    MembershipFactory,
    PeriodFactory,
    PlanFactory,
    SectorFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_sector_code_is_unique_whatever_the_case():
    SectorFactory(code="CSS")
    refused(lambda: Sector.objects.create(code="css", name_en="Copy", name_fr="Copie"))


def test_one_membership_per_person_and_sector():
    membership = MembershipFactory()
    refused(lambda: Membership.objects.create(user=membership.user, sector=membership.sector, role="contributor"))


def test_one_plan_per_sector_and_strategy():
    plan = PlanFactory()
    refused(lambda: ActionPlan.objects.create(sector=plan.sector, strategy=plan.strategy))


def test_a_sector_may_have_a_plan_under_each_strategy():
    plan = PlanFactory()
    later = StrategyFactory(
        name_en="Strategy 3.0", start_date=datetime.date(2026, 4, 1), end_date=datetime.date(2031, 3, 31)
    )
    ActionPlan.objects.create(sector=plan.sector, strategy=later)
    assert ActionPlan.objects.filter(sector=plan.sector).count() == 2


def test_commitment_and_initiative_numbers_are_unique_in_their_parent():
    commitment = CommitmentFactory(number=1)
    refused(lambda: CommitmentFactory._meta.model.objects.create(plan=commitment.plan, number=1, statement_en="x"))
    InitiativeFactory(commitment=commitment, number=1)
    refused(lambda: Initiative.objects.create(commitment=commitment, number=1, title_en="Twin"))


def test_initiative_cannot_end_before_it_starts():
    initiative = InitiativeFactory()
    refused(lambda: Initiative.objects.filter(pk=initiative.pk).update(planned_end=datetime.date(2020, 1, 1)))
    initiative.planned_end = datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError) as error:
        initiative.full_clean()
    assert "planned_end" in error.value.message_dict


def test_initiative_status_must_be_a_known_status():
    initiative = InitiativeFactory()
    refused(lambda: Initiative.objects.filter(pk=initiative.pk).update(status="finished-ish"))


def test_kpi_target_date_after_baseline_date():
    kpi = KPIFactory()
    refused(lambda: KPI.objects.filter(pk=kpi.pk).update(target_date=kpi.baseline_date))
    kpi.target_date = kpi.baseline_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        kpi.full_clean()
    assert "target_date" in error.value.message_dict


def test_kpi_percentages_stay_between_0_and_100():
    kpi = KPIFactory(unit=KPI.Unit.PERCENT)
    refused(lambda: KPI.objects.filter(pk=kpi.pk).update(target_value=Decimal("140")))
    KPI.objects.filter(pk=kpi.pk).update(unit=KPI.Unit.COUNT, target_value=Decimal("140"))


def test_one_kpi_value_per_kpi_period_and_group():
    value = KPIValueFactory()
    # "All groups" (no group) is one slot, even though SQL treats NULLs as distinct.
    refused(lambda: KPIValue.objects.create(kpi=value.kpi, period=value.period, value=Decimal("1")))
    group = EquityGroupFactory()
    KPIValue.objects.create(kpi=value.kpi, period=value.period, equity_group=group, value=Decimal("2"))
    refused(lambda: KPIValue.objects.create(kpi=value.kpi, period=value.period, equity_group=group, value=Decimal("3")))
    other_period = PeriodFactory(fiscal_year=2025, quarter=4)
    KPIValue.objects.create(kpi=value.kpi, period=other_period, value=Decimal("4"))


def test_duplicate_all_groups_value_is_explained_before_the_database_refuses_it():
    value = KPIValueFactory()
    twin = KPIValue(kpi=value.kpi, period=value.period, value=Decimal("1"))
    with pytest.raises(ValidationError, match="already has a value for this period"):
        twin.full_clean()


def test_phase_number_unique_in_strategy_and_dates_ordered():
    strategy = StrategyFactory()
    Phase.objects.create(
        strategy=strategy,
        number=1,
        name_en="Plan",
        name_fr="Planifier",
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 2, 28),
    )
    refused(
        lambda: Phase.objects.create(
            strategy=strategy,
            number=1,
            name_en="Twin",
            name_fr="Double",
            start_date=datetime.date(2022, 1, 1),
            end_date=datetime.date(2022, 2, 28),
        )
    )
    refused(
        lambda: Phase.objects.create(
            strategy=strategy,
            number=2,
            name_en="Back",
            name_fr="Retour",
            start_date=datetime.date(2022, 3, 1),
            end_date=datetime.date(2022, 2, 1),
        )
    )


def test_strategy_ends_after_it_starts():
    strategy = StrategyFactory()
    refused(lambda: type(strategy).objects.filter(pk=strategy.pk).update(end_date=strategy.start_date))


def test_period_end_after_start_and_quarter_in_range():
    period = PeriodFactory()
    refused(lambda: ReportingPeriod.objects.filter(pk=period.pk).update(end_date=period.start_date))
    refused(lambda: ReportingPeriod.objects.filter(pk=period.pk).update(quarter=5))
    refused(lambda: ReportingPeriod.objects.create(fiscal_year=2025, quarter=3))


def test_changes_are_recorded_in_history_in_both_languages():
    initiative = InitiativeFactory(title_en="Trust Circles", title_fr="Cercles de confiance")
    initiative.status = Initiative.Status.COMPLETED
    initiative.save()
    records = list(initiative.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].status == "completed"
    assert records[-1].title_fr == "Cercles de confiance"
