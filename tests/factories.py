import datetime
from decimal import Decimal

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accountability.models import Approval, Engagement, Recommendation, Review
from actionplans.models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy
from core.models import OutboxMessage
from dashboard.models import FiguresToken
from equity.models import MaturityAssessment, Representation, Survey, SurveyHighlight, SurveyResult
from feedback.models import FeedbackSubmission, FeedbackSummary
from periods.models import ReportingPeriod
from reporting.models import (
    ApprovedInitiativeUpdate,
    ApprovedKPIValue,
    InitiativeUpdate,
    QuarterlyReport,
    Reminder,
    ReportComment,
    ReportEvent,
)
from sectors.models import Membership, Sector
from tracker.models import TrackerActions, TrackerCuration, TrackerJob


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
    key_leads_en = "ARTF"
    key_leads_fr = "GTLR"


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
    name_fr = factory.Sequence(lambda n: f"Indicateur {n}")
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


class MaturityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaturityAssessment

    sector = factory.SubFactory(SectorFactory)
    period = factory.SubFactory(PeriodFactory)
    stage = 3
    evidence = "Action plan approved by the sector's executive committee."
    assessed_at = factory.LazyFunction(timezone.now)
    assessed_by = factory.SubFactory(UserFactory)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReport
        django_get_or_create = ("sector", "period")

    sector = factory.SubFactory(SectorFactory)
    period = factory.SubFactory(PeriodFactory)


class InitiativeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeUpdate
        django_get_or_create = ("report", "initiative")

    report = factory.SubFactory(ReportFactory)
    initiative = factory.SubFactory(
        InitiativeFactory, commitment__plan__sector=factory.SelfAttribute("....report.sector")
    )
    status = "in_progress"


class ApprovedInitiativeUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovedInitiativeUpdate

    report = factory.SubFactory(ReportFactory)
    commitment_number = 1
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Initiative {n}")
    status = "in_progress"


class ApprovedKPIValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApprovedKPIValue

    report = factory.SubFactory(ReportFactory)
    commitment_number = 1
    number = factory.Sequence(lambda n: n + 1)
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit = KPI.Unit.PERCENT


class ReportCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportComment

    report = factory.SubFactory(ReportFactory)
    section = "highlights"
    body = "Please say which sectors took part."
    author = factory.SubFactory(UserFactory)


class ReportEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportEvent

    report = factory.SubFactory(ReportFactory)
    action = "submitted"
    from_status = "draft"
    to_status = "submitted"
    actor = factory.SubFactory(UserFactory)


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder
        django_get_or_create = ("sector", "period", "kind")

    sector = factory.SubFactory(SectorFactory)
    period = factory.SubFactory(PeriodFactory)
    kind = "week"


class TrackerCurationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackerCuration
        django_get_or_create = ("period",)

    period = factory.SubFactory(PeriodFactory)


class TrackerActionsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackerActions
        django_get_or_create = ("period", "sector")

    period = factory.SubFactory(PeriodFactory)
    sector = factory.SubFactory(SectorFactory)


class TrackerJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackerJob

    period = factory.SubFactory(PeriodFactory)
    language = "en"


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation

    period = factory.SubFactory(PeriodFactory)
    sector = None
    level = "all"
    group = "black"
    headcount = 120
    total = 2400


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    name = "Public Service Employee Survey"
    period = factory.SubFactory(PeriodFactory)


class SurveyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResult

    survey = factory.SubFactory(SurveyFactory)
    theme = "Inclusion"
    value = Decimal("72.5")
    respondents = 340


class SurveyHighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyHighlight

    survey = factory.SubFactory(SurveyFactory)
    theme = "Inclusion"
    summary = "Respondents from racialized groups report less inclusion than others."


class FeedbackSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackSubmission

    message = "Our hiring panels are never diverse."
    received_on = factory.LazyFunction(timezone.localdate)


class FeedbackSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackSummary

    title_en = "Hiring panels"
    title_fr = "Comités d\u2019embauche"
    said_en = "Panels are not diverse."
    said_fr = "Les comités ne sont pas diversifiés."
    did_en = "Every panel now has a member from an equity group."
    did_fr = "Chaque comité compte maintenant un membre d\u2019un groupe d\u2019équité."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    title_en = "Audit of hiring practices"
    title_fr = "Audit des pratiques d\u2019embauche"
    date = datetime.date(2024, 6, 1)
    unit_reviewed = "Human Resources"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        django_get_or_create = ("review", "number")

    review = factory.SubFactory(ReviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    theme_en = "Hiring"
    theme_fr = "Embauche"
    text_en = "Include a member of an equity group on every panel."
    text_fr = "Inclure un membre d\u2019un groupe d\u2019équité dans chaque comité."


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    sector = factory.SubFactory(SectorFactory)
    date = datetime.date(2025, 11, 4)
    stakeholder_type = "employee_networks"
    stakeholder_en = "Black Employees Network"
    purpose_en = "Review the draft action plan."


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval

    plan = factory.SubFactory(PlanFactory)
    step = 1
    date = datetime.date(2025, 5, 1)
    decision = "approved"


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    task = "reporting.tasks.report_event_notify"
    args = factory.List([1])


class FiguresTokenFactory(factory.django.DjangoModelFactory):
    """The one row of the dashboard's figures token (made by its migration; got, not duplicated)."""

    class Meta:
        model = FiguresToken
        django_get_or_create = ("id",)

    id = 1
    value = 1
