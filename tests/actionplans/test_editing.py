"""Editing a plan in the browser's forms: services, conflicts, archive rules, history, export."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from actionplans import services
from actionplans.models import KPI, Commitment, Initiative, KPIValue
from actionplans.resources import InitiativeResource, plan_workbook
from spreadsheets.services import spreadsheet_import
from tests.factories import (
    EquityGroupFactory,
    InitiativeFactory,
    KPIFactory,
    KPIValueFactory,
    MembershipFactory,
    PeriodFactory,
    UserFactory,
)
from tests.forms import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(sector):
    return MembershipFactory(user=UserFactory(username="contrib-css"), sector=sector, role="contributor").user


@pytest.fixture
def initiative(commitment):
    return InitiativeFactory(commitment=commitment, number=1, title_en="Trust Circles", title_fr="Cercles de confiance")


def form_data(initiative, **changes):
    data = {
        "title_en": initiative.title_en,
        "title_fr": initiative.title_fr or "",
        "description_en": "",
        "description_fr": "",
        "lead_en": initiative.lead_en or "",
        "lead_fr": initiative.lead_fr or "",
        "supporting_units_en": "",
        "supporting_units_fr": "",
        "scope": initiative.scope,
        "status": initiative.status,
        "planned_start": initiative.planned_start.isoformat(),
        "planned_end": initiative.planned_end.isoformat(),
        "version": initiative.version,
    }
    data.update(changes)
    return data


def edit_url(initiative):
    return reverse("actionplans:initiative-update", kwargs={"code": "CSS", "pk": initiative.pk})


def test_second_person_to_save_sees_both_versions_and_nothing_is_overwritten(client, lead, contributor, initiative):
    from django.test import Client

    other = Client()
    client.force_login(lead)
    other.force_login(contributor)
    mine = client.get(edit_url(initiative)).context["form"].initial["version"]
    theirs = other.get(edit_url(initiative)).context["form"].initial["version"]
    assert mine == theirs == 1

    first = client.post(edit_url(initiative), form_data(initiative, status="completed", version=mine))
    assert first.status_code == 302
    second = other.post(edit_url(initiative), form_data(initiative, status="delayed", lead_en="HR", version=theirs))
    assert second.status_code == 409
    body = second.content.decode()
    assert "Someone else changed this item after you opened it" in body
    assert "lead-css" in body  # who saved it
    rows = {row["label"]: (row["mine"], row["theirs"]) for row in second.context["conflict"]["rows"]}
    assert rows["Status"] == ("delayed", "completed")
    initiative.refresh_from_db()
    assert (initiative.status, initiative.lead, initiative.version) == ("completed", "", 2)

    # "Keep my version": the form now carries the saved version, so saving again succeeds.
    resubmit = other.post(
        edit_url(initiative),
        form_data(initiative, status="delayed", lead_en="HR", version=second.context["conflict"]["version"]),
    )
    assert resubmit.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.status, initiative.lead, initiative.version) == ("delayed", "HR", 3)


def test_errors_are_shown_next_to_their_field_and_nothing_is_saved(client, lead, initiative):
    client.force_login(lead)
    response = client.post(
        edit_url(initiative), form_data(initiative, planned_start="2024-06-01", planned_end="2023-01-01")
    )
    assert response.status_code == 422
    assert "The planned end cannot be before the planned start." in response.content.decode()
    assert response.context["form"].errors["planned_end"]
    initiative.refresh_from_db()
    assert str(initiative.planned_end) == "2024-03-31"


def test_without_javascript_a_save_returns_to_the_plan(client, lead, initiative):
    client.force_login(lead)
    response = client.post(edit_url(initiative), form_data(initiative, title_en="Trust Circles 2.0"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/en/plans/CSS/#initiative-{initiative.pk}")


def test_with_htmx_the_form_and_the_saved_row_are_fragments(client, lead, initiative):
    client.force_login(lead)
    form = client.get(edit_url(initiative), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and 'hx-post="' in form and 'name="title_en"' in form
    row = client.post(edit_url(initiative), form_data(initiative, title_en="Trust Circles 2.0"), HTTP_HX_REQUEST="true")
    body = row.content.decode()
    assert row.status_code == 200 and "<html" not in body
    assert body.strip().startswith(f'<li class="list-group-item" id="initiative-{initiative.pk}"')
    assert "Trust Circles 2.0" in body


def test_create_initiative_and_kpi_through_the_forms(client, lead, commitment):
    client.force_login(lead)
    url = reverse("actionplans:initiative-create", kwargs={"code": "CSS", "commitment_pk": commitment.pk})
    phase = commitment.plan.strategy.phases.get(number=1)
    response = client.post(
        url,
        {
            "title_en": "Career boot camp",
            "title_fr": "Camp d'entraînement",
            "scope": "internal",
            "status": "planned",
            "phases": [phase.pk],
            "planned_start": "2026-01-05",
            "planned_end": "2026-12-18",
        },
    )
    assert response.status_code == 302
    created = Initiative.objects.get(title_en="Career boot camp")
    assert [p.number for p in created.phases.all()] == [1]
    assert created.history.first().history_user.username == "lead-css"

    url = reverse("actionplans:kpi-create", kwargs={"code": "CSS", "commitment_pk": commitment.pk})
    response = client.post(
        url,
        {
            "name_en": "Participants",
            "unit": "count",
            "direction": "increase",
            "baseline_value": "0",
            "baseline_date": "2026-01-01",
            "target_value": "120",
            "target_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert KPI.objects.get(name_en="Participants").target_value == Decimal("120")


def test_kpi_values_entered_for_all_groups_and_each_group(client, lead, commitment):
    kpi = KPIFactory(commitment=commitment, is_disaggregated=True, unit="percent")
    EquityGroupFactory(code="black", name_en="Black", name_fr="Personnes noires")
    period = PeriodFactory(fiscal_year=2025, quarter=3)
    client.force_login(lead)
    url = reverse("actionplans:kpi-value-save", kwargs={"code": "CSS", "pk": kpi.pk})
    response = client.post(
        url, {"period": period.pk, "value": "61,5", "group_black": "55", "note_en": "After the town hall"}
    )
    assert response.status_code == 302
    values = {(v.equity_group.code if v.equity_group else ""): v.value for v in KPIValue.objects.filter(kpi=kpi)}
    assert values == {"": Decimal("61.5"), "black": Decimal("55")}
    page_url = reverse("actionplans:kpi-detail", kwargs={"code": "CSS", "pk": kpi.pk})
    page = client.get(page_url).content.decode()
    assert "2025-26 Q3" in page and "61.5" in page and 'role="img"' in page and "<circle" in page

    bad = client.post(url, {"period": period.pk, "value": "140"})
    assert bad.status_code == 422 and "between 0 and 100" in bad.content.decode()
    # Clearing is on purpose: the form as rendered (prefilled), with both fields emptied.
    shown = form_fields(client.get(f"{page_url}?period={period.pk}").content.decode(), action=url)
    assert (shown["value"], shown["group_black"]) == ("61.5", "55")
    cleared = client.post(url, {**shown, "value": "", "group_black": "", "note_en": ""})
    assert cleared.status_code == 302
    assert not KPIValue.objects.filter(kpi=kpi).exists()


def test_closed_periods_are_not_offered_and_refused(lead, commitment):
    kpi = KPIFactory(commitment=commitment)
    closed = PeriodFactory(fiscal_year=2024, quarter=4, is_closed=True)
    with pytest.raises(ValidationError, match="closed"):
        services.kpi_value_save(kpi=kpi, period=closed, by=lead, value=Decimal("1"))


def test_remove_deletes_an_initiative_without_records_and_archives_one_with_values(lead, commitment):
    plain = InitiativeFactory(commitment=commitment, number=1)
    measured = InitiativeFactory(commitment=commitment, number=2)
    KPIValueFactory(kpi=KPIFactory(commitment=commitment, initiative=measured))
    assert services.initiative_remove(initiative=plain, by=lead) == "deleted"
    assert services.initiative_remove(initiative=measured, by=lead) == "archived"
    assert not Initiative.objects.filter(pk=plain.pk).exists()
    measured.refresh_from_db()
    assert measured.is_archived
    assert plain.history.filter(history_type="-").get().history_user == lead


def test_kpi_with_values_is_archived_and_commitment_with_content_is_kept(lead, commitment):
    kpi = KPIFactory(commitment=commitment)
    KPIValueFactory(kpi=kpi)
    assert services.kpi_remove(kpi=kpi, by=lead) == "archived"
    with pytest.raises(ValidationError, match="still has initiatives or KPIs"):
        services.commitment_delete(commitment=commitment, by=lead)
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_reorder_swaps_numbers_and_is_recorded(lead, commitment):
    first = InitiativeFactory(commitment=commitment, number=1, title_en="First")
    second = InitiativeFactory(commitment=commitment, number=2, title_en="Second")
    services.initiative_move(initiative=second, by=lead, direction="up")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)
    assert second.history.first().number == 1
    services.initiative_move(initiative=second, by=lead, direction="up")  # already first: nothing moves
    second.refresh_from_db()
    assert second.number == 1


def test_history_is_a_readable_diff_in_the_users_language(client, lead, initiative):
    client.force_login(lead)
    client.post(edit_url(initiative), form_data(initiative, status="completed"))
    page = client.get(reverse("actionplans:initiative-detail", kwargs={"code": "CSS", "pk": initiative.pk}))
    entry = page.context["entries"][0]
    assert entry.who == lead
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("status", "Planned", "Completed")]
    french = client.get(f"/fr/plans/CSS/initiatives/{initiative.pk}/").content.decode()
    assert "Prévu" in french and "Terminé" in french and "modifié" in french
    plan_history = client.get("/en/plans/CSS/history/").content.decode()
    assert "Trust Circles" in plan_history and "Completed" in plan_history


def test_plan_exports_in_the_annex_d_layout_and_imports_back_unchanged(client, lead, commitment, initiative):
    KPIFactory(commitment=commitment, number=1, name_en="Survey sentiment")
    InitiativeFactory(commitment=commitment, number=2, title_en="Black History Month")
    client.force_login(lead)
    response = client.get("/en/plans/CSS/export.xlsx")
    assert response["Content-Disposition"].endswith('action-plan-CSS.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:6] == [
        "Sector",
        "Commitment no.",
        "Commitment (EN)",
        "Commitment (FR)",
        "Key leads",
        "Supporting units",
    ]
    assert header[-1] == "Key performance indicators"
    assert sheet.cell(row=2, column=len(header)).value == "1. Survey sentiment"
    assert [c.value for c in book.worksheets[1][1]][:4] == ["Sector", "Commitment no.", "KPI no.", "Indicator (EN)"]

    before = list(
        Initiative.objects.order_by("pk").values_list("pk", "title_en", "status", "planned_start", "planned_end")
    )
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=response.content, file_format="xlsx")
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"new": 0, "update": 0, "skip": 2}  # unchanged rows are left alone
    assert (
        list(Initiative.objects.order_by("pk").values_list("pk", "title_en", "status", "planned_start", "planned_end"))
        == before
    )
    assert plan_workbook(commitment.plan)[:2] == b"PK"


def test_the_message_after_saving_names_the_item_in_the_page_language_and_marks_the_other(client, lead, commitment):
    """A French lead saves an initiative from its own page: the message names its French title, not
    the English one; a KPI written in English only is named in English, marked ``lang="en"``, and
    a title's markup stays text."""
    initiative = InitiativeFactory(commitment=commitment, number=1, title_en="Trust <b>Circles</b>", title_fr="Cercles")
    kpi = KPIFactory(commitment=commitment, initiative=None, name_en="Managers trained", name_fr="")
    client.force_login(lead)
    url = f"/fr/plans/CSS/initiatives/{initiative.pk}/edit/"
    page = client.get(url).content.decode()
    fields = form_fields(page, method="post", action=url)
    after = client.post(url, {**fields, "status": "completed"}, follow=True).content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "completed"
    assert "Initiative « Cercles » enregistrée." in after.replace("\u202f", " ").replace("\xa0", " ")

    removed = client.post(f"/fr/plans/CSS/kpis/{kpi.pk}/remove/", follow=True).content.decode()
    assert '« <span lang="en">Managers trained</span> »' in removed.replace("\u202f", " ").replace("\xa0", " ")

    initiative.title_fr = ""
    initiative.save()
    gone = client.post(f"/fr/plans/CSS/initiatives/{initiative.pk}/remove/", follow=True).content.decode()
    assert '<span lang="en">Trust &lt;b&gt;Circles&lt;/b&gt;</span>' in gone
