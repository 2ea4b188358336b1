"""What ARTF approved stays as approved (issue 12, item 5), the tracker publishes only approved
figures (item 7), and a tracker version made before a later change says it is out of date (item 9)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import Initiative
from reporting import services
from reporting.models import ApprovedInitiativeUpdate, ApprovedKPIValue, QuarterlyReport
from tests.factories import (
    InitiativeFactory,
    KPIFactory,
    PeriodFactory,
    artf_user,
    executive_user,
)
from tracker import selectors as tracker_selectors
from tracker import services as tracker_services

TODAY = timezone.localdate()
URL = "/en/plans/CSS/reports/2025-26-q3/"


@pytest.fixture
def period(db):
    return PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=TODAY - datetime.timedelta(days=5),
        due_date=TODAY + datetime.timedelta(days=12),
    )


@pytest.fixture
def setup(commitment, lead, period):
    first = InitiativeFactory(commitment=commitment, number=1, title_en="Trust circles", status="in_progress")
    kpi = KPIFactory(commitment=commitment, number=1, name_en="Staff who trust the process")
    return {"sector": commitment.plan.sector, "first": first, "kpi": kpi, "artf": artf_user(username="artf")}


def lead_submits(client, setup, lead):
    """The lead fills the report page as it renders and submits it."""
    client.force_login(lead)
    pk, kpi = setup["first"].pk, setup["kpi"].pk
    data = {
        "version": "0",
        "highlights": "Trust circles in every region.",
        "top_actions": "Trust circles",
        "challenges": "",
        "support_needed": "",
        f"kpi-{kpi}": "47",
        f"i{pk}-status": "in_progress",
        f"i{pk}-percent": "60",
        f"i{pk}-narrative": "Four circles held.",
        "action": "submit",
    }
    assert client.post(URL, data).status_code == 302
    assert QuarterlyReport.objects.get().status == "submitted"


def test_an_approved_report_shows_what_was_approved_whatever_the_plan_becomes(client, setup, lead, period):
    lead_submits(client, setup, lead)
    client.force_login(setup["artf"])
    assert client.post(URL + "approve/", {"reason": ""}).status_code == 302
    assert QuarterlyReport.objects.get().status == "approved"

    # After approval the plan moves on: a new initiative (an import, a new row), a renamed one, a
    # status changed on the plan, and the KPI's value for the quarter corrected on its page.
    InitiativeFactory(commitment=setup["first"].commitment, number=2, title_en="Mentoring pilot", status="planned")
    Initiative.objects.filter(pk=setup["first"].pk).update(title_en="Trust circles (renamed)", status="delayed")
    plan_services.kpi_value_save(kpi=setup["kpi"], period=period, by=lead, value=Decimal("12"))

    for user in (setup["artf"], lead, executive_user()):
        client.force_login(user)
        body = client.get(URL).content.decode()
        assert "1.1 Trust circles</th>" in body, user
        assert "Mentoring pilot" not in body and "No update." not in body
        assert "Four circles held." in body and "60%" in body and "In progress" in body
        assert "47%" in body and "12%" not in body

    # Reopening discards the approved record; the history keeps it.
    client.force_login(setup["artf"])
    client.post(URL + "reopen/", {"reason": "Figures corrected by the data team."})
    assert not ApprovedInitiativeUpdate.objects.exists() and not ApprovedKPIValue.objects.exists()
    assert ApprovedInitiativeUpdate.history.filter(history_type="-").count() == 1
    body = client.get(URL).content.decode()
    assert "Mentoring pilot" in body


def test_approval_keeps_every_kpi_value_with_its_group_and_note(setup, lead, period):
    from tests.factories import EquityGroupFactory

    kpi = setup["kpi"]
    kpi.is_disaggregated = True
    kpi.save()
    black = EquityGroupFactory()
    plan_services.kpi_value_save(kpi=kpi, period=period, by=lead, value=Decimal("47"), note_en="Survey of May")
    plan_services.kpi_value_save(kpi=kpi, period=period, by=lead, value=Decimal("41"), equity_group=black)
    report = services.report_save(
        sector=setup["sector"],
        period=period,
        by=lead,
        version=None,
        sections={"highlights": "x"},
        updates={setup["first"].pk: {"status": "in_progress", "percent_done": 10, "narrative": "Begun."}},
        kpi_values={},
    )
    services.report_submit(report=report, by=lead)
    services.report_approve(report=report, by=setup["artf"])
    rows = list(ApprovedKPIValue.objects.order_by("equity_group").values_list("equity_group", "value", "note_en"))
    assert sorted(rows, key=str) == sorted(
        [(None, Decimal("47.00"), "Survey of May"), (black.pk, Decimal("41.00"), "")], key=str
    )
    update = ApprovedInitiativeUpdate.objects.get()
    assert (update.title_en, update.status, update.percent_done, update.narrative) == (
        "Trust circles",
        "in_progress",
        10,
        "Begun.",
    )


# -- item 7: only approved figures are published --------------------------------------------------
@pytest.fixture
def two_sectors(setup, lead, period, other_sector):
    """CSS's report approved with 47; OPS's submitted but not approved, with 93.5 entered."""
    from tests.factories import CommitmentFactory

    report = services.report_save(
        sector=setup["sector"],
        period=period,
        by=lead,
        version=None,
        sections={"highlights": "x"},
        updates={setup["first"].pk: {"status": "in_progress", "percent_done": 60, "narrative": "Four circles held."}},
        kpi_values={setup["kpi"].pk: Decimal("47")},
    )
    services.report_submit(report=report, by=lead)
    services.report_approve(report=report, by=setup["artf"])
    ops_commitment = CommitmentFactory(
        plan__sector=other_sector, plan__strategy=setup["first"].commitment.plan.strategy
    )
    ops_kpi = KPIFactory(commitment=ops_commitment, number=1, name_en="Complaints resolved")
    plan_services.kpi_value_save(kpi=ops_kpi, period=period, by=lead, value=Decimal("93.5"))
    QuarterlyReport.objects.create(sector=other_sector, period=period, status="submitted")
    # After approval CSS's plan and value move on; the tracker must print what was approved.
    InitiativeFactory(commitment=setup["first"].commitment, number=2, title_en="Mentoring pilot", status="planned")
    plan_services.kpi_value_save(kpi=setup["kpi"], period=period, by=lead, value=Decimal("12"))
    return {**setup, "ops_kpi": ops_kpi}


def test_the_tracker_prints_only_approved_figures_as_approved(two_sectors, period):
    from pypdf import PdfReader

    from tracker.rendering import render_pdf, tracker_context

    context = tracker_context(period=period, language="en")
    parts = {part.code: part for part in context["sectors"]}
    (css_kpi,) = parts["CSS"].kpis
    assert css_kpi["value"] == Decimal("47.00")  # as approved, not the 12 entered since
    (ops_kpi,) = parts["OPS"].kpis
    assert ops_kpi["value"] is None and ops_kpi["health_label"] == "Report not approved"
    annex = [i["title"] for c in parts["CSS"].commitments for i in c["initiatives"]]
    assert annex == ["Trust circles"]  # the initiative added after approval is not in what was approved

    rendered = render_pdf(period=period, language="fr")
    import io

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.data)).pages).split())
    assert "Rapport non approuvé" in text and "93,5" not in text and "Mentoring pilot" not in text


def test_dashboard_and_its_export_publish_no_unapproved_kpi_figure(client, two_sectors, period):
    import csv
    import io

    client.force_login(executive_user())
    body = client.get("/en/dashboard/").content.decode()
    assert "Not approved</td>" in body
    rows = list(csv.reader(io.StringIO(client.get("/en/dashboard/export.csv").content.decode("utf-8-sig"))))
    ops = next(row for row in rows if row[0] == "OPS")
    assert ops[-4:] == ["Not approved"] * 4
    css = next(row for row in rows if row[0] == "CSS")
    assert css[-4:] != ["Not approved"] * 4


def test_the_tracker_prints_a_maturity_stage_only_once_artf_reviewed_it(two_sectors, period):
    from django.utils import timezone

    from equity.models import MaturityAssessment
    from tracker.rendering import tracker_context

    assessment = MaturityAssessment.objects.create(
        sector=two_sectors["sector"], period=period, stage=4, evidence="e", assessed_at=timezone.now()
    )
    sections = {s["id"]: s["html"] for s in tracker_context(period=period, language="en")["extra_sections"]}
    assert "Identity change" not in sections["maturity"]
    assert "Self-assessment not yet reviewed by ARTF: not published" in sections["maturity"]
    assessment.review_note, assessment.reviewed_at = "Evidence is specific.", timezone.now()
    assessment.save()
    sections = {s["id"]: s["html"] for s in tracker_context(period=period, language="en")["extra_sections"]}
    assert "4. Identity change" in sections["maturity"]


# -- item 9: a version made before a later change says it is out of date ---------------------------
def test_a_tracker_made_before_a_reopening_says_it_is_out_of_date(
    client, two_sectors, period, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        job = tracker_services.tracker_request(period=period, language="en", by=two_sectors["artf"])
    job.refresh_from_db()
    assert job.status == "done" and job.data_as_of is not None
    client.force_login(executive_user())
    page = client.get("/en/tracker/").content.decode()
    assert "Out of date" not in page
    response = client.get(f"/en/tracker/jobs/{job.pk}/download/")
    assert 'filename="ministerial-tracker-2025-26-q3-en-v1.pdf"' in response["Content-Disposition"]

    # Saving ARTF's wording unchanged changes nothing; reopening the approved report does.
    client.force_login(two_sectors["artf"])
    form = client.get("/en/tracker/2025-26-q3/curate/").content.decode()
    as_rendered = dict(re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', form))
    assert f"actions_en-{two_sectors['sector'].pk}" in as_rendered
    client.post("/en/tracker/2025-26-q3/curate/", as_rendered)
    client.force_login(executive_user())
    assert "Out of date" not in client.get("/en/tracker/").content.decode()
    report = QuarterlyReport.objects.get(sector=two_sectors["sector"])
    services.report_reopen(report=report, by=two_sectors["artf"], reason="Figures corrected.")

    page = client.get("/en/tracker/").content.decode()
    assert "Out of date:</strong> CSS report reopened on" in page
    assert "since this version was made." in page and "(English, v1, out of date)" in page
    response = client.get(f"/en/tracker/jobs/{job.pk}/download/")
    assert 'filename="ministerial-tracker-2025-26-q3-en-v1-out-of-date.pdf"' in response["Content-Disposition"]
    page = client.get("/fr/tracker/").content.decode()
    assert "Périmée" in page and "rapport CSS rouvert le" in page
    client.get("/en/tracker/")  # the page leaves its language active in this thread: back to English

    # A new version made after the change is current.
    with django_capture_on_commit_callbacks(execute=True):
        fresh = tracker_services.tracker_request(period=period, language="en", by=two_sectors["artf"])
    jobs = {j.pk: j for j in tracker_selectors.tracker_jobs()}
    assert jobs[job.pk].is_out_of_date and not jobs[fresh.pk].is_out_of_date
