"""The admin import: preview before confirm, errors in words, nothing written until confirmed."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Initiative
from sectors.models import Sector

from .helpers import annex_d_rows, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:actionplans_initiative_import"


def upload(client, data, name, file_format):
    index = {"csv": 0, "xlsx": 1}[file_format]
    return client.post(
        reverse(IMPORT_URL),
        {"import_file": SimpleUploadedFile(name, data), "format": str(index), "resource": "0"},
    )


def test_preview_then_confirm_imports_the_annex_d_sheet(client, admin_user, css):
    client.force_login(admin_user)
    preview = upload(client, xlsx_bytes(annex_d_rows()), "plan.xlsx", "xlsx")
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Black History Month" in body and "Confirm import" in body
    assert Initiative.objects.count() == 0  # the preview changes nothing

    confirm_form = preview.context["confirm_form"]
    data = {
        name: field.initial if field.initial is not None else confirm_form.initial.get(name)
        for name, field in confirm_form.fields.items()
    }
    done = client.post(reverse("admin:actionplans_initiative_process_import"), data, follow=True)
    assert done.status_code == 200
    assert Initiative.objects.count() == 4
    assert "4 new" in done.content.decode()


def test_a_bad_file_shows_every_problem_and_no_confirm_button(client, admin_user, css):
    client.force_login(admin_user)
    rows = annex_d_rows()
    rows[2][13] = "finished"
    rows[3][11] = "someday"
    response = upload(client, csv_bytes(rows), "plan.csv", "csv")
    body = response.content.decode()
    assert "Confirm import" not in body
    assert "finished" in body and "someday" in body
    assert re.search(r"<td>3\s*</td>", body) and re.search(r"<td>4\s*</td>", body)
    assert Initiative.objects.count() == 0


def test_hostile_files_are_refused_next_to_the_file_field(client, admin_user, css):
    client.force_login(admin_user)
    response = upload(client, csv_bytes(annex_d_rows(), encoding="utf-16"), "plan.csv", "csv")
    assert "not in UTF-8" in response.content.decode()
    response = upload(client, b"PK\x03\x04 broken", "plan.xlsx", "xlsx")
    assert "not a valid Excel (.xlsx) file" in response.content.decode()
    assert Initiative.objects.count() == 0


@override_settings(SPREADSHEET_MAX_UPLOAD_BYTES=1000)
def test_upload_over_the_limit_is_refused_before_reading(client, admin_user, db):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:sectors_sector_import"),
        {
            "import_file": SimpleUploadedFile("s.csv", b"Code,Name (EN),Name (FR)\n" + b"X" * 2000),
            "format": "0",
            "resource": "0",
        },
    )
    assert "the limit is 1000" in response.content.decode()
    assert Sector.objects.count() == 0


def test_import_template_is_shaped_like_annex_d(client, admin_user, db):
    client.force_login(admin_user)
    response = client.get(reverse("admin:actionplans_initiative_import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('action-plan-annex-d-template.xlsx"')
    import io

    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:6] == [
        "Sector",
        "Commitment no.",
        "Commitment (EN)",
        "Commitment (FR)",
        "Key leads",
        "Supporting units",
    ]
    assert "Initiative (EN)" in header and "Phases" in header and "Planned start" in header
    assert book.worksheets[0]["H2"].value == "Black History Month"
    assert len(book.worksheets) == 2  # the second sheet explains each column


def test_the_template_imports_as_it_is_and_changes_nothing(client, admin_user, css, strategy):
    client.force_login(admin_user)
    template = client.get(reverse("admin:actionplans_initiative_import_template")).content
    from actionplans.resources import InitiativeResource
    from spreadsheets.services import spreadsheet_import

    outcome = spreadsheet_import(resource_class=InitiativeResource, data=template, file_format="xlsx")
    assert outcome.ok, outcome.errors
    assert Initiative.objects.count() == 0  # its rows are examples, marked EXAMPLE


def test_admin_export_escapes_formulas(client, admin_user, db):
    from tests.factories import SectorFactory

    SectorFactory(code="EVIL", name_en="=cmd()", name_fr="ok")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:sectors_sector_export"),
        {
            "format": "0",
            "resource": "0",
            "sectorresource_code": "on",
            "sectorresource_name_en": "on",
            "sectorresource_name_fr": "on",
            "sectorresource_is_active": "on",
        },
    )
    assert response.status_code == 200
    assert b"'=cmd()" in response.content


def test_the_preview_shows_each_problem_in_words_on_its_row(client, admin_user, css):
    client.force_login(admin_user)
    rows = annex_d_rows()
    rows[2][13] = "finished"  # row 3
    rows[3][0] = "XYZ"  # row 4: an unknown sector, and an unreadable date on the same row
    rows[3][11] = "someday"
    body = re.sub(r"\s+", " ", upload(client, xlsx_bytes(rows), "plan.xlsx", "xlsx").content.decode())
    assert "Confirm import" not in body
    row3 = re.search(r"<tr> <td>3</td>(?:(?!</tr>).)*</tr>", body).group(0)
    assert "Trust Circles" in row3 and "Status" in row3 and "“finished” is not one of the allowed values" in row3
    row4 = re.search(r"<tr> <td>4</td>(?:(?!</tr>).)*</tr>", body).group(0)
    assert "There is no sector with the code “XYZ”" in row4 and "“someday” is not a date" in row4  # one round
    assert "validation-error-count" not in body  # not behind a badge
    assert "None" not in body
