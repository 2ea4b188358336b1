"""Spreadsheet imports: the Annex D sheet, all or nothing, plain-words errors, hostile files."""

import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse

from actionplans.models import KPI, ActionPlan, Commitment, Initiative, KPIValue
from actionplans.resources import InitiativeResource, KPIResource, KPIValueResource, plan_workbook
from sectors.models import Membership, Sector
from sectors.resources import MembershipResource, SectorResource
from spreadsheets.services import spreadsheet_import
from tests.factories import KPIFactory, PeriodFactory, SectorFactory, UserFactory

from .helpers import ANNEX_D_HEADER, annex_d_rows, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Commitment.objects.values_list("pk", "number", "statement_en")),
        list(Initiative.objects.values_list("pk", "number", "title_en", "status", "planned_start")),
        list(KPI.objects.values_list("pk", "name_en", "target_value")),
        list(KPIValue.objects.values_list("pk", "value")),
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_annex_d_sheet_creates_commitments_and_initiatives_with_the_right_links(css, file_format):
    data = csv_bytes(annex_d_rows()) if file_format == "csv" else xlsx_bytes(annex_d_rows())
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=data, file_format=file_format)

    assert outcome.ok, outcome.errors
    assert outcome.totals["new"] == 4
    first, second = Commitment.objects.filter(plan__sector=css).order_by("number")
    assert first.key_leads == "ARTF" and first.supporting_units == "IDOL, BEN, Comms"
    assert first.statement_fr.startswith("Promouvoir")
    titles = list(first.initiatives.order_by("number").values_list("title_en", flat=True))
    assert titles == [
        "Black History Month",
        "Trust Circles",
        "Embedding anti-racism in existing performance management tools",
    ]
    trust = first.initiatives.get(number=2)
    assert trust.status == "in_progress" and trust.scope == "internal"
    assert str(trust.planned_start) == "2022-03-01" and str(trust.planned_end) == "2022-06-30"
    assert [p.number for p in trust.phases.all()] == [1]
    embedding = first.initiatives.get(number=3)
    assert sorted(p.number for p in embedding.phases.all()) == [2, 3]
    assert second.initiatives.get().title_en == "All-staff on White Humility"
    assert trust.history.count() == 1  # bulk imports keep the change history


def test_importing_the_same_sheet_again_updates_rather_than_duplicates(css):
    data = csv_bytes(annex_d_rows())
    spreadsheet_import(resource_class=InitiativeResource, data=data, file_format="csv")
    rows = annex_d_rows()
    rows[2][13] = "completed"
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")
    assert outcome.ok, outcome.errors
    # only the row that changes is written; the three others are unchanged and left alone
    assert outcome.totals == {"new": 0, "update": 1, "skip": 3}
    assert Initiative.objects.count() == 4
    trust = Initiative.objects.get(title_en="Trust Circles")
    assert trust.status == "completed" and trust.version == 2


def test_one_bad_row_changes_nothing_and_every_bad_row_is_named(css):
    spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(annex_d_rows()), file_format="csv")
    before = snapshot()
    rows = annex_d_rows()
    rows[1][7] = "Black History Month (renamed)"  # a good change that must not land
    rows[2][11] = "sometime in spring"  # row 3: unreadable date
    rows[3][13] = "finished"  # row 4: unknown status
    rows[4][0] = "XYZ"  # row 5: unknown sector
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")

    assert not outcome.ok
    assert snapshot() == before
    text = "\n".join(outcome.errors)
    assert "Row 3, column “Planned start”" in text and "YYYY-MM-DD" in text
    assert "Row 4, column “Status”" in text and "finished" in text
    assert "Row 5, column “Sector”" in text and "XYZ" in text
    assert "Row 2" not in text


def test_end_before_start_is_refused_in_words(css):
    rows = annex_d_rows()[:2]
    rows[1][11], rows[1][12] = "2022-06-01", "2022-01-01"
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")
    assert outcome.errors == ["Row 2, column “Planned end”: The planned end cannot be before the planned start."]
    assert Initiative.objects.count() == 0


