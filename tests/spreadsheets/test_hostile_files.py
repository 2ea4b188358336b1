"""Files that say they are bigger than they are: read within bounds, refused in words, nothing written.

The sheets of issue 13 are uploaded to the admin import page in a child process, as a person
uploads them, and the child's memory is measured: its peak of Python allocations during the
request (tracemalloc) and its maximum resident size. The child runs under an address-space
limit, so that a reader that pads the sheet out to its declared size fails in seconds instead
of taking the machine's memory (before the bounded reader it took 2.6 GB and two minutes).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from actionplans.models import Commitment, Initiative
from actionplans.resources import InitiativeResource
from core.database import current_database_url
from sectors.models import Sector
from sectors.resources import SectorResource
from spreadsheets.services import spreadsheet_import
from tests.factories import SectorFactory

from .helpers import ANNEX_D_HEADER, annex_d_rows, csv_bytes, shared_strings_xlsx, xfd_sheet, xlsx_bytes

#: What the child may allocate in Python during the request, and its whole resident size.
TRACED_LIMIT_MB = 50
RESIDENT_LIMIT_MB = 200
SECONDS_LIMIT = 30

CHILD = r"""
import json, os, resource, sys, time, tracemalloc
import django
django.setup()
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from accounts.models import User

settings.ALLOWED_HOSTS = ["testserver"]
path, file_format = sys.argv[1], sys.argv[2]
client = Client()
client.force_login(User.objects.get(username="admin"))
url = reverse("admin:actionplans_initiative_import")
assert client.get(url).status_code == 200  # the page and its modules loaded before measuring
data = open(path, "rb").read()
with open("/proc/self/status") as status:
    size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
headroom = 768 * 1024 * 1024  # far above what a bounded read needs, far below the padded grid
resource.setrlimit(resource.RLIMIT_AS, (size + headroom, size + headroom))
tracemalloc.start()
start = time.perf_counter()
try:
    response = client.post(
        url,
        {"import_file": SimpleUploadedFile("plan." + file_format, data), "format": {"csv": "0", "xlsx": "1"}[file_format], "resource": "0"},
    )
    body, status_code = response.content.decode(), response.status_code
except MemoryError:
    body, status_code = "MemoryError", 0
