"""Two people entering the same KPI's values: the later save does not overwrite the earlier one.

Each person opens the KPI page and posts its values form as rendered (prefilled values and
hidden copies included). A value someone else changed, entered or cleared since the page was
opened is not overwritten: the save is refused, the page shows both versions, and what the
person typed stays in the form; values nobody else touched save normally (issue 13, item 5).
"""

import datetime
import html
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from actionplans.models import KPIValue
from tests.factories import (
    EquityGroupFactory,
    KPIFactory,
    KPIValueFactory,
    MembershipFactory,
    PeriodFactory,
    UserFactory,
)
from tests.forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def black(db):
    return EquityGroupFactory(code="black", name_en="Black", name_fr="Personnes noires", order=1)


@pytest.fixture
def q3(db):
    today = timezone.localdate()
    return PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=today - datetime.timedelta(days=10),
        due_date=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def kpi(commitment, black, q3):
    """Representation: all groups 50 with a note, the Black group 40."""
    kpi = KPIFactory(commitment=commitment, is_disaggregated=True, unit="percent", name_en="Representation")
    KPIValueFactory(kpi=kpi, period=q3, value=Decimal("50"), note_en="After the town hall")
    KPIValueFactory(kpi=kpi, period=q3, equity_group=black, value=Decimal("40"))
    return kpi


@pytest.fixture
def people(lead, sector):
    """Two people of the sector, each in their own browser."""
    anne, bruno = Client(), Client()
    anne.force_login(lead)
    other = MembershipFactory(user=UserFactory(username="bruno-css", first_name="Bruno"), sector=sector).user
    bruno.force_login(other)
    return anne, bruno


def page_url(kpi):
    return reverse("actionplans:kpi-detail", kwargs={"code": "CSS", "pk": kpi.pk})


def save_url(kpi):
    return reverse("actionplans:kpi-value-save", kwargs={"code": "CSS", "pk": kpi.pk})


def opened(browser, kpi, **query):
    response = browser.get(page_url(kpi), query)
    assert response.status_code == 200
    return form_fields(response.content.decode(), action=save_url(kpi))


def stored(kpi, period):
    return {
        (v.equity_group.code if v.equity_group_id else ""): (v.value, v.note_en or "")
        for v in KPIValue.objects.filter(kpi=kpi, period=period).select_related("equity_group")
    }


def panel(response) -> dict[str, tuple[str, str]]:
    rows = response.context["conflict"]["rows"]
    return {str(row["label"]): (row["mine"], row["theirs"]) for row in rows}


def test_the_second_of_two_people_changing_the_same_value_sees_both_and_nothing_is_overwritten(kpi, q3, people):
    anne, bruno = people
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    assert annes["value"] == brunos["value"] == "50"

    annes["value"] = "55"
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["value"] = "58"
    brunos["group_black"] = "42"  # a value nobody else touched, in the same form
    response = bruno.post(save_url(kpi), brunos)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this item after you opened it" in html
    assert "lead-css saved it on" in html  # who saved theirs
    assert panel(response) == {"Value (all groups)": ("58", "55")}
    # Nothing is lost: Anne's value is stored, and the whole form waited (Bruno's 42 too).
    assert stored(kpi, q3) == {"": (Decimal("55"), "After the town hall"), "black": (Decimal("40"), "")}

    # Bruno's typing is kept in the form; saving it again is his informed choice.
    again = form_fields(html, action=save_url(kpi))
    assert (again["value"], again["group_black"]) == ("58", "42")
    assert bruno.post(save_url(kpi), again).status_code == 302
    assert stored(kpi, q3) == {"": (Decimal("58"), "After the town hall"), "black": (Decimal("42"), "")}

    # Different values of the same quarter, changed by each: both saves go through.
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    annes["group_black"] = "44"
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["note_en"] = "After the town hall of May"
    assert bruno.post(save_url(kpi), brunos).status_code == 302
    assert stored(kpi, q3) == {"": (Decimal("58"), "After the town hall of May"), "black": (Decimal("44"), "")}


def test_a_value_entered_by_someone_else_where_the_form_showed_none_is_a_conflict(commitment, q3, people):
    anne, bruno = people
    kpi = KPIFactory(commitment=commitment, name_en="Complaints resolved")
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    assert annes["value"] == brunos["value"] == ""
    annes["value"] = "12"
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["value"] = "15"
    response = bruno.post(save_url(kpi), brunos)
    assert response.status_code == 409
    assert panel(response) == {"Value (all groups)": ("15", "12")}
    assert stored(kpi, q3) == {"": (Decimal("12"), "")}


def test_clearing_a_value_someone_else_changed_meanwhile_is_a_conflict_and_the_reverse_too(kpi, q3, people, black):
    anne, bruno = people
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    annes["group_black"] = "41"
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["group_black"] = ""  # Bruno clears the 40 he saw; it is 41 now
    response = bruno.post(save_url(kpi), brunos)
    assert response.status_code == 409
    assert panel(response) == {"Black": ("", "41")}
    assert stored(kpi, q3)["black"] == (Decimal("41"), "")

    # Anne clears the all-groups value; Bruno, whose page still shows 50, changes it.
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    annes["value"], annes["note_en"] = "", ""
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["value"] = "52"
    response = bruno.post(save_url(kpi), brunos)
    assert response.status_code == 409
    assert panel(response)["Value (all groups)"] == ("52", "")
    assert "" not in stored(kpi, q3)


