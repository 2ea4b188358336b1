"""Equity evidence in a real browser: ARTF imports a quarter, everyone reads it with suppression,
a lead records the sector's maturity; axe-core finds no serious violation in either language."""

import pytest

from demo.plans import demo_load
from equity.models import MaturityAssessment
from tests.spreadsheets.helpers import csv_bytes

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    demo_load()


def new_page(browser, locale="en-CA"):
    return browser.new_context(locale=locale).new_page()


def test_artf_imports_a_quarter_and_the_small_counts_stay_hidden(browser, live_server, demo, tmp_path):
    artf = new_page(browser)
    sign_in(artf, live_server, "artf")
    artf.get_by_role("link", name="Representation", exact=True).click()
    artf.get_by_role("link", name="Import a quarter's figures").click()
    assert axe_violations(artf) == []
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes(
            [
                ["Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %"],
                ["2025-26 Q3", "", "all", "black", 9100, 9000, 4.4],
            ]
        )
    )
    artf.get_by_label("File (.xlsx or .csv)").set_input_files(str(bad))
    artf.get_by_role("button", name="Import", exact=True).click()
    artf.get_by_text("Nothing was imported. Fix these problems and try again:").wait_for()
    artf.get_by_text("cannot be above the total headcount").wait_for()
    assert axe_violations(artf) == []
    good = tmp_path / "q3.csv"
    good.write_bytes(
        csv_bytes(
            [
                ["Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %"],
                ["2025-26 Q3", "", "all", "black", 600, 9000, 4.4],
                ["2025-26 Q3", "", "executive", "black", 3, 280, 4.3],
            ]
        )
    )
    artf.get_by_label("File (.xlsx or .csv)").set_input_files(str(good))
    artf.get_by_role("button", name="Import", exact=True).click()
    artf.get_by_text("2 rows imported from q3.csv.").wait_for()
    artf.get_by_role(
        "heading", level=1, name="Representation against labour market availability: 2025-26 Q3"
    ).wait_for()
    executives = artf.get_by_role("table", name="Executives, 2025-26 Q3")
    row = executives.get_by_role("row", name="Black")
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[:2] == ["suppressed", "suppressed"] and cells[2] == "4.3%"  # headcount and share hidden; LMA public


@pytest.mark.parametrize("language", ["en", "fr"])
def test_evidence_pages_are_accessible(browser, live_server, demo, language):
    page = new_page(browser, "fr-CA" if language == "fr" else "en-CA")
    sign_in(page, live_server, "lead-css", language=language)
    for path in ("representation/", "representation/sectors/CSS/", "surveys/", "plans/CSS/maturity/"):
        page.goto(f"{live_server.url}/{language}/{path}")
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/{language}/representation/")
    assert page.locator("html").get_attribute("lang") == language
    word = "supprimé" if language == "fr" else "suppressed"
    assert page.get_by_text(word, exact=True).count() > 0  # the demo's small sectors and groups
    artf = new_page(browser, "fr-CA" if language == "fr" else "en-CA")
    sign_in(artf, live_server, "artf", language=language)
    for path in ("dashboard/", "surveys/", "plans/CSS/maturity/"):
        artf.goto(f"{live_server.url}/{language}/{path}")
        assert axe_violations(artf) == [], path


def test_a_lead_records_the_sectors_stage_by_keyboard(browser, live_server, demo):
    lead = new_page(browser)
    sign_in(lead, live_server, "lead-css")
    lead.goto(f"{live_server.url}/en/plans/CSS/")
    lead.get_by_role("link", name="Maturity").click()
    lead.get_by_role("heading", level=2, name="Assess the sector's stage").wait_for()
    stage = lead.get_by_label("4. Identity change: An anti-racist institution")
    stage.focus()
    lead.keyboard.press("Space")
    assert stage.is_checked()
    lead.get_by_label("Evidence").fill("Systemic racism analysis done; every manager trained.")
    lead.get_by_role("button", name="Save the assessment").click()
    lead.get_by_text("CSS's stage for 2025-26 Q3 is saved.").wait_for()
    assessment = MaturityAssessment.objects.get(sector__code="CSS", period__slug="2025-26-q3")
    assert assessment.stage == 4
    assert lead.get_by_role("row", name="2025-26 Q3").inner_text().count("Identity change") == 1