def test_the_same_initiative_twice_in_one_file_is_refused(css):
    rows = annex_d_rows()
    rows.append(["CSS", 1, "", "", "", "", 2, "Trust Circles again", "", "", "", "", "", ""])
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")
    assert not outcome.ok
    assert "Row 6: This row describes the same initiative as row 3" in outcome.errors[0]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Sector", "Commitment no.", "Initiative (EN)"], "Missing columns: Initiative no."),
        (ANNEX_D_HEADER + ["Budget"], "Unknown columns: Budget"),
        (
            ["Sector", "Commitment no.", "Initiative no.", "Initiative (EN)", "Status", "Status"],
            "Columns that appear twice: Status",
        ),
        (["foo", "bar"], "Missing columns: Sector, Commitment no., Initiative no., Initiative (EN)"),
    ],
)
def test_wrong_or_missing_columns_are_named(css, header, expected):
    outcome = spreadsheet_import(
        resource_class=InitiativeResource, data=csv_bytes([header, ["CSS"] * len(header)]), file_format="csv"
    )
    assert len(outcome.errors) == 1
    assert expected in outcome.errors[0]
    assert "Download the template" in outcome.errors[0]
    assert Initiative.objects.count() == 0 and Commitment.objects.count() == 0


@pytest.mark.parametrize(
    ("cell", "message"),
    [("about forty", "is not a number"), ("1,234", "ambiguous"), ("12.5.3", "is not a number")],
)
def test_text_in_number_fields_is_refused(css, strategy, cell, message):
    KPIFactory(commitment__plan__sector=css, commitment__plan__strategy=strategy, number=1)
    rows = [
        ["Sector", "Commitment no.", "KPI no.", "Indicator (EN)", "Baseline"],
        ["CSS", 1, 1, "Survey sentiment", cell],
    ]
    before = snapshot()
    outcome = spreadsheet_import(resource_class=KPIResource, data=csv_bytes(rows), file_format="csv")
    assert len(outcome.errors) == 1
    assert outcome.errors[0].startswith("Row 2, column “Baseline”:") and message in outcome.errors[0]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-06-30", "2022-06-30"),
        ("2022/06/30", "2022-06-30"),
        ("30/06/2022", "2022-06-30"),
        ("06/30/2022", "2022-06-30"),
        ("30 June 2022", "2022-06-30"),
        ("June 30, 2022", "2022-06-30"),
        ("30 juin 2022", "2022-06-30"),
        ("30-Jun-2022", "2022-06-30"),
        ("1er juillet 2022", "2022-07-01"),
    ],
)
def test_dates_in_common_formats_are_read(css, cell, expected):
    rows = annex_d_rows()[:2]
    rows[1][11], rows[1][12] = "", cell
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")
    assert outcome.ok, outcome.errors
    assert str(Initiative.objects.get().planned_end) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("03/04/2022", "could be read as day/month or month/day"),
        ("31/02/2022", "is not a date"),
        ("next spring", "is not a date"),
    ],
)
def test_ambiguous_or_impossible_dates_get_a_clear_error(css, cell, message):
    rows = annex_d_rows()[:2]
    rows[1][11] = cell
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(rows), file_format="csv")
    assert not outcome.ok and message in outcome.errors[0]
    assert Initiative.objects.count() == 0


def test_excel_dates_are_read_as_dates(css):
    import datetime

    rows = annex_d_rows()[:2]
    rows[1][11], rows[1][12] = datetime.datetime(2022, 1, 1), datetime.date(2022, 3, 31)  # noqa: DTZ001 (a cell as Excel stores it: no time zone)
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=xlsx_bytes(rows), file_format="xlsx")
    assert outcome.ok, outcome.errors
    assert str(Initiative.objects.get().planned_end) == "2022-03-31"


def test_non_utf8_csv_is_refused_with_what_to_do(css):
    rows = [["Code", "Name (EN)", "Name (FR)"], ["CSS", "Corporate Services", "Services ministériels"]]
    outcome = spreadsheet_import(
        resource_class=SectorResource, data=csv_bytes(rows, encoding="cp1252"), file_format="csv"
    )
    assert outcome.errors and "not in UTF-8" in outcome.errors[0] and "CSV UTF-8" in outcome.errors[0]
    assert Sector.objects.get(code="CSS").name_fr == "Secteur CSS"


