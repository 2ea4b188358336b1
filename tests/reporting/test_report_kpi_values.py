"""The report page's KPI values: saving the report keeps each value's note and its group values,
and changes only the values the person changed (issue 12, item 4)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import KPIValue
from tests.factories import EquityGroupFactory, KPIFactory, KPIValueFactory, PeriodFactory
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
    black = EquityGroupFactory(code="black")
    measured = KPIFactory(commitment=commitment, number=1, is_disaggregated=True)
    KPIValueFactory(kpi=measured, period=period, value=Decimal("45"), note_en="From the PSES", note_fr="Selon le SAFF")
    KPIValueFactory(kpi=measured, period=period, equity_group=black, value=Decimal("38"), note_en="Small sample")
    empty = KPIFactory(commitment=commitment, number=2)
    return measured, empty, black


def report_url():
    return reverse("reporting:report-detail", kwargs={"code": "CSS", "slug": "2025-26-q3"})


def rendered(client):
    response = client.get(report_url())
    assert response.status_code == 200
    return form_fields(response.content.decode(), form_id="report-form")


def test_saving_the_report_with_a_new_kpi_value_keeps_its_note_and_group_values(client, lead, kpis, period):
    measured, _empty, black = kpis
    client.force_login(lead)
    data = rendered(client)
    assert data[f"kpi-{measured.pk}"] == "45"
    data[f"kpi-{measured.pk}"] = "47,5"
    data["action"] = "save"
    assert client.post(report_url(), data).status_code == 302

    total = KPIValue.objects.get(kpi=measured, period=period, equity_group=None)
    assert (total.value, total.note_en, total.note_fr) == (Decimal("47.5"), "From the PSES", "Selon le SAFF")
    group = KPIValue.objects.get(kpi=measured, period=period, equity_group=black)
    assert (group.value, group.note_en) == (Decimal("38"), "Small sample")


def test_a_kpi_left_blank_as_shown_keeps_a_value_entered_meanwhile_on_the_kpi_page(client, lead, kpis, period):
    _measured, empty, _black = kpis
    client.force_login(lead)
    data = rendered(client)
    assert data[f"kpi-{empty.pk}"] == ""
    plan_services.kpi_value_save(
        kpi=empty, period=period, by=lead, value=Decimal("12"), note_en="Entered on the KPI page"
    )
    data["highlights"] = "A good quarter"
    data["action"] = "save"
    assert client.post(report_url(), data).status_code == 302
    kept = KPIValue.objects.get(kpi=empty, period=period, equity_group=None)
    assert (kept.value, kept.note_en) == (Decimal("12"), "Entered on the KPI page")


def test_emptying_a_kpi_value_in_the_report_clears_it(client, lead, kpis, period):
    measured, _empty, black = kpis
    client.force_login(lead)
    data = rendered(client)
    data[f"kpi-{measured.pk}"] = ""
    data["action"] = "save"
    assert client.post(report_url(), data).status_code == 302
    assert not KPIValue.objects.filter(kpi=measured, period=period, equity_group=None).exists()
    assert KPIValue.objects.filter(kpi=measured, period=period, equity_group=black).exists()
