"""The small department every URL is tried on (tests/test_access.py), and a way to make it larger
(tests/test_query_counts.py): one object of every kind a URL names, then many more of each."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accountability.models import Approval, Engagement, Recommendation, Review
from actionplans.models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue
from equity.models import MaturityAssessment, Representation, Survey, SurveyHighlight, SurveyResult
from feedback.models import FeedbackSubmission, FeedbackSummary
from reporting.models import InitiativeUpdate, QuarterlyReport, ReportComment, ReportEvent
from tests.factories import (
    InitiativeFactory,
    KPIFactory,
    MembershipFactory,
    PeriodFactory,
    PhaseFactory,
    PlanFactory,
    SectorFactory,
    UserFactory,
    artf_user,
    executive_user,
)
from tracker.models import TrackerJob


def world_build() -> tuple[dict, dict]:
    """Two sectors, a user of every role and one object of every kind a URL names: (users, ids)."""
    phase = PhaseFactory(number=1)
    css = SectorFactory(code="CSS", name_en="Corporate Services")
    ops = SectorFactory(code="OPS", name_en="Operations")
    plan = PlanFactory(sector=css, strategy=phase.strategy)
    initiative = InitiativeFactory(commitment__plan=plan, number=1)
    InitiativeFactory(commitment=initiative.commitment, number=2)
    kpi = KPIFactory(commitment=initiative.commitment, number=1)
    today = timezone.localdate()
    period = PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=today - datetime.timedelta(days=5),
        due_date=today + datetime.timedelta(days=12),
    )
    users = {
        "anonymous": None,
        "lead": MembershipFactory(user=UserFactory(username="lead-css"), sector=css).user,
        "other_lead": MembershipFactory(user=UserFactory(username="lead-ops"), sector=ops).user,
        "contributor": MembershipFactory(user=UserFactory(username="contrib-css"), sector=css, role="contributor").user,
        "artf": artf_user(username="artf"),
        "executive": executive_user(username="exec"),
    }
    ops_initiative = InitiativeFactory(commitment__plan__sector=ops, commitment__plan__strategy=phase.strategy)
    ops_report = QuarterlyReport.objects.create(sector=ops, period=period, status="submitted")
    InitiativeUpdate.objects.create(report=ops_report, initiative=ops_initiative, status="in_progress", narrative="x")
    default_storage.delete("trackers/access-test.pdf")
    stored = default_storage.save("trackers/access-test.pdf", ContentFile(b"%PDF-1.7 access test"))
    done = TrackerJob.objects.create(period=period, language="en", status="done", file=stored)
    failed = TrackerJob.objects.create(period=period, language="fr", status="failed", error="Disk full")
    for sector in (None, css):
        Representation.objects.create(period=period, sector=sector, level="all", group="black", headcount=40, total=500)
    survey = Survey.objects.create(name_en="Pulse", period=period)
    SurveyResult.objects.create(survey=survey, theme_en="Included", value=70, respondents=300)
    highlight = SurveyHighlight.objects.create(survey=survey, theme_en="Trust", summary_en="Heard")
    MaturityAssessment.objects.create(
        sector=css, period=period, stage=3, evidence="Policy", assessed_by=users["lead"], assessed_at=timezone.now()
    )
    box = FeedbackSubmission.objects.create(message="Anonymous", received_on=today)
    review = Review.objects.create(title_en="Workplace review", date=today, unit_reviewed="CSC")
    recommendation = Recommendation.objects.create(review=review, number=1, theme_en="Training", text_en="Train")
    engagement = Engagement.objects.create(
        sector=css, date=today, stakeholder_type="unions", stakeholder_en="Union", purpose_en="Talk"
    )
    summary = FeedbackSummary.objects.create(title_en="Heard", said_en="x", did_en="y")
    ids = {
        "review": review.pk,
        "recommendation": recommendation.pk,
        "engagement": engagement.pk,
        "feedback": box.pk,
        "summary": summary.pk,
        "survey": survey.pk,
        "highlight": highlight.pk,
        "tracker": done.pk,
        "failed_tracker": failed.pk,
        "commitment": initiative.commitment.pk,
        "initiative": initiative.pk,
        "kpi": kpi.pk,
        "period": period.pk,
    }
    return users, ids


def world_grow(users: dict, ids: dict, times: int) -> None:
    """``times`` more of everything a page lists: sectors with plans and reports, initiatives, KPIs and
    values in past quarters, edits (history, many-to-many links included), engagements, approvals,
    reviews and recommendations, survey results, anonymous messages, comments and tracker jobs."""
    lead, artf = users["lead"], users["artf"]
    plan = ActionPlan.objects.get(sector__code="CSS")
    ops_plan = ActionPlan.objects.get(sector__code="OPS")
    period = PeriodFactory(fiscal_year=2025, quarter=3)
    phases = [PhaseFactory(number=n, strategy=plan.strategy) for n in (2, 3)]
    groups = [
        EquityGroup.objects.get_or_create(code=code, defaults={"name_en": code, "name_fr": code})[0]
        for code in ("black", "indigenous", "disability")
    ]
    past = [PeriodFactory(fiscal_year=2020 + n // 4, quarter=n % 4 + 1, is_closed=True) for n in range(times)]
    initiative = Initiative.objects.get(pk=ids["initiative"])
    kpi = KPI.objects.get(pk=ids["kpi"])
    value = KPIValue.objects.create(kpi=kpi, period=period, value=Decimal("41"))
    review = Review.objects.get(pk=ids["review"])
    survey = Survey.objects.get(pk=ids["survey"])
    ops_report = QuarterlyReport.objects.get(sector__code="OPS", period=period)
    number = Commitment.objects.filter(plan=plan).count() + 1
    ops_commitment = Commitment.objects.create(plan=ops_plan, number=99, statement_en="Grown")
    for n in range(times):
        # The plan grows: a commitment with initiatives (linked to phases and groups) and KPIs with values.
        commitment = Commitment.objects.create(plan=plan, number=number + n, statement_en=f"Commitment {n}")
        for k in range(1, 4):
            grown = InitiativeFactory(commitment=commitment, number=k, status="in_progress")
            grown.phases.set(phases)
            grown.equity_groups.set(groups[:k])
        percent = KPIFactory(commitment=commitment, number=1)
        KPIValue.objects.bulk_create(KPIValue(kpi=percent, period=p, value=40 + i) for i, p in enumerate(past))
        count = KPIFactory(commitment=commitment, number=2, unit=KPI.Unit.COUNT, is_disaggregated=True)
        KPIValue.objects.bulk_create(KPIValue(kpi=count, period=period, equity_group=g, value=3) for g in groups)
        # The items the URLs name change, again and again: their history grows.
        for obj, changes in (
            (initiative, {"status": ["in_progress", "delayed"][n % 2], "title_en": f"Initiative, take {n}"}),
            (kpi, {"baseline_value": Decimal(30 + n), "data_source": f"Source {n}"}),
            (value, {"value": Decimal(50 + n)}),
            (initiative.commitment, {"statement_en": f"Statement, take {n}"}),
        ):
            for name, new in changes.items():
                setattr(obj, name, new)
            obj._history_user = lead
            obj.save()
        initiative.phases.set(phases[: n % 3])
        initiative.equity_groups.set(groups[: (n + 1) % 4])
        KPIValue.objects.create(kpi=kpi, period=past[n], value=Decimal(45 + n))
        # Another sector, with its plan, people and a report in the open quarter.
        other = SectorFactory(code=f"S{n:02d}", name_en=f"Sector {n}")
        MembershipFactory(user=UserFactory(username=f"lead-s{n:02d}"), sector=other)
        other_plan = PlanFactory(sector=other, strategy=plan.strategy)
        other_initiative = InitiativeFactory(commitment__plan=other_plan, number=1)
        KPIFactory(commitment=other_initiative.commitment, number=1)
        report = QuarterlyReport.objects.create(
            sector=other, period=period, status=["draft", "submitted", "returned", "approved"][n % 4]
        )
        InitiativeUpdate.objects.create(report=report, initiative=other_initiative, status="in_progress")
        Representation.objects.create(period=period, sector=other, level="all", group="black", headcount=9, total=90)
        # More for every list: the other sector's report, reviews, engagements, the box, surveys, trackers.
        ops_initiative = InitiativeFactory(commitment=ops_commitment, number=n + 1)
        InitiativeUpdate.objects.create(report=ops_report, initiative=ops_initiative, status="delayed", narrative="y")
        ReportComment.objects.create(report=ops_report, section="kpis", body=f"Comment {n}", author=artf)
        ReportEvent.objects.create(
            report=ops_report, action="submitted", from_status="draft", to_status="submitted", actor=lead
        )
        recommendation = Recommendation.objects.create(review=review, number=n + 2, theme_en="T", text_en="Do")
        recommendation.initiatives.set([initiative, grown])
        Review.objects.create(title_en=f"Review {n}", date=timezone.localdate(), unit_reviewed="Unit")
        engagement = Engagement.objects.create(
            sector=plan.sector,
            date=timezone.localdate(),
            stakeholder_type="unions",
            stakeholder_en=f"Union {n}",
            purpose_en="Talk",
        )
        engagement.commitments.set([commitment, initiative.commitment])
        Approval.objects.create(plan=plan, step=1 + n % 3, date=timezone.localdate(), decision="approved")
        MaturityAssessment.objects.create(
            sector=plan.sector, period=past[n], stage=2, evidence="Policy", assessed_by=lead, assessed_at=timezone.now()
        )
        SurveyResult.objects.create(survey=survey, theme_en=f"Theme {n}", value=60 + n, respondents=200)
        SurveyHighlight.objects.create(survey=survey, theme_en=f"Theme {n}", summary_en="Heard")
        Survey.objects.create(name_en=f"Survey {n}", period=past[n])
        FeedbackSubmission.objects.create(message=f"Anonymous {n}", received_on=timezone.localdate())
        FeedbackSummary.objects.create(title_en=f"Heard {n}", said_en="x", did_en="y", is_published=True)
        TrackerJob.objects.create(
            period=period,
            language="en",
            version=n + 2,
            status="done",
            file=TrackerJob.objects.get(pk=ids["tracker"]).file,
        )