def test_french_excel_csv_with_semicolons_and_bom_is_read(db):
    rows = [["Code", "Name (EN)", "Name (FR)"], ["SPP", "Strategic and Program Policy", "Politiques stratégiques"]]
    data = "\ufeff".encode() + csv_bytes(rows, delimiter=";")
    outcome = spreadsheet_import(resource_class=SectorResource, data=data, file_format="csv")
    assert outcome.ok, outcome.errors
    assert Sector.objects.get(code="SPP").name_fr == "Politiques stratégiques"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_xlsx_that_would_expand_to_an_absurd_size_is_refused(db):
    bomb = zip_bytes({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * (120 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on disk, huge when opened
    outcome = spreadsheet_import(resource_class=SectorResource, data=bomb, file_format="xlsx")
    assert outcome.errors and "would expand to" in outcome.errors[0] and "refused for safety" in outcome.errors[0]
    assert Sector.objects.count() == 0


def test_xlsx_with_absurd_file_count_is_refused(db):
    bomb = zip_bytes({"[Content_Types].xml": b"<x/>", **{f"xl/part{i}.xml": b"<x/>" for i in range(1200)}})
    outcome = spreadsheet_import(resource_class=SectorResource, data=bomb, file_format="xlsx")
    assert outcome.errors and "internal parts" in outcome.errors[0]


def test_file_that_is_not_really_xlsx_is_refused(db):
    outcome = spreadsheet_import(resource_class=SectorResource, data=b"Code,Name\nCSS,x\n", file_format="xlsx")
    assert outcome.errors == [
        "This is not a valid Excel (.xlsx) file. Save it again from Excel as .xlsx, or choose CSV."
    ]


@override_settings(SPREADSHEET_MAX_UPLOAD_BYTES=10 * 1024 * 1024)
def test_file_over_10_mb_is_refused(db):
    big = csv_bytes([["Code", "Name (EN)", "Name (FR)"]]) + b"X" * (10 * 1024 * 1024 + 1)
    outcome = spreadsheet_import(resource_class=SectorResource, data=big, file_format="csv")
    assert outcome.errors and "the limit is 10.0" in outcome.errors[0]
    assert Sector.objects.count() == 0


def admin_sector_export(client, file_format: str) -> bytes:
    """The sectors as the admin's export gives them (SectorAdmin, every column of SectorResource)."""
    columns = {f"sectorresource_{name}": "on" for name in SectorResource._meta.fields}
    response = client.post(
        reverse("admin:sectors_sector_export"),
        {"format": {"csv": "0", "xlsx": "1"}[file_format], "resource": "0", **columns},
    )
    assert response.status_code == 200
    return response.content


def test_exports_escape_cells_that_a_spreadsheet_would_run(client, admin_user):
    client.force_login(admin_user)
    SectorFactory(code="EVIL", name_en='=HYPERLINK("http://evil.example","click")', name_fr="+cmd|' /C calc'!A0")
    SectorFactory(code="EVL2", name_en="@SUM(A1:A9)", name_fr="-2+3")
    SectorFactory(code="EVL3", name_en="\tTabbed", name_fr="\rReturn")
    SectorFactory(code="SAFE", name_en="-12.5", name_fr="Équipe")
    text = admin_sector_export(client, "csv").decode()
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM" in text and "'-2+3" in text
    assert "'\tTabbed" in text and "'\rReturn" in text
    assert ",-12.5," in text  # a plain number is left as it is

    xlsx = admin_sector_export(client, "xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert all(not (isinstance(c, str) and c.startswith(("=", "+", "@"))) for c in cells)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_escaped_export_imports_back_unchanged(client, admin_user):
    client.force_login(admin_user)
    SectorFactory(code="EVIL", name_en="=1+2", name_fr="@risky")
    exported = admin_sector_export(client, "xlsx")
    Sector.objects.all().update(name_en="changed", name_fr="changé")
    outcome = spreadsheet_import(resource_class=SectorResource, data=exported, file_format="xlsx")
    assert outcome.ok, outcome.errors
    sector = Sector.objects.get(code="EVIL")
    assert (sector.name_en, sector.name_fr) == ("=1+2", "@risky")


def test_plan_export_imports_back_without_changes(css):
    spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(annex_d_rows()), file_format="csv")
    before = snapshot()
    exported = plan_workbook(ActionPlan.objects.get(sector=css))  # the plan page's download
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=exported, file_format="xlsx")
    assert outcome.ok, outcome.errors
    assert outcome.totals["update"] == 0 and outcome.totals["skip"] == 4  # nothing to change
    assert snapshot() == before


def test_memberships_by_username_and_sector_code(css):
    UserFactory(username="lead-css")
    rows = [["Username", "Sector", "Role"], ["lead-css", "css", "Sector lead"], ["nobody", "CSS", "lead"]]
    outcome = spreadsheet_import(resource_class=MembershipResource, data=csv_bytes(rows), file_format="csv")
    assert outcome.errors == [
        "Row 3, column “Username”: No account has the username “nobody”. Create the account first."
    ]
    assert Membership.objects.count() == 0
    outcome = spreadsheet_import(resource_class=MembershipResource, data=csv_bytes(rows[:2]), file_format="csv")
    assert outcome.ok and Membership.objects.get().role == "lead"


def test_kpis_and_values_by_natural_key(css, strategy):
    spreadsheet_import(resource_class=InitiativeResource, data=csv_bytes(annex_d_rows()), file_format="csv")
    kpis = [
        [
            "Sector",
            "Commitment no.",
            "KPI no.",
            "Indicator (EN)",
            "Unit",
            "Direction",
            "Baseline",
            "Baseline date",
            "Target",
            "Target date",
            "Disaggregated",
            "Initiative no.",
        ],
        ["CSS", 1, 1, "Survey sentiment", "percent", "increase", "48%", "2022-03-31", "70", "2026-03-31", "oui", 2],
        [
            "CSS",
            1,
            2,
            "Discrimination complaints",
            "count",
            "decrease",
            "42",
            "2022-03-31",
            "20",
            "2026-03-31",
            "no",
            "",
        ],
    ]
    outcome = spreadsheet_import(resource_class=KPIResource, data=csv_bytes(kpis), file_format="csv")
    assert outcome.ok, outcome.errors
    sentiment = KPI.objects.get(number=1)
    assert sentiment.is_disaggregated and sentiment.initiative.title_en == "Trust Circles"
    assert str(sentiment.baseline_value) == "48.00"

    PeriodFactory(fiscal_year=2025, quarter=3)
    closed = PeriodFactory(fiscal_year=2025, quarter=2, is_closed=True)
    from tests.factories import EquityGroupFactory

    EquityGroupFactory(code="black", name_en="Black", name_fr="Personnes noires")
    values = [
        ["Sector", "Commitment no.", "KPI no.", "Period", "Equity group", "Value", "Note (EN)"],
        ["CSS", 1, 1, "2025-26 Q3", "", "61,5", "Up after the town hall"],
        ["", "", "", "2025-26-q3", "Personnes noires", "55", ""],
        ["CSS", 1, 2, "2025-26 Q3", "", "30", ""],
    ]
    outcome = spreadsheet_import(resource_class=KPIValueResource, data=csv_bytes(values), file_format="csv")
    assert outcome.ok, outcome.errors
    assert sorted(KPIValue.objects.values_list("value", flat=True)) == [30, 55, 61.5]
    assert KPIValue.objects.get(equity_group__code="black").kpi == sentiment

    bad = [
        values[0],
        ["CSS", 1, 2, "2025-26 Q3", "black", "1", ""],
        ["CSS", 1, 1, closed.label, "", "1", ""],
        ["CSS", 1, 9, "2025-26 Q3", "", "1", ""],
        ["CSS", 1, 1, "2031-32 Q9", "", "1", ""],
    ]
    outcome = spreadsheet_import(resource_class=KPIValueResource, data=csv_bytes(bad), file_format="csv")
    text = "\n".join(outcome.errors)
    assert "Row 2, column “Equity group”: This KPI is not disaggregated" in text
    assert "Row 3, column “Period”: 2025-26 Q2 is closed" in text
    assert "Row 4, column “KPI no.”" in text
    assert "Row 5, column “Period”: “2031-32 Q9” is not a reporting period" in text
    assert KPIValue.objects.count() == 3
