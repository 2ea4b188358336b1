"""The demo's history, as people would have made it: who wrote each plan item, opened and closed
each quarter, submitted and approved each report, recorded each review, engagement and figure."""

import pytest
from django.core.management import call_command
from django.db import transaction
from simple_history.models import registered_models

from accountability.models import Engagement, Review
from actionplans.models import KPI, ActionPlan, Initiative, KPIValue
from core.models import OutboxMessage
from equity.models import MaturityAssessment, Representation, Survey, SurveyHighlight
from periods.models import ReportingPeriod
from reporting.models import ApprovedInitiativeUpdate, InitiativeUpdate, QuarterlyReport

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests, which only read it; rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo")
        yield
        transaction.set_rollback(True)


def test_every_history_record_of_the_demo_names_who_made_it(demo):
    anonymous = {
        model._meta.label: count
        for model in registered_models.values()
        if hasattr(model, "history")  # not the links of a many-to-many field, recorded with their row
        and (count := model.history.filter(history_user__isnull=True).count())
    }
    assert anonymous == {}


def _history(obj) -> list[tuple[str, str]]:
    return [(h.history_type, h.history_user.username) for h in obj.history.order_by("history_date", "history_id")]


def test_the_plans_are_written_by_their_leads_and_approved_by_the_governance_chain(demo):
    trust = Initiative.objects.get(commitment__plan__sector__code="CSS", title_en="Trust Circles")
    assert _history(trust)[0] == ("+", "lead-css")
    assert _history(KPI.objects.get(commitment__plan__sector__code="OPS", number=1))[0] == ("+", "lead-ops")
    assert {h.history_user.username for h in KPIValue.history.filter(kpi__commitment__plan__sector__code="CSS")} == {
        "lead-css"
    }
    plan = ActionPlan.objects.get(sector__code="SIS")
    assert plan.status == ActionPlan.Status.APPROVED
    # Drafted, sent back to draft by ADMOS's return, submitted again, approved by EXCOM: ARTF records each.
    assert [h.status for h in plan.history.order_by("history_date", "history_id")] == [
        "draft",
        "submitted",
        "draft",
        "submitted",
        "approved",
    ]
    assert ActionPlan.objects.get(sector__code="DMO-CAE").status == ActionPlan.Status.DRAFT  # no plan in the deck


def test_the_quarters_are_opened_and_closed_by_artf_in_their_order(demo):
    first = ReportingPeriod.objects.get(slug="2022-23-q4")
    assert _history(first) == [("+", "artf"), ("~", "artf")] and first.is_closed
    opened = [h.slug for h in ReportingPeriod.history.filter(history_type="+").order_by("history_date", "history_id")]
    assert opened == list(ReportingPeriod.objects.chronological().values_list("slug", flat=True))
    current, ahead = list(ReportingPeriod.objects.chronological())[-2:]
    assert not current.is_closed and current.opens_on is not None
    assert not ahead.is_closed and ahead.opens_on is None and ahead.due_date is None


def test_reports_are_submitted_by_the_lead_and_approved_by_artf_through_the_cycle(demo):
    report = QuarterlyReport.objects.get(sector__code="CSS", period__slug="2025-26-q2")
    assert report.status == "approved" and report.submitted_by.username == "lead-css"
    assert report.approved_by.username == "artf"
    assert [(e.action, e.actor.username) for e in report.events.order_by("at", "pk")] == [
        ("started", "lead-css"),
        ("submitted", "lead-css"),
        ("approved", "artf"),
    ]
    # The approve path wrote the approved record, and its history names ARTF.
    approved = report.approved_updates.all()
    assert approved.count() == Initiative.objects.filter(commitment__plan__sector__code="CSS").count()
    assert {h.history_user.username for h in ApprovedInitiativeUpdate.history.filter(report_id=report.pk)} == {"artf"}
    assert {h.history_user.username for h in InitiativeUpdate.history.filter(report_id=report.pk)} == {"lead-css"}
    waiting = QuarterlyReport.objects.get(period__slug="2025-26-q3")
    assert waiting.sector.code == "OPS" and waiting.status == "submitted"
    assert QuarterlyReport.objects.filter(status="approved").count() == 28
    assert not OutboxMessage.objects.exists()  # years of replayed work e-mail nobody


def test_the_review_and_the_engagements_are_recorded_by_the_people_who_keep_them(demo):
    review = Review.objects.get()
    assert _history(review) == [("+", "artf")]
    nine = review.recommendations.get(number=9)
    assert _history(nine) == [("+", "artf")] and nine.initiatives.count() == 2
    css = Engagement.objects.filter(sector__code="CSS")
    assert css.count() == 4 and {e.recorded_by.username for e in css} == {"lead-css"}
    assert {e.recorded_by.username for e in Engagement.objects.filter(sector__code="SIS")} == {"admin"}
    assert all(e.commitments.exists() for e in Engagement.objects.all())


def test_the_evidence_arrives_through_the_imports_and_the_maturity_continuum(demo):
    assert {h.history_user.username for h in Representation.history.all()} == {"artf"}
    assert Representation.objects.filter(headcount_hidden=True).exists()  # small counts suppressed at import
    newest = Survey.objects.order_by("-period__fiscal_year", "-period__quarter").first()
    assert newest.period.slug == "2025-26-q2" and newest.source == "Illustrative demo survey"
    assert [h.theme_en for h in newest.highlights.order_by("order")] == [
        "Fear of reprisal",
        "Leaders need training first",
        "Seeing a path to promotion",
    ]
    assert {h.history_user.username for h in SurveyHighlight.history.all()} == {"artf"}
    css = MaturityAssessment.objects.get(sector__code="CSS", period__slug="2025-26-q2")
    assert (css.stage, css.assessed_by.username, css.reviewed_by.username) == (4, "lead-css", "artf")
    sis = MaturityAssessment.objects.get(sector__code="SIS", period__slug="2025-26-q2")
    assert (sis.stage, sis.assessed_by.username, sis.reviewed_by) == (2, "artf", None)
