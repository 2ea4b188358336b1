"""One quarter in a real browser: a lead submits, ARTF returns, the lead resubmits, ARTF approves."""

import pytest

from demo.plans import demo_load
from reporting.models import QuarterlyReport

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
REPORT = "/{lang}/plans/CSS/reports/2025-26-q3/"


@pytest.fixture
def demo(transactional_db):
    demo_load()


def new_page(browser):
    return browser.new_context(locale="en-CA").new_page()


def test_a_quarter_from_draft_to_approved(browser, live_server, demo):
    lead = new_page(browser)
    sign_in(lead, live_server, "lead-css")
    lead.get_by_text("2025-26 Q3 report due in 12 days").wait_for()
    lead.get_by_role("link", name="2025-26 Q3 report of CSS").click()
    lead.get_by_role("heading", level=1, name="Corporate Services: quarterly report for 2025-26 Q3").wait_for()
    lead.get_by_label("Highlights").fill("Trust Circles ran in every region.")
    lead.get_by_label("Top actions of the quarter").fill("Black History Month 2026 planned with the networks.")
    updates = lead.get_by_label("Update for the quarter")
    count = updates.count()
    assert count >= 3
    for index in range(count):
        updates.nth(index).fill(f"Progress note {index + 1}.")
    assert lead.get_by_role("group", name="This report is written in").get_by_label("English").is_checked()
    first = lead.get_by_role("group").filter(has=lead.get_by_label("Percent done")).first  # the first initiative
    first.get_by_label("Percent done").fill("60")
    lead.get_by_role("button", name="Submit to ARTF").click()
    lead.get_by_text("Report submitted to the Anti-Racism Task Force for review.").wait_for()
    assert lead.get_by_label("Highlights").count() == 0  # read-only now
    assert QuarterlyReport.objects.get(sector__code="CSS", period__slug="2025-26-q3").status == "submitted"

    artf = new_page(browser)
    sign_in(artf, live_server, "artf")
    artf.goto(live_server.url + REPORT.format(lang="en"))
    artf.get_by_label("Section", exact=True).select_option("challenges")
    artf.get_by_label("Comment", exact=True).fill("Say what slowed the talent bank down.")
    artf.get_by_role("button", name="Add the comment").click()
    artf.get_by_text("Comment added.").wait_for()
    artf.get_by_label("Why it goes back to the sector").fill("Please add the challenges before approval.")
    artf.get_by_role("button", name="Return to the sector").click()
    artf.get_by_text("Report returned to the sector.").wait_for()
    assert artf_violations(artf) == []

    lead.goto(live_server.url + REPORT.format(lang="en"))
    # The comment is at the top of the returned report (with the reason) and beside its section.
    lead.locator(".returned-summary").get_by_text("Say what slowed the talent bank down.").wait_for()
    lead.get_by_role("note", name="Reviewer comments").get_by_text("Say what slowed the talent bank down.").wait_for()
    assert lead.locator("#timeline").get_by_text("Please add the challenges before approval.").is_visible()
    lead.get_by_label("Challenges").fill("Staffing freezes slowed the talent bank.")
    lead.get_by_role("button", name="Submit to ARTF").click()
    lead.get_by_text("Report submitted to the Anti-Racism Task Force for review.").wait_for()

    artf.goto(live_server.url + REPORT.format(lang="en"))
    artf.get_by_role("button", name="Approve the report").click()
    artf.get_by_text("Report approved. It is now frozen.").wait_for()
    artf.goto(live_server.url + "/en/dashboard/")
    row = artf.get_by_role("row").filter(has=artf.get_by_role("link", name="Corporate Services", exact=True))
    assert row.get_by_role("link", name="Approved").is_visible()
    report = QuarterlyReport.objects.get(sector__code="CSS", period__slug="2025-26-q3")
    assert report.status == "approved" and report.challenges == "Staffing freezes slowed the talent bank."
    assert list(report.events.values_list("action", flat=True)) == [
        "started",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def artf_violations(page):
    return axe_violations(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_report_and_dashboard_pages_have_no_serious_accessibility_violations(browser, live_server, demo, language):
    lead = new_page(browser)
    sign_in(lead, live_server, "lead-css", language=language)
    lead.goto(live_server.url + REPORT.format(lang=language))
    assert axe_violations(lead) == []
    artf = new_page(browser)
    sign_in(artf, live_server, "artf", language=language)
    for path in (
        f"/{language}/dashboard/",
        f"/{language}/plans/OPS/reports/2025-26-q3/",
        f"/{language}/periods/",
        f"/{language}/tracker/",
        f"/{language}/tracker/2025-26-q2/curate/",
    ):
        artf.goto(live_server.url + path)
        assert axe_violations(artf) == [], path
    executive = new_page(browser)
    sign_in(executive, live_server, "exec", language=language)
    executive.goto(live_server.url + f"/{language}/dashboard/")
    assert axe_violations(executive) == []


def test_a_lead_opening_the_dashboard_gets_403(browser, live_server, demo):
    lead = new_page(browser)
    sign_in(lead, live_server, "lead-css")
    response = lead.goto(live_server.url + "/en/dashboard/")
    assert response.status == 403


def test_artf_produces_a_tracker_and_an_executive_downloads_it(browser, live_server, demo, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    artf = new_page(browser)
    sign_in(artf, live_server, "artf")
    artf.goto(live_server.url + "/en/tracker/")
    artf.get_by_label("Period").select_option("2025-26-q2")
    artf.get_by_label("French").uncheck()
    artf.get_by_role("button", name="Produce").click()
    artf.get_by_text("The English tracker for 2025-26 Q2 is queued (version 1).").wait_for()
    artf.get_by_role("link", name="Download 2025-26 Q2 (English, v1)").wait_for()  # htmx polls until it is done

    executive = new_page(browser)
    sign_in(executive, live_server, "exec")
    executive.goto(live_server.url + "/en/tracker/")
    assert executive.get_by_role("button", name="Produce").count() == 0
    with executive.expect_download() as download:
        executive.get_by_role("link", name="Download 2025-26 Q2 (English, v1)").click()
    assert download.value.suggested_filename == "ministerial-tracker-2025-26-q2-en-v1.pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    assert axe_violations(executive) == []


def test_what_artf_approved_stays_and_a_tracker_made_before_a_reopening_says_it_is_out_of_date(
    browser, live_server, demo, settings, tmp_path
):
    """Issue 12, items 5 and 9, as ARTF, the lead and an executive would see it."""
    from actionplans.models import Initiative

    settings.MEDIA_ROOT = str(tmp_path)
    ops = "/{lang}/plans/OPS/reports/2025-26-q3/"
    artf = new_page(browser)
    sign_in(artf, live_server, "artf")
    artf.goto(live_server.url + ops.format(lang="en"))
    artf.get_by_role("button", name="Approve the report").click()
    artf.get_by_text("Report approved. It is now frozen.").wait_for()

    # The plan moves on after approval: a new initiative on the plan.
    commitment = Initiative.objects.filter(commitment__plan__sector__code="OPS").first().commitment
    Initiative.objects.create(commitment=commitment, number=99, title_en="Walk pilot", status="planned")
    for username in ("artf", "lead-ops", "exec"):
        viewer = new_page(browser)
        sign_in(viewer, live_server, username)
        for lang in ("en", "fr"):
            viewer.goto(live_server.url + ops.format(lang=lang))
            table = viewer.locator("#section-initiatives")
            assert table.get_by_text("Walk pilot").count() == 0, (username, lang)
            assert (
                table.get_by_text("No update.").count() == 0 and table.get_by_text("Aucune mise à jour.").count() == 0
            )

    artf.goto(live_server.url + "/en/tracker/")
    artf.get_by_label("Period").select_option("2025-26-q3")
    artf.get_by_label("French").uncheck()
    artf.get_by_role("button", name="Produce").click()
    artf.get_by_role("link", name="Download 2025-26 Q3 (English, v1)").wait_for()
    artf.goto(live_server.url + ops.format(lang="en"))
    artf.get_by_label("Why it is reopened").fill("Figures corrected by the data team.")
    artf.get_by_role("button", name="Reopen for the sector").click()
    artf.get_by_text("Report reopened: the sector can change it again.").wait_for()

    executive = new_page(browser)
    sign_in(executive, live_server, "exec")
    for width in (1366, 390):
        executive.set_viewport_size({"width": width, "height": 844})
        executive.goto(live_server.url + "/en/tracker/")
        warning = executive.get_by_text("OPS report reopened on")
        assert warning.is_visible() and "since this version was made." in warning.inner_text()
        assert axe_violations(executive) == []
    executive.set_viewport_size({"width": 1366, "height": 844})
    with executive.expect_download() as download:
        executive.get_by_role("link", name="Download 2025-26 Q3 (English, v1, out of date)").click()
    assert download.value.suggested_filename == "ministerial-tracker-2025-26-q3-en-v1-out-of-date.pdf"
    executive.goto(live_server.url + "/fr/tracker/")
    assert executive.get_by_text("rapport OPS rouvert le").is_visible()
    assert executive.get_by_text("Périmée", exact=True).is_visible()
    assert axe_violations(executive) == []
