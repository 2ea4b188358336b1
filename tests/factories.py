import datetime
from decimal import Decimal

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from actionplans.models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy
from reporting.models import ReportingPeriod
from sectors.models import Membership, Sector


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gc.ca")
    password = factory.django.Password("pass-1234")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


def artf_user(**kwargs):
    return UserFactory(group=settings.ARTF_GROUP, **kwargs)


def executive_user(**kwargs):
    return UserFactory(group=settings.EXECUTIVE_GROUP, **kwargs)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name_en = factory.LazyAttribute(lambda s: f"Sector {s.code}")
    name_fr = factory.LazyAttribute(lambda s: f"Secteur {s.code}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    sector = factory.SubFactory(SectorFactory)
    role = Membership.Role.LEAD


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy
        django_get_or_create = ("name_en",)

    name_en = "Anti-Racism Strategy 2.0"
    name_fr = "Stratégie de lutte contre le racisme 2.0"
    start_date = datetime.date(2021, 4, 1)
    end_date = datetime.date(2026, 3, 31)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        django_get_or_create = ("strategy", "number")

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n % 5 + 1)
    name_en = factory.LazyAttribute(lambda p: f"Phase {p.number}")
    name_fr = factory.LazyAttribute(lambda p: f"Phase {p.number}")
    start_date = datetime.date(2022, 1, 1)
    end_date = datetime.date(2026, 3, 31)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("sector", "strategy")

    sector = factory.SubFactory(SectorFactory)
    strategy = factory.SubFactory(StrategyFactory)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        django_get_or_create = ("plan", "number")

    plan = factory.SubFactory(PlanFactory)
    number = 1
    statement_en = "Actively promote anti-racism."
    statement_fr = "Promouvoir activement la lutte contre le racisme."
    key_leads = "ARTF"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    commitment = factory.SubFactory(CommitmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Initiative {n}")
    title_fr = factory.Sequence(lambda n: f"Initiative {n} (FR)")
    planned_start = datetime.date(2022, 6, 1)
    planned_end = datetime.date(2024, 3, 31)

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        if create and extracted:
            self.phases.set(extracted)


class EquityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EquityGroup
        django_get_or_create = ("code",)

    code = "black"
    name_en = "Black"
    name_fr = "Personnes noires"


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("fiscal_year", "quarter")

    fiscal_year = 2025
    quarter = 3


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    commitment = factory.SubFactory(CommitmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = KPI.Unit.PERCENT
    baseline_value = Decimal("40")
    baseline_date = datetime.date(2022, 3, 31)
    target_value = Decimal("60")
    target_date = datetime.date(2026, 3, 31)


class KPIValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPIValue

    kpi = factory.SubFactory(KPIFactory)
    period = factory.SubFactory(PeriodFactory)
    value = Decimal("45")
