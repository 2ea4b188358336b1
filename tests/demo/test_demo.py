import pytest
from django.core.management import call_command
from simple_history.models import registered_models

from accountability.models import Engagement, Review
from actionplans import services
from actionplans.models import KPI, ActionPlan, Commitment, Initiative, KPIValue, Phase
from core.models import OutboxMessage
from demo.plans import demo_counts, demo_load
from equity.models import MaturityAssessment, Representation, Survey, SurveyHighlight
from periods.models import ReportingPeriod
from reporting.models import ApprovedInitiativeUpdate, InitiativeUpdate, QuarterlyReport
from sectors.models import Sector

pytestmark = pytest.mark.django_db


def test_load_demo_twice_gives_the_same_rows(capsys):
    call_command("load_demo")
    first = demo_counts()
    ids = set(Initiative.objects.values_list("pk", flat=True))
    call_command("load_demo")
    assert demo_counts() == first
    assert set(Initiative.objects.values_list("pk", flat=True)) == ids
    assert "Demo logins: lead-css" in capsys.readouterr().out


def test_demo_loader_is_idempotent():
    demo_load()
    first = demo_counts()
    demo_load()
    assert demo_counts() == first


def _a_lead_changes_the_plan():
    """What a lead does in the browser after `make run`: a status and a KPI value change."""
    initiative = Initiative.objects.get(commitment__plan__sector__code="CSS", title_en="Trust Circles")
    lead = initiative.commitment.plan.sector.memberships.first().user
    services.initiative_update(
        initiative=initiative, by=lead, version=initiative.version, status=Initiative.Status.DELAYED
    )
    value = KPIValue.objects.filter(
        kpi__commitment__plan__sector__code="CSS", equity_group=None, period__is_closed=False
    ).first()
    services.kpi_value_save(kpi=value.kpi, period=value.period, by=lead, value=value.value + 7)
    return initiative, value


def test_starting_again_keeps_what_people_changed(capsys):
    call_command("load_demo")
    initiative, value = _a_lead_changes_the_plan()
    capsys.readouterr()
    call_command("load_demo")  # what `make run` does at every start
    assert Initiative.objects.get(pk=initiative.pk).status == Initiative.Status.DELAYED
    assert KPIValue.objects.get(pk=value.pk).value == value.value + 7
    out = capsys.readouterr().out
    assert "the demo was not loaded" in out and "make demo-reset" in out and "Demo logins: lead-css" in out


@pytest.mark.django_db(transaction=True)
def test_reset_is_an_explicit_verb_that_loads_the_demo_again():
    call_command("load_demo")
    initiative, value = _a_lead_changes_the_plan()
    extra = KPI.objects.count()
    call_command("load_demo", reset=True, yes=True)
    again = Initiative.objects.get(commitment__plan__sector__code="CSS", title_en="Trust Circles")
    assert again.status != Initiative.Status.DELAYED
    assert not KPIValue.objects.filter(value=value.value + 7, kpi__name_en=value.kpi.name_en).exists()
    assert KPI.objects.count() == extra


def test_demo_holds_the_decks_content():
    call_command("load_demo")
    assert list(Sector.objects.values_list("code", flat=True)) == sorted(
        ["CSS", "CIO-TDSS", "CFO", "SIS", "SPP", "OPS", "DMO-COVID", "DMO-COMMS", "DMO-CAE", "DMO-SGC"]
    )
    phases = list(Phase.objects.order_by("number").values_list("name_en", "start_date", "end_date"))
    assert phases[0][0] == "Plan, Consult & Align" and phases[4][0] == "Mainstream Anti-Racism"
    assert str(phases[3][1]) == "2022-06-01" and str(phases[3][2]) == "2024-07-31"
    annex_d = Commitment.objects.get(plan__sector__code="CSS", number=1)
    assert annex_d.key_leads == "ARTF" and annex_d.supporting_units == "IDOL, BEN, Comms"
    assert list(annex_d.initiatives.values_list("title_en", flat=True)) == [
        "Black History Month",
        "Trust Circles",
        "Embedding anti-racism in existing performance management tools",
    ]
    assert annex_d.kpis.count() == 3
    periods = list(ReportingPeriod.objects.values_list("slug", flat=True))
    assert periods[0] == "2022-23-q4" and periods[-1] == "2025-26-q4" and len(periods) == 13
    assert not KPIValue.objects.exclude(note_en="Illustrative demo figure").exists()
    # Every initiative and demo text has its French.
    assert not Initiative.objects.filter(title_fr__in=["", None]).exists()
    assert not Sector.objects.filter(name_fr__in=["", None]).exists()


def test_every_history_record_of_the_demo_names_who_made_it():
    call_command("load_demo")
    anonymous = {
        model._meta.label: count
        for model in registered_models.values()
        if hasattr(model, "history")  # not the links of a many-to-many field, recorded with their row
        and (count := model.history.filter(history_user__isnull=True).count())
    }
    assert anonymous == {}


def _history(obj) -> list[tuple[str, str]]:
    return [(h.history_type, h.history_user.username) for h in obj.history.order_by("history_date", "history_id")]


def test_the_plans_are_written_by_their_leads_and_approved_by_the_governance_chain():
    call_command("load_demo")
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


def test_the_quarters_are_opened_and_closed_by_artf_in_their_order():
    call_command("load_demo")
    first = ReportingPeriod.objects.get(slug="2022-23-q4")
    assert _history(first) == [("+", "artf"), ("~", "artf")] and first.is_closed
    opened = [h.slug for h in ReportingPeriod.history.filter(history_type="+").order_by("history_date", "history_id")]
    assert opened == list(ReportingPeriod.objects.chronological().values_list("slug", flat=True))
    current, ahead = list(ReportingPeriod.objects.chronological())[-2:]
    assert not current.is_closed and current.opens_on is not None
    assert not ahead.is_closed and ahead.opens_on is None and ahead.due_date is None


def test_reports_are_submitted_by_the_lead_and_approved_by_artf_through_the_cycle():
    call_command("load_demo")
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


def test_the_review_and_the_engagements_are_recorded_by_the_people_who_keep_them():
    call_command("load_demo")
    review = Review.objects.get()
    assert _history(review) == [("+", "artf")]
    nine = review.recommendations.get(number=9)
    assert _history(nine) == [("+", "artf")] and nine.initiatives.count() == 2
    css = Engagement.objects.filter(sector__code="CSS")
    assert css.count() == 4 and {e.recorded_by.username for e in css} == {"lead-css"}
    assert {e.recorded_by.username for e in Engagement.objects.filter(sector__code="SIS")} == {"admin"}
    assert all(e.commitments.exists() for e in Engagement.objects.all())


def test_the_evidence_arrives_through_the_imports_and_the_maturity_continuum():
    call_command("load_demo")
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