seconds = time.perf_counter() - start
_current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
with open("/proc/self/status") as status:  # this process's own high-water mark (ru_maxrss counts the parent's)
    resident = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({
    "status": status_code, "body": body, "seconds": seconds, "traced_mb": peak / 2**20, "resident_mb": resident / 1024,
}))
"""


def upload_in_child(tmp_path, data: bytes, file_format: str) -> dict:
    path = tmp_path / f"upload.{file_format}"
    path.write_bytes(data)
    env = {**os.environ, "DATABASE_URL": current_database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), file_format],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


HOSTILE = {
    # issue 13's sheet: A1:XFD10001 declared, one cell per row in XFD, the first row too
    "xfd-sheet": (lambda: xfd_sheet(), "xlsx", "The first row has 16,384 columns (up to column XFD)"),
    # the same under a real header row: the cells far to the right are not part of the table
    "xfd-sheet-under-a-header": (lambda: xfd_sheet(ANNEX_D_HEADER), "xlsx", "No valid data to import"),
    # 220 KB holding five million different two-letter texts, read whole before the first row
    "five-million-texts": (
        lambda: shared_strings_xlsx(annex_d_rows(), extra_strings=5_000_000),
        "xlsx",
        "holds more than 200,000 different texts",
    ),
    # a header of 14 columns over two million one-letter lines, each padded out to 14 cells
    "two-million-csv-rows": (
        lambda: csv_bytes([ANNEX_D_HEADER]) + b"x\n" * 2_000_000,
        "csv",
        "This file has more than 20,000 rows",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_read_in_little_memory_and_refused_in_words(transactional_db, admin_user, tmp_path, name):
    build, file_format, message = HOSTILE[name]
    data = build()
    assert len(data) < settings.SPREADSHEET_MAX_UPLOAD_BYTES  # every file passes the size check
    outcome = upload_in_child(tmp_path, data, file_format)

    assert outcome["status"] == 200, outcome["body"][:500]
    assert message in outcome["body"], outcome["body"][-3000:]
    assert "Confirm import" not in outcome["body"]
    print(
        f"{name}: {outcome['traced_mb']:.1f} MB traced, {outcome['resident_mb']:.0f} MB resident, {outcome['seconds']:.1f} s"
    )
    assert outcome["traced_mb"] < TRACED_LIMIT_MB, outcome
    assert outcome["resident_mb"] < RESIDENT_LIMIT_MB, outcome
    assert outcome["seconds"] < SECONDS_LIMIT, outcome
    assert Initiative.objects.count() == 0 and Commitment.objects.count() == 0


def test_a_sheet_wider_than_the_column_limit_is_refused_in_both_languages(db):
    SectorFactory(code="CSS")
    header = ["Code", "Name (EN)", "Name (FR)"] + [f"Note {n}" for n in range(1, 99)]
    data = xlsx_bytes([header, ["OPS", "Operations", "Opérations"]])
    outcome = spreadsheet_import(resource_class=SectorResource, data=data, file_format="xlsx")
    assert outcome.errors == [
        "The first row has 101 columns (up to column CW); at most 100 can be imported. "
        "Delete the columns after the last one you need, then upload the file again."
    ]
    with translation.override("fr"):
        outcome = spreadsheet_import(resource_class=SectorResource, data=csv_bytes([header]), file_format="csv")
    assert outcome.errors[0].startswith("La première ligne compte 101 colonnes (jusqu’à la colonne CW)")
    assert list(Sector.objects.values_list("code", flat=True)) == ["CSS"]


@override_settings(SPREADSHEET_MAX_ROWS=3)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_over_the_row_limit_is_refused_whole(db, file_format):
    rows = [["Code", "Name (EN)", "Name (FR)"]] + [[f"S{n}", f"Sector {n}", f"Secteur {n}"] for n in range(4)]
    data = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows)
    outcome = spreadsheet_import(resource_class=SectorResource, data=data, file_format=file_format)
    assert outcome.errors == [
        "This file has more than 3 rows; at most 3 can be imported at once. "
        "Split it into smaller files and import them one after the other."
    ]
    assert Sector.objects.count() == 0

    # Blank rows after the last row of data are not rows: a sheet formatted far down still imports.
    data = (
        csv_bytes(rows[:4] + [["", "", ""]] * 500)
        if file_format == "csv"
        else xlsx_bytes(rows[:4] + [["", "", ""]] * 500)
    )
    outcome = spreadsheet_import(resource_class=SectorResource, data=data, file_format=file_format)
    assert outcome.ok, outcome.errors
    assert Sector.objects.count() == 3


def test_a_csv_row_with_more_cells_than_the_header_is_refused(db):
    data = b"Code,Name (EN),Name (FR)\nOPS,Operations, Ottawa,Op\xc3\xa9rations\n"
    outcome = spreadsheet_import(resource_class=SectorResource, data=data, file_format="csv")
    assert outcome.errors == [
        "Row 2 has more cells than the first row has column names. If a cell holds a comma (or a semicolon), "
        "put that cell in quotes, or save the sheet again from Excel as “CSV UTF-8”."
    ]
    # Empty cells past the header (Excel's trailing separators) are no problem.
    outcome = spreadsheet_import(
        resource_class=SectorResource,
        data=b"Code,Name (EN),Name (FR)\nOPS,Operations,Op\xc3\xa9rations,,\n",
        file_format="csv",
    )
    assert outcome.ok, outcome.errors
    assert Sector.objects.get().name_fr == "Opérations"


def test_a_csv_line_of_a_million_characters_is_refused(db):
    data = b"Code,Name (EN),Name (FR)\nOPS," + b"x" * 1_000_001 + b",y\n"
    outcome = spreadsheet_import(resource_class=SectorResource, data=data, file_format="csv")
    assert outcome.errors and outcome.errors[0].startswith(
        "Line 2 of this CSV file is longer than 1,000,000 characters"
    )
    assert Sector.objects.count() == 0


def test_row_numbers_count_the_blank_lines_of_a_csv(db, strategy):
    SectorFactory(code="CSS")
    rows = annex_d_rows()
    rows.insert(2, [])  # an empty line between two blocks, as people leave them
    rows[4][13] = "finished"  # the sheet's row 5
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")
    assert any(error.startswith("Row 5") and "finished" in error for error in outcome.errors), outcome.errors
    assert Initiative.objects.count() == 0


@override_settings(SPREADSHEET_MAX_SHARED_STRINGS=100)
def test_an_excel_file_with_more_texts_than_allowed_is_refused(db, strategy):
    SectorFactory(code="CSS")
    data = shared_strings_xlsx(annex_d_rows(), extra_strings=100)
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=data, file_format="xlsx")
    assert outcome.errors and outcome.errors[0].startswith("This Excel file holds more than 100 different texts")
    assert Initiative.objects.count() == 0

    # Within the limit, a file as Excel saves it imports, and a note typed far to the right of
    # the table (past the header's last column) is not read.
    rows = annex_d_rows()
    rows[1] = rows[1] + [None] * 200 + ["a note to self"]
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=shared_strings_xlsx(rows), file_format="xlsx")
    assert outcome.ok, outcome.errors
    assert Initiative.objects.count() == 4
