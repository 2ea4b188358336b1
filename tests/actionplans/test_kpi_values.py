"""Entering a quarter's KPI values on the KPI's page: the form shows what is stored, and a save
changes only what the person changed, all at once or not at all (issue 12, item 1)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import services
from actionplans.models import KPIValue
from tests.factories import EquityGroupFactory, KPIFactory, KPIValueFactory, PeriodFactory
from tests.forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    return [
        EquityGroupFactory(code="indigenous", name_en="Indigenous peoples", name_fr="Peuples autochtones", order=1),
        EquityGroupFactory(code="black", name_en="Black", name_fr="Personnes noires", order=2),
    ]


@pytest.fixture
def quarters(db):
    """Q3 is the quarter being reported (open since ten days); Q4 takes values but is not open yet."""
    today = timezone.localdate()
    q3 = PeriodFactory(fiscal_year=2025, quarter=3, opens_on=today - datetime.timedelta(days=10))
    q3.due_date = today + datetime.timedelta(days=20)
    q3.save()
    q4 = PeriodFactory(fiscal_year=2025, quarter=4)
    return q3, q4


@pytest.fixture
def kpi(commitment, groups, quarters):
    """A disaggregated percentage with Q3's values stored: all groups 50 with a note, each group's."""
    kpi = KPIFactory(commitment=commitment, is_disaggregated=True, unit="percent", name_en="Representation")
    q3, _q4 = quarters
    KPIValueFactory(kpi=kpi, period=q3, value=Decimal("50"), note_en="After the town hall", note_fr="Après l'assemblée")
    KPIValueFactory(kpi=kpi, period=q3, equity_group=groups[0], value=Decimal("30"), note_en="Self-identified")
    KPIValueFactory(kpi=kpi, period=q3, equity_group=groups[1], value=Decimal("40"))
    return kpi


def page_url(kpi):
    return reverse("actionplans:kpi-detail", kwargs={"code": "CSS", "pk": kpi.pk})


def save_url(kpi):
    return reverse("actionplans:kpi-value-save", kwargs={"code": "CSS", "pk": kpi.pk})


def stored(kpi, period):
    return {
        (v.equity_group.code if v.equity_group_id else ""): (v.value, v.note_en or "")
        for v in KPIValue.objects.filter(kpi=kpi, period=period).select_related("equity_group")
    }


def rendered_form(client, kpi, **query):
    response = client.get(page_url(kpi), query)
    assert response.status_code == 200
    return form_fields(response.content.decode(), action=save_url(kpi))


def test_the_form_shows_the_stored_values_and_a_new_total_keeps_the_groups_and_the_note(client, lead, kpi, quarters):
    q3, _q4 = quarters
    client.force_login(lead)
    data = rendered_form(client, kpi)
    assert data["period"] == str(q3.pk)
    assert (data["value"], data["group_indigenous"], data["group_black"]) == ("50", "30", "40")
    assert data["note_en"] == "After the town hall"

    data["value"] = "55"
    response = client.post(save_url(kpi), data)

    assert response.status_code == 302
    assert stored(kpi, q3) == {
        "": (Decimal("55"), "After the town hall"),
        "indigenous": (Decimal("30"), "Self-identified"),
        "black": (Decimal("40"), ""),
    }


def test_choosing_another_quarter_without_javascript_shows_its_values(client, lead, kpi, quarters, groups):
    q3, q4 = quarters
    KPIValueFactory(kpi=kpi, period=q4, value=Decimal("52"))
    KPIValueFactory(kpi=kpi, period=q4, equity_group=groups[1], value=Decimal("41"))
    client.force_login(lead)
    page = client.get(page_url(kpi)).content.decode()
    chooser = form_fields(page, action=page_url(kpi), method="get")
    assert chooser == {"period": str(q3.pk)}  # the quarter chooser is a GET form: no JavaScript needed

    data = rendered_form(client, kpi, period=q4.pk)
    assert (data["period"], data["value"], data["group_indigenous"], data["group_black"]) == (
        str(q4.pk),
        "52",
        "",
        "41",
    )
    data["group_indigenous"] = "33"
    assert client.post(save_url(kpi), data).status_code == 302
    assert stored(kpi, q4) == {"": (Decimal("52"), ""), "indigenous": (Decimal("33"), ""), "black": (Decimal("41"), "")}
    assert stored(kpi, q3)[""] == (Decimal("50"), "After the town hall")  # the other quarter is untouched


def test_with_htmx_changing_the_quarter_swaps_in_its_prefilled_form(client, lead, kpi, quarters):
    _q3, q4 = quarters
    KPIValueFactory(kpi=kpi, period=q4, value=Decimal("52"))
    client.force_login(lead)
    response = client.get(
        page_url(kpi), {"period": q4.pk}, headers={"HX-Request": "true", "HX-Target": "kpi-value-form"}
    )
    html = response.content.decode()
    assert "<h1" not in html  # only the form, not the page
    data = form_fields(html, action=save_url(kpi))
    assert (data["period"], data["value"]) == (str(q4.pk), "52")


def test_clearing_a_prefilled_field_clears_that_value_only(client, lead, kpi, quarters):
    q3, _q4 = quarters
    client.force_login(lead)
    data = rendered_form(client, kpi)
    data["group_black"] = ""
    assert client.post(save_url(kpi), data).status_code == 302
    assert stored(kpi, q3) == {
        "": (Decimal("50"), "After the town hall"),
        "indigenous": (Decimal("30"), "Self-identified"),
    }


def test_a_field_left_blank_as_shown_keeps_a_value_someone_saved_meanwhile(client, lead, kpi, quarters, groups):
    q3, _q4 = quarters
    KPIValue.objects.filter(kpi=kpi, equity_group=groups[1]).delete()
    client.force_login(lead)
    data = rendered_form(client, kpi)
    assert data["group_black"] == ""
    services.kpi_value_save(kpi=kpi, period=q3, by=lead, value=Decimal("42"), equity_group=groups[1])

    data["value"] = "51"
    assert client.post(save_url(kpi), data).status_code == 302
    assert stored(kpi, q3)["black"] == (Decimal("42"), "")
    assert stored(kpi, q3)[""] == (Decimal("51"), "After the town hall")


def test_one_refused_value_saves_none_of_the_form(client, lead, kpi, quarters):
    q3, _q4 = quarters
    client.force_login(lead)
    data = rendered_form(client, kpi)
    before = stored(kpi, q3)
    data["value"] = "55"
    data["group_black"] = "140"
    response = client.post(save_url(kpi), data)
    assert response.status_code == 422
    assert "A percentage must be between 0 and 100." in response.content.decode()
    assert stored(kpi, q3) == before
    # The refused form keeps what the person typed, so they correct one field and save again.
    again = form_fields(response.content.decode(), action=save_url(kpi))
    assert (again["value"], again["group_black"]) == ("55", "140")
    again["group_black"] = "45"
    assert client.post(save_url(kpi), again).status_code == 302
    assert stored(kpi, q3)[""] == (Decimal("55"), "After the town hall")
    assert stored(kpi, q3)["black"] == (Decimal("45"), "")


def test_the_quarter_offered_first_is_the_one_being_reported(client, lead, commitment, quarters):
    q3, q4 = quarters
    today = timezone.localdate()
    earlier = PeriodFactory(fiscal_year=2025, quarter=2, opens_on=today - datetime.timedelta(days=100))
    later = PeriodFactory(fiscal_year=2026, quarter=1, opens_on=today + datetime.timedelta(days=60))
    kpi = KPIFactory(commitment=commitment)
    client.force_login(lead)
    page = client.get(page_url(kpi)).content.decode()
    assert form_fields(page, action=page_url(kpi), method="get") == {"period": str(q3.pk)}
    assert form_fields(page, action=save_url(kpi))["period"] == str(q3.pk)
    assert {str(p.pk) for p in (earlier, later, q4)} <= set(_options(page))


def test_a_note_without_a_value_is_refused_rather_than_dropped(client, lead, commitment, quarters):
    q3, _q4 = quarters
    kpi = KPIFactory(commitment=commitment)
    client.force_login(lead)
    data = rendered_form(client, kpi)
    data["note_en"] = "Survey delayed"
    response = client.post(save_url(kpi), data)
    assert response.status_code == 422
    assert "Enter the value for all groups to keep a note with it." in response.content.decode()
    assert not KPIValue.objects.filter(kpi=kpi).exists()


@pytest.mark.parametrize("count", [1, 12])
def test_kpi_page_query_count_does_not_grow_with_its_values(
    client, lead, commitment, groups, count, django_assert_num_queries
):
    kpi = KPIFactory(commitment=commitment, is_disaggregated=True)
    for n in range(count):
        period = PeriodFactory(fiscal_year=2014 + n, quarter=1, opens_on=timezone.localdate())
        KPIValueFactory(kpi=kpi, period=period, value=Decimal("45"))
        KPIValueFactory(kpi=kpi, period=period, equity_group=groups[1], value=Decimal("41"))
    client.force_login(lead)
    with django_assert_num_queries(14):  # the history: its count, its page, its KPI and value records
        assert client.get(page_url(kpi)).status_code == 200


def _options(html: str) -> list[str]:
    import re

    return re.findall(r'<option value="(\d+)"', html)