def test_a_note_written_for_a_value_someone_cleared_meanwhile_is_a_conflict(kpi, q3, people):
    anne, bruno = people
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    annes["value"], annes["note_en"] = "", ""
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["note_en"] = "Survey delayed"  # a note for the 50 Bruno sees, which Anne has cleared
    response = bruno.post(save_url(kpi), brunos)
    assert response.status_code == 409
    assert panel(response) == {"Value (all groups)": ("50", "")}
    assert "" not in stored(kpi, q3)


def test_a_note_changed_by_both_is_a_conflict_shown_in_french_to_a_french_reader(kpi, q3, people):
    anne, bruno = people
    with translation.override("fr"):
        french_page, french_save = page_url(kpi), save_url(kpi)
    annes = opened(anne, kpi)
    page = bruno.get(french_page)
    brunos = form_fields(page.content.decode(), action=french_save)
    annes["note_en"] = "After the town hall of May"
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["note_en"] = "Survey delayed"
    response = bruno.post(french_save, brunos)
    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    assert "Quelqu'un d'autre a modifié cet élément après que vous l'avez ouvert" in text
    assert "Rien n'a été écrasé" in text
    assert panel(response) == {"Note (anglais)": ("Survey delayed", "After the town hall of May")}
    assert stored(kpi, q3)[""] == (Decimal("50"), "After the town hall of May")


def test_with_htmx_the_conflict_panel_comes_with_the_values_it_swaps_in(kpi, q3, people):
    anne, bruno = people
    annes, brunos = opened(anne, kpi), opened(bruno, kpi)
    annes["value"] = "55"
    assert anne.post(save_url(kpi), annes).status_code == 302
    brunos["value"] = "58"
    response = bruno.post(save_url(kpi), brunos, headers={"HX-Request": "true", "HX-Target": "kpi-values"})
    assert response.status_code == 409  # the status htmx swaps in
    html = response.content.decode()
    assert "<h1" not in html and 'id="conflict"' in html
    assert f'href="{page_url(kpi)}?period={q3.pk}"' in html  # "keep the saved version": this quarter, as stored
    assert form_fields(html, action=save_url(kpi))["value"] == "58"
    assert stored(kpi, q3)[""] == (Decimal("55"), "After the town hall")


# -- the admin and the import: the same rule, through the value's version ------------------------
def admin_form(browser, url, form_id):
    response = browser.get(url)
    assert response.status_code == 200
    return form_fields(response.content.decode(), form_id=form_id)


STALE_ADMIN = "Someone else changed this item after you opened it, so nothing was saved."


def test_an_admin_save_of_a_value_someone_changed_on_the_kpi_page_since_is_refused(client, admin_user, kpi, q3, people):
    value = KPIValue.objects.get(kpi=kpi, period=q3, equity_group=None)
    client.force_login(admin_user)
    url = reverse("admin:actionplans_kpivalue_change", args=[value.pk])
    admins = admin_form(client, url, "kpivalue_form")  # the admin opens the value
    anne, _bruno = people
    annes = opened(anne, kpi)
    annes["value"] = "55"
    assert anne.post(save_url(kpi), annes).status_code == 302  # saved on the site meanwhile

    admins["value"] = "60"
    response = client.post(url, admins)
    assert response.status_code == 200
    assert STALE_ADMIN in response.content.decode()
    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal("55"), 2)

    # Opened again, the admin's save goes through and counts as an edit (its version goes up).
    admins = admin_form(client, url, "kpivalue_form")
    admins["value"] = "60"
    assert client.post(url, admins).status_code == 302
    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal("60"), 3)


def test_a_value_changed_in_the_kpis_admin_page_after_someone_saved_it_is_refused(client, admin_user, kpi, q3, people):
    client.force_login(admin_user)
    url = reverse("admin:actionplans_kpi_change", args=[kpi.pk])
    admins = admin_form(client, url, "kpi_form")
    row = next(key[: -len("-value")] for key, v in admins.items() if key.endswith("-value") and v == "50.00")
    anne, _bruno = people
    annes = opened(anne, kpi)
    annes["value"] = "55"
    assert anne.post(save_url(kpi), annes).status_code == 302

    admins[f"{row}-value"] = "60"
    response = client.post(url, admins)
    assert response.status_code == 200
    assert STALE_ADMIN in response.content.decode()
    assert stored(kpi, q3)[""] == (Decimal("55"), "After the town hall")


def test_an_import_is_an_edit_a_page_opened_before_it_does_not_overwrite(admin_user, kpi, q3, people):
    from actionplans.resources import KPIValueResource
    from spreadsheets.services import spreadsheet_import
    from tests.spreadsheets.helpers import csv_bytes

    anne, _bruno = people
    annes = opened(anne, kpi)
    rows = [
        ["Sector", "Commitment no.", "KPI no.", "Period", "Equity group", "Value"],
        ["CSS", kpi.commitment.number, kpi.number, "2025-26 Q3", "", "57"],
    ]
    outcome = spreadsheet_import(
        resource_class=KPIValueResource, data=csv_bytes(rows), file_format="csv", user=admin_user
    )
    assert outcome.ok, outcome.errors
    value = KPIValue.objects.get(kpi=kpi, period=q3, equity_group=None)
    assert (value.value, value.version) == (Decimal("57"), 2)

    annes["value"] = "55"
    response = anne.post(save_url(kpi), annes)
    assert response.status_code == 409
    assert panel(response) == {"Value (all groups)": ("55", "57")}
    assert "admin saved it on" in response.content.decode()
    assert stored(kpi, q3)[""] == (Decimal("57"), "After the town hall")
