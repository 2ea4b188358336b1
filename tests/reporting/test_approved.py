"""What ARTF approved stays as approved (issue 12, item 5), the tracker publishes only approved
figures (item 7), and a tracker version made before a later change says it is out of date (item 9)."""

import datetime
from decimal import Decimal

import pytest

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

TODAY = datetime.date.today()
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
        assert "Four circles held." in body and "60 %" in body and "In progress" in body
        assert "47.00" in body and "12.00" not in body

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
