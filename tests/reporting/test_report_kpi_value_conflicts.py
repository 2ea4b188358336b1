"""A report draft opened before someone saves a KPI value on the KPI's page does not put the old
value back: a value left as shown stays as the other person saved it, and a value the lead changed
meanwhile is a conflict, shown with both versions; nothing is written until the lead decides
(issue 13, item 5)."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans.models import KPIValue
from reporting.models import QuarterlyReport
from tests.factories import KPIFactory, KPIValueFactory, MembershipFactory, PeriodFactory, UserFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(db):
    today = timezone.localdate()
    return PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=today - datetime.timedelta(days=5),
        due_date=today + datetime.timedelta(days=12),
    )


@pytest.fixture
def kpis(commitment, period):
    """Two KPIs with a value for the quarter: representation 45, complaints resolved 12."""
    representation = KPIFactory(commitment=commitment, number=1, name_en="Representation")
    KPIValueFactory(kpi=representation, period=period, value=Decimal("45"), note_en="From the PSES")
    complaints = KPIFactory(commitment=commitment, number=2, name_en="Complaints resolved")
    KPIValueFactory(kpi=complaints, period=period, value=Decimal("12"))
    return representation, complaints


@pytest.fixture
def colleague(sector):
    """Someone of the sector who enters a value on the KPI's page while the lead's report is open."""
    browser = Client()
    browser.force_login(
        MembershipFactory(user=UserFactory(username="colleague-css"), sector=sector, role="contributor").user
    )
    return browser


def report_url():
    return reverse("reporting:report-detail", kwargs={"code": "CSS", "slug": "2025-26-q3"})


def kpi_page_save(colleague, kpi, value):
    """The colleague opens the KPI's page, types a value for all groups and saves it."""
    page = reverse("actionplans:kpi-detail", kwargs={"code": "CSS", "pk": kpi.pk})
    action = reverse("actionplans:kpi-value-save", kwargs={"code": "CSS", "pk": kpi.pk})
    data = form_fields(colleague.get(page).content.decode(), action=action)
    data["value"] = value
    assert colleague.post(action, data).status_code == 302


def opened_report(client):
    response = client.get(report_url())
    assert response.status_code == 200
    return form_fields(response.content.decode(), form_id="report-form")


def value_of(kpi, period):
    return KPIValue.objects.filter(kpi=kpi, period=period, equity_group=None).values_list("value", flat=True).first()


def test_a_lead_who_changed_the_value_meanwhile_saved_by_someone_else_sees_the_conflict(
    client, lead, kpis, period, colleague
):
    representation, complaints = kpis
    client.force_login(lead)
    draft = opened_report(client)
    kpi_page_save(colleague, representation, "48")

    draft["highlights"] = "A good quarter"
    draft[f"kpi-{representation.pk}"] = "46,5"
    draft[f"kpi-{complaints.pk}"] = "14"
    draft["action"] = "save"
    response = client.post(report_url(), draft)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this item after you opened it" in html
    assert "colleague-css saved it on" in html
    rows = {str(row["label"]): (row["mine"], row["theirs"]) for row in response.context["conflict"]["rows"]}
    assert rows == {"1.1 Representation (Percent)": ("46,5", "48")}
    # Nothing is written: the colleague's value stands, the report waits for the lead's choice.
    assert (value_of(representation, period), value_of(complaints, period)) == (Decimal("48"), Decimal("12"))
    assert not QuarterlyReport.objects.exists()

    # What the lead typed is still in the form; saving again keeps the lead's version.
    again = form_fields(html, form_id="report-form")
    assert (again["highlights"], again[f"kpi-{representation.pk}"], again[f"kpi-{complaints.pk}"]) == (
        "A good quarter",
        "46,5",
        "14",
    )
    again["action"] = "save"
    assert client.post(report_url(), again).status_code == 302
    assert (value_of(representation, period), value_of(complaints, period)) == (Decimal("46.5"), Decimal("14"))
    note = KPIValue.objects.get(kpi=representation, period=period, equity_group=None).note_en
    assert note == "From the PSES"


def test_a_lead_who_clears_a_value_someone_else_changed_meanwhile_sees_the_conflict(
    client, lead, kpis, period, colleague
):
    representation, _complaints = kpis
    client.force_login(lead)
    draft = opened_report(client)
    kpi_page_save(colleague, representation, "48")
    draft[f"kpi-{representation.pk}"] = ""
    draft["action"] = "save"
    response = client.post(report_url(), draft)
    assert response.status_code == 409
    rows = {str(row["label"]): (row["mine"], row["theirs"]) for row in response.context["conflict"]["rows"]}
    assert rows == {"1.1 Representation (Percent)": ("", "48")}
    assert value_of(representation, period) == Decimal("48")


def test_a_value_left_as_shown_is_refreshed_after_a_conflict_and_saving_again_does_not_put_the_old_one_back(
    client, lead, kpis, period, colleague
):
    representation, complaints = kpis
    client.force_login(lead)
    draft = opened_report(client)
    kpi_page_save(colleague, representation, "48")
    kpi_page_save(colleague, complaints, "13")
    draft[f"kpi-{representation.pk}"] = "46"
    draft["action"] = "save"
    response = client.post(report_url(), draft)
    assert response.status_code == 409
    again = form_fields(response.content.decode(), form_id="report-form")
    assert (again[f"kpi-{representation.pk}"], again[f"kpi-{complaints.pk}"]) == ("46", "13")
    again["action"] = "save"
    assert client.post(report_url(), again).status_code == 302
    assert (value_of(representation, period), value_of(complaints, period)) == (Decimal("46"), Decimal("13"))
