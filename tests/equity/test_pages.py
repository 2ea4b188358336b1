"""Representation, surveys and imports in the browser's words: what each page shows, hides and refuses."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from equity import services
from equity.models import Representation, Survey, SurveyHighlight, SurveyResult
from equity.services import representation_protect
from equity.tracker import evidence_sections
from periods.models import ReportingPeriod
from tests.factories import MembershipFactory, PeriodFactory, SectorFactory, UserFactory, artf_user
from tests.spreadsheets.helpers import csv_bytes

LEVELS = ("all", "entry", "middle", "ex_minus_1", "executive")


@pytest.fixture
def quarter(db):
    period = PeriodFactory(fiscal_year=2025, quarter=2)
    css = SectorFactory(code="CSS", name_en="Corporate Services")
    return period, css


def fill(period, sectors, *, small_executives=True):
    """Department and sector figures with 3 Black executives in the department (a small count)."""
    rows = []
    for sector in [None, *sectors]:
        for level, total, black in (
            ("all", 4000, 300),
            ("entry", 1000, 80),
            ("middle", 500, 30),
            ("ex_minus_1", 200, 9),
            ("executive", 120, 3 if small_executives else 6),
        ):
            scale = 1 if sector is None else 0.5
            rows.append(
                Representation(
                    period=period,
                    sector=sector,
                    level=level,
                    group="black",
                    headcount=round(black * scale) if sector else black,
                    total=round(total * scale),
                    lma_percent=4.4,
                    lma_source="Census",
                    lma_year=2021,
                )
            )
    Representation.objects.bulk_create(rows)
    representation_protect(periods=[period])


def test_representation_page_shows_gaps_and_hides_small_counts(client, quarter):
    period, css = quarter
    fill(period, [])
    client.force_login(artf_user())
    response = client.get("/en/representation/")
    body = response.content.decode()
    page = response.context["page"]
    executives = next(b for b in page.levels if b.level == "executive").figures[0]
    assert executives.headcount is None and executives.percent is None and executives.gap is None
    assert "suppressed" in body
    everyone = next(b for b in page.levels if b.level == "all").figures[0]
    assert (everyone.percent, everyone.gap) == (Decimal("7.5"), Decimal("3.1"))
    assert "+3.1" in body and "7.5%" in body


def test_the_export_says_suppressed_where_the_page_does(client, quarter):
    period, _css = quarter
    fill(period, [])
    client.force_login(artf_user())
    response = client.get(f"/en/representation/export.csv?period={period.slug}")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    executive = next(line for line in lines if line[2] == "Executives")
    assert executive[4:7] == ["suppressed", "120", "suppressed"] and executive[8] == "suppressed"
    assert "3" not in executive[4:9]
    response = client.get(f"/en/representation/export.xlsx?period={period.slug}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["Period", "Sector", "Level", "Group"]


def test_leads_read_the_department_and_their_sector_only(client, quarter):
    period, css = quarter
    ops = SectorFactory(code="OPS")
    fill(period, [css, ops], small_executives=False)
    lead = MembershipFactory(sector=css).user
    client.force_login(lead)
    body = client.get("/en/representation/").content.decode()
    assert "/representation/sectors/CSS/" in body and "/representation/sectors/OPS/" not in body
    assert "Import a quarter" not in body
    assert client.get("/en/representation/sectors/CSS/").status_code == 200
    assert client.get("/en/representation/sectors/OPS/").status_code == 403
    assert client.get("/en/representation/import/").status_code == 403
    nobody = UserFactory()  # signed in, in no sector and no department-wide group
    client.force_login(nobody)
    assert client.get("/en/representation/").status_code == 403
    assert client.get("/en/surveys/").status_code == 403


def test_artf_imports_a_file_from_the_page(client, quarter):
    period, _css = quarter
    client.force_login(artf_user())
    data = csv_bytes(
        [
            ["Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %"],
            ["2025-26 Q2", "", "all", "black", 300, 4000, 4.4],
        ]
    )
    response = client.post("/en/representation/import/", {"file": SimpleUploadedFile("q2.csv", data)})
    assert response.status_code == 302 and response["Location"].endswith("/en/representation/")
    assert Representation.objects.get().headcount == 300
    page = client.get(response["Location"]).content.decode()
    assert "1 rows imported from q2.csv" in page


def test_a_refused_file_lists_its_problems_and_changes_nothing(client, quarter):
    period, _css = quarter
    fill(period, [])
    before = list(Representation.objects.values_list("pk", "headcount"))
    client.force_login(artf_user())
    data = csv_bytes(
        [
            ["Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %"],
            ["2025-26 Q2", "", "all", "black", 5000, 4000, 4.4],
            ["2025-26 Q2", "", "entry", "black", 10, 1000, 104],
        ]
    )
    response = client.post("/en/representation/import/", {"file": SimpleUploadedFile("bad.csv", data)})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was imported" in body
    assert "Row 2, column “Headcount”" in body and "Row 3, column “LMA %”" in body
    assert list(Representation.objects.values_list("pk", "headcount")) == before
    response = client.post("/en/representation/import/", {"file": SimpleUploadedFile("notes.txt", b"x")})
    assert "Choose an Excel (.xlsx) or CSV (.csv) file." in response.content.decode()


def test_the_template_has_the_columns_and_instructions(client, quarter):
    client.force_login(artf_user())
    response = client.get("/en/representation/import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]][:6] == [
        "Period",
        "Sector",
        "Level",
        "Group",
        "Headcount",
        "Total headcount",
    ]
    assert len(book.worksheets) == 2


@pytest.mark.parametrize("count", [1, 6])
def test_representation_page_queries_do_not_grow(client, quarter, count, django_assert_num_queries):
    _period, css = quarter
    for i in range(count):
        period = PeriodFactory(fiscal_year=2020 + i, quarter=1)
        fill(period, [css, *(SectorFactory(code=f"S{i}{n}") for n in range(count))])
    client.force_login(artf_user())
    with django_assert_num_queries(7):
        response = client.get("/en/representation/sectors/CSS/")
    assert len(response.context["page"].trend_labels) == count


# -- surveys ---------------------------------------------------------------------------------------
@pytest.fixture
def survey(quarter):
    period, _css = quarter
    survey = Survey.objects.create(name_en="Pulse", name_fr="Sondage", period=period)
    for group, value, respondents in (("", 70, 900), ("black", 58, 120), ("indigenous", 41, 4)):
        SurveyResult.objects.create(
            survey=survey, theme_en="Included", value=value, respondents=respondents, group=group
        )
    return survey


def test_survey_page_shows_gaps_and_hides_results_from_few_respondents(client, survey):
    client.force_login(artf_user())
    body = client.get("/en/surveys/").content.decode()
    assert "58.0%" in body and "gap −12.0" in body
    assert "41.0" not in body and "suppressed" in body


def test_artf_writes_edits_and_removes_highlights(client, survey):
    client.force_login(artf_user())
    response = client.post(
        f"/en/surveys/{survey.pk}/highlights/add/",
        {"theme_en": "Fear of reprisal", "theme_fr": "Crainte", "summary_en": "Many would not report.", "quote": ""},
    )
    assert response.status_code == 302
    highlight = SurveyHighlight.objects.get()
    assert "Fear of reprisal" in client.get("/en/surveys/").content.decode()
    assert "Crainte" in client.get("/fr/surveys/").content.decode()
    client.post(
        f"/en/surveys/highlights/{highlight.pk}/edit/", {"theme_en": "Reprisal", "summary_en": "Many would not."}
    )
    highlight.refresh_from_db()
    assert highlight.theme_en == "Reprisal"
    refused = client.post(f"/en/surveys/{survey.pk}/highlights/add/", {"theme_en": "", "summary_en": ""})
    assert refused.status_code == 200 and SurveyHighlight.objects.count() == 1
    client.post(f"/en/surveys/highlights/{highlight.pk}/delete/")
    assert not SurveyHighlight.objects.exists()


def test_every_history_record_of_a_highlight_names_who_wrote_it_even_outside_a_request(survey):
    artf = artf_user()
    highlight = services.survey_highlight_save(survey=survey, by=artf, theme_en="Reprisal", summary_en="Many.")
    services.survey_highlight_save(survey=survey, by=artf, highlight=highlight, summary_en="Many would not.")
    services.survey_highlight_delete(highlight=highlight, by=artf)
    records = SurveyHighlight.history.order_by("history_date", "history_id")
    assert [(h.history_type, h.history_user) for h in records] == [("+", artf), ("~", artf), ("-", artf)]


@pytest.mark.parametrize("count", [1, 8])
def test_survey_page_queries_do_not_grow(client, quarter, count, django_assert_num_queries):
    period, _css = quarter
    for n in range(count):
        s = Survey.objects.create(name_en=f"Survey {n}", period=period)
        SurveyResult.objects.bulk_create(
            SurveyResult(survey=s, theme_en=f"T{t}", value=50, respondents=100) for t in range(count)
        )
        SurveyHighlight.objects.create(survey=s, theme_en="Theme", summary_en="Heard")
    client.force_login(artf_user())
    with django_assert_num_queries(7):
        client.get("/en/surveys/")


# -- the tracker's sections ------------------------------------------------------------------------
def test_tracker_sections_apply_suppression_in_both_languages(quarter, survey):
    period, _css = quarter
    fill(period, [])
    SurveyHighlight.objects.create(survey=survey, theme_en="Trust", theme_fr="Confiance", summary_en="Heard")
    later = ReportingPeriod.objects.create(fiscal_year=2025, quarter=3)
    english = evidence_sections(period=later, language="en")
    assert [s["id"] for s in english] == ["representation", "surveys", "maturity"]
    html = "".join(s["html"] for s in english)
    assert "Progress on representation at all levels" in english[0]["title"]
    assert "suppressed" in html and "Trust" in html and "2025-26 Q2" in html
    french = evidence_sections(period=later, language="fr")
    assert "Confiance" in french[1]["html"] and "Progrès de la représentation" in french[0]["title"]
    executives = english[0]["html"].split("Executives")[1].split("</tr>")[0]
    assert ">3<" not in executives and "2.5" not in executives  # 3 of 120 is 2.5 %


def test_the_admin_lists_surveys_and_assessments_but_never_raw_representation(client, survey, admin_user):
    client.force_login(admin_user)
    for url in (
        "/en/admin/equity/survey/",
        "/en/admin/equity/surveyhighlight/",
        "/en/admin/equity/maturityassessment/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/en/admin/equity/survey/{survey.pk}/change/").status_code == 200
    assert client.get("/en/admin/equity/representation/").status_code == 404
