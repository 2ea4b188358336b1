"""The rules on a KPI value hold on every path that writes one: the value's own clean(), the admin
(its form and the KPI's inline), and the spreadsheet import; admin and import edits of versioned
items count as edits, and imports say who changed what (issue 12, item 12)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplans.models import KPI, Initiative, KPIValue
from actionplans.resources import KPIResource, KPIValueResource
from spreadsheets.services import spreadsheet_import
from tests.factories import EquityGroupFactory, InitiativeFactory, KPIFactory, KPIValueFactory, PeriodFactory
from tests.forms import form_fields
from tests.spreadsheets.helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def percent_kpi(commitment):
    return KPIFactory(commitment=commitment, number=1, unit="percent", name_en="Representation")


@pytest.fixture
def open_period(db):
    return PeriodFactory(fiscal_year=2025, quarter=3)


@pytest.fixture
def closed_period(db):
    return PeriodFactory(fiscal_year=2025, quarter=2, is_closed=True)


def test_the_value_itself_refuses_a_closed_quarter_a_stray_group_and_a_percentage_over_100(
    percent_kpi, open_period, closed_period
):
    group = EquityGroupFactory(code="black")
    cases = [
        (KPIValue(kpi=percent_kpi, period=closed_period, value=Decimal("5")), "period", "is closed"),
        (
            KPIValue(kpi=percent_kpi, period=open_period, equity_group=group, value=Decimal("5")),
            "equity_group",
            "not disaggregated",
        ),
        (KPIValue(kpi=percent_kpi, period=open_period, value=Decimal("101")), "value", "between 0 and 100"),
    ]
    for value, field, message in cases:
        with pytest.raises(ValidationError) as error:
            value.full_clean()
        assert message in " ".join(error.value.message_dict[field])


def admin_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(response.content.decode(), form_id=form_id)


def test_the_admin_refuses_a_percentage_over_100_and_a_closed_quarter(
    client, admin_user, percent_kpi, open_period, closed_period
):
    client.force_login(admin_user)
    url = reverse("admin:actionplans_kpivalue_add")
    data = admin_form(client, url, "kpivalue_form")
    data.update(kpi=str(percent_kpi.pk), period=str(open_period.pk), value="150")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A percentage must be between 0 and 100." in response.content.decode()

    data.update(period=str(closed_period.pk), value="50")
    response = client.post(url, data)
    assert "2025-26 Q2 is closed: its values can no longer change." in response.content.decode()
    assert not KPIValue.objects.exists()


def test_the_kpi_admin_page_refuses_an_inline_value_out_of_range_and_removing_a_closed_quarters_value(
    client, admin_user, percent_kpi, open_period, closed_period
):
    kept = KPIValueFactory(kpi=percent_kpi, period=closed_period, value=Decimal("44"))
    client.force_login(admin_user)
    url = reverse("admin:actionplans_kpi_change", args=[percent_kpi.pk])
    data = admin_form(client, url, "kpi_form")
    data["values-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200 and "is closed" in response.content.decode()
    assert KPIValue.objects.filter(pk=kept.pk).exists()

    data = admin_form(client, url, "kpi_form")
    data.update({"values-TOTAL_FORMS": "2", "values-1-period": str(open_period.pk), "values-1-value": "120"})
    data["values-1-kpi"] = str(percent_kpi.pk)
    response = client.post(url, data)
    assert "A percentage must be between 0 and 100." in response.content.decode()
    assert KPIValue.objects.count() == 1
    assert client.get(reverse("admin:actionplans_kpivalue_delete", args=[kept.pk])).status_code == 403


def test_an_admin_edit_bumps_the_version_so_a_page_opened_before_sees_the_conflict(
    client, admin_user, lead, percent_kpi
):
    client.force_login(lead)
    edit = reverse("actionplans:kpi-update", kwargs={"code": "CSS", "pk": percent_kpi.pk})
    opened = form_fields(client.get(edit).content.decode(), action="")  # the lead opens the KPI's form

    client.force_login(admin_user)
    url = reverse("admin:actionplans_kpi_change", args=[percent_kpi.pk])
    data = admin_form(client, url, "kpi_form")
    data["data_source_en"] = "PSES 2024"
    assert client.post(url, data).status_code == 302
    percent_kpi.refresh_from_db()
    assert (percent_kpi.version, percent_kpi.data_source_en) == (2, "PSES 2024")

    client.force_login(lead)
    opened["target_value"] = "65"
    response = client.post(edit, opened)
    assert response.status_code == 409
    assert "Someone else changed this item after you opened it" in response.content.decode()  # not a silent overwrite
    percent_kpi.refresh_from_db()
    assert (percent_kpi.target_value, percent_kpi.data_source_en) == (Decimal("60"), "PSES 2024")


def test_an_initiative_changed_through_the_commitment_admin_bumps_its_version(client, admin_user, commitment):
    initiative = InitiativeFactory(commitment=commitment, number=1, lead="HR")
    client.force_login(admin_user)
    url = reverse("admin:actionplans_commitment_change", args=[commitment.pk])
    data = admin_form(client, url, "commitment_form")
    data["initiatives-0-lead_en"] = "IDOL"
    assert client.post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert (initiative.lead, initiative.version) == ("IDOL", 2)
    commitment.refresh_from_db()
    assert commitment.version == 1  # the commitment itself did not change


def test_the_import_refuses_a_percentage_over_100(percent_kpi, open_period, admin_user):
    rows = [
        ["Sector", "Commitment no.", "KPI no.", "Period", "Equity group", "Value"],
        ["CSS", percent_kpi.commitment.number, 1, "2025-26 Q3", "", "140"],
    ]
    outcome = spreadsheet_import(
        resource_class=KPIValueResource, data=csv_bytes(rows), file_format="csv", user=admin_user
    )
    assert "Row 2, column “Value”: A percentage must be between 0 and 100." in "\n".join(outcome.errors)
    assert not KPIValue.objects.exists()


def test_a_kpi_import_records_who_changed_it_and_bumps_its_version(percent_kpi, admin_user):
    rows = [
        ["Sector", "Commitment no.", "KPI no.", "Indicator (EN)", "Unit", "Direction", "Target"],
        ["CSS", percent_kpi.commitment.number, 1, "Representation", "percent", "increase", "70"],
    ]
    outcome = spreadsheet_import(resource_class=KPIResource, data=csv_bytes(rows), file_format="csv", user=admin_user)
    assert outcome.ok, outcome.errors
    kpi = KPI.objects.get(pk=percent_kpi.pk)
    assert (kpi.target_value, kpi.version) == (Decimal("70"), 2)
    assert kpi.history.first().history_user == admin_user


def test_an_initiative_import_that_changes_a_commitment_records_it_and_bumps_its_version(commitment, admin_user):
    from tests.spreadsheets.helpers import ANNEX_D_HEADER

    InitiativeFactory(commitment=commitment, number=1, title_en="Trust Circles")
    row = [
        "CSS",
        commitment.number,
        "A new statement",
        "",
        "ARTF",
        "",
        1,
        "Trust Circles",
        "",
        "internal",
        "1",
        "",
        "",
        "planned",
    ]
    outcome = spreadsheet_import(
        resource_class=__import__("actionplans.resources", fromlist=["InitiativeResource"]).InitiativeResource,
        data=csv_bytes([ANNEX_D_HEADER, row]),
        file_format="csv",
        user=admin_user,
    )
    assert outcome.ok, outcome.errors
    commitment.refresh_from_db()
    assert (commitment.statement_en, commitment.version) == ("A new statement", 2)
    assert commitment.history.first().history_user == admin_user
    assert Initiative.objects.get().history.first().history_user == admin_user


def test_an_admin_save_after_someone_elses_edit_is_refused_not_overwriting_it(client, admin_user, lead, percent_kpi):
    from actionplans import services

    client.force_login(admin_user)
    url = reverse("admin:actionplans_kpi_change", args=[percent_kpi.pk])
    data = admin_form(client, url, "kpi_form")  # the admin opens the KPI
    services.kpi_update(kpi=percent_kpi, by=lead, version=1, target_value=Decimal("65"))  # the lead saves on the site

    data["data_source_en"] = "PSES 2024"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this item after you opened it, so nothing was saved." in response.content.decode()
    percent_kpi.refresh_from_db()
    assert (percent_kpi.target_value, percent_kpi.data_source_en or "") == (Decimal("65"), "")


def test_the_plan_admin_still_saves(client, admin_user, commitment):
    client.force_login(admin_user)
    url = reverse("admin:actionplans_actionplan_change", args=[commitment.plan.pk])
    data = admin_form(client, url, "actionplan_form")
    data["status"] = "submitted"
    assert client.post(url, data).status_code == 302
    commitment.plan.refresh_from_db()
    assert commitment.plan.status == "submitted"
