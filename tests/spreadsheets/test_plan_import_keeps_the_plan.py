"""Issue 12, item 3: importing the downloaded Annex D template, or the plan's own export, never
changes a stored value behind the person's back, and the preview says every change first."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Commitment, Initiative

pytestmark = pytest.mark.django_db


def plan_state(code="CSS"):
    """Every stored field of a sector's initiatives and commitments, links included."""
    initiatives = {}
    for initiative in Initiative.objects.filter(commitment__plan__sector__code=code).prefetch_related(
        "phases", "equity_groups"
    ):
        fields = {f.attname: getattr(initiative, f.attname) for f in Initiative._meta.concrete_fields}
        fields["phases"] = sorted(p.number for p in initiative.phases.all())
        fields["groups"] = sorted(g.code for g in initiative.equity_groups.all())
        initiatives[initiative.pk] = fields
    commitments = {
        c.pk: {f.attname: getattr(c, f.attname) for f in Commitment._meta.concrete_fields}
        for c in Commitment.objects.filter(plan__sector__code=code)
    }
    return initiatives, commitments


def preview(client, data, name="plan.xlsx"):
    return client.post(
        reverse("admin:actionplans_initiative_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": "1", "resource": "0"},
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {
        name: field.initial if field.initial is not None else form.initial.get(name)
        for name, field in form.fields.items()
    }
    return client.post(reverse("admin:actionplans_initiative_process_import"), data, follow=True)


def add_rows(data: bytes, rows: list[dict]) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edit_row(data: bytes, title: str, changes: dict) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[header.index("Initiative (EN)")].value == title:
            for column, value in changes.items():
                cells[header.index(column)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def demo(db):
    """The demo's plans, and its administrator signed in (the demo sets its password)."""
    call_command("load_demo", verbosity=0)
    return get_user_model().objects.get(username="admin")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_template_with_a_row_added_under_its_examples_changes_no_existing_row(client, demo):
    client.force_login(demo)
    before = plan_state()
    template = client.get(reverse("admin:actionplans_initiative_import_template")).content
    mine = {
        "Sector": "CSS",
        "Commitment no.": 1,
        "Initiative no.": 9,
        "Initiative (EN)": "Allyship lunch and learn",
        "Status": "planned",
    }
    response = preview(client, add_rows(template, [mine]))
    assert response.status_code == 200
    body = text(response)
    assert "Confirm import" in body, body[-3000:]
    done = confirm(client, response)
    assert "1 new, 0 updated" in text(done)
    after = plan_state()
    new = [pk for pk in after[0] if pk not in before[0]]
    assert len(new) == 1 and after[0][new[0]]["title_en"] == "Allyship lunch and learn"
    del after[0][new[0]]
    assert after == before  # no existing initiative or commitment changed


def test_a_row_left_blank_under_the_examples_is_not_taken_for_an_example(client, demo):
    client.force_login(demo)
    template = client.get(reverse("admin:actionplans_initiative_import_template")).content
    mine = {"Initiative no.": 9, "Initiative (EN)": "Allyship lunch and learn"}
    body = text(preview(client, add_rows(template, [mine])))
    assert "Confirm import" not in body
    assert "Give the sector" in body


def test_the_template_says_what_blank_and_clear_mean(client, admin_user, db):
    client.force_login(admin_user)
    book = load_workbook(io.BytesIO(client.get(reverse("admin:actionplans_initiative_import_template")).content))
    notes = " ".join(str(c.value) for row in book.worksheets[1].iter_rows() for c in row if c.value)
    assert "(clear)" in notes and "blank" in notes.lower()
    assert all(str(c.value).upper() == "EXAMPLE" for c in book.worksheets[0]["A"][1:])


def test_blank_cells_keep_what_is_stored_and_clear_clears(client, demo):
    client.force_login(demo)
    export = client.get(reverse("actionplans:plan-export", args=["CSS"])).content
    trust = Initiative.objects.get(commitment__plan__sector__code="CSS", title_en="Trust Circles")
    trust.description_fr = "Une description"
    trust.save()
    before = plan_state()
    changed = edit_row(
        export,
        "Trust Circles",
        {
            "Initiative lead": None,
            "Phases": None,
            "Status": None,
            "Planned end": None,
            "Description (FR)": "(clear)",
        },
    )
    done = confirm(client, preview(client, changed))
    assert done.status_code == 200
    trust.refresh_from_db()
    assert trust.lead == "ARTF" and trust.status == "completed" and trust.planned_end is not None
    assert list(trust.phases.values_list("number", flat=True)) == [1]
    assert trust.description_fr == ""
    after = plan_state()
    for name in ("description", "description_fr", "version", "updated_at"):  # what the file changed
        after[0][trust.pk][name] = before[0][trust.pk][name]
    assert after == before


def test_the_plan_export_imports_back_as_no_change(client, demo):
    client.force_login(demo)
    before = plan_state()
    export = client.get(reverse("actionplans:plan-export", args=["CSS"])).content
    response = preview(client, export)
    body = text(response)
    assert "Confirm import" in body
    done = confirm(client, response)
    assert "0 updated" in text(done) or "updated" not in text(done)
    assert plan_state() == before


def test_the_preview_lists_every_change_old_and_new(client, demo):
    client.force_login(demo)
    export = client.get(reverse("actionplans:plan-export", args=["CSS"])).content
    changed = edit_row(
        export,
        "Trust Circles",
        {"Status": "in_progress", "Phases": "1, 4", "Equity groups": "black", "Initiative lead": "IDOL"},
    )
    response = preview(client, changed)
    body = text(response)
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Trust Circles(?:(?!</tr>).)*</tr>", body).group(0)
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row))
    assert "Status" in row and "Completed" in row and "In progress" in row
    assert "Phases" in row and "1 → 1, 4" in row
    assert "Equity groups" in row and "(blank) → black" in row
    assert "Initiative lead" in row and "ARTF → IDOL" in row
    # rows the file does not change are said to be unchanged, not "Update"
    black_history = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Black History Month(?:(?!</tr>).)*</tr>", body).group(0)
    assert "No change" in black_history
    assert "None" not in body
