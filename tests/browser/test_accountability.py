"""Accountability in a real browser: an employee leaves anonymous feedback without signing in,
ARTF triages it; a lead logs an engagement; axe-core finds no serious violation in either language."""

import pytest

from accountability.models import Engagement
from demo.plans import demo_load
from feedback.models import FeedbackSubmission

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    demo_load()


def new_page(browser, locale="en-CA"):
    return browser.new_context(locale=locale).new_page()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_anyone_leaves_anonymous_feedback_without_signing_in(browser, live_server, demo, language):
    page = new_page(browser, "fr-CA" if language == "fr" else "en-CA")
    page.goto(f"{live_server.url}/{language}/feedback/")
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    label = "Votre message" if language == "fr" else "Your message"
    page.get_by_label(label).fill("Our team meetings leave some of us out.")
    page.get_by_label("Thème (facultatif)" if language == "fr" else "Theme (optional)").select_option("inclusion")
    page.get_by_role("button", name="Envoyer anonymement" if language == "fr" else "Send anonymously").click()
    page.get_by_role(
        "heading",
        level=1,
        name="Merci : votre message a été reçu" if language == "fr" else "Thank you: your message was received",
    ).wait_for()
    assert axe_violations(page) == []
    row = FeedbackSubmission.objects.get()
    assert row.theme == "inclusion" and row.sector is None
    assert not [c for c in page.context.cookies() if c["name"] == "sessionid"]  # no session was opened


def test_artf_triages_and_the_pages_are_accessible(browser, live_server, demo):
    FeedbackSubmission.objects.create(message="Training is online only.", received_on="2025-10-01")
    for language in ("en", "fr"):
        artf = new_page(browser, "fr-CA" if language == "fr" else "en-CA")
        sign_in(artf, live_server, "artf", language=language)
        for path in (
            "feedback/triage/",
            "reviews/",
            "reviews/1/",
            "plans/SIS/",
            "engagements/",
            "reviews/recommendations/1/edit/",
            "plans/CSS/approvals/",
        ):
            artf.goto(f"{live_server.url}/{language}/{path}")
            assert axe_violations(artf) == [], (language, path)
    artf.goto(f"{live_server.url}/en/feedback/triage/")
    item = artf.locator("article").filter(has_text="Training is online only.")
    item.get_by_label("Status").select_option("acknowledged")
    item.get_by_role("button", name="Save").click()
    artf.wait_for_url("**/feedback/triage/#item-*")
    assert FeedbackSubmission.objects.get().status == "acknowledged"


def test_a_lead_logs_an_engagement_from_the_plan(browser, live_server, demo):
    lead = new_page(browser)
    sign_in(lead, live_server, "lead-css")
    lead.goto(f"{live_server.url}/en/plans/CSS/")
    lead.get_by_role("link", name="Log an engagement").click()
    lead.get_by_label("Date").fill("2025-10-20")
    lead.get_by_label("Stakeholder type").select_option("unions")
    lead.locator("#id_stakeholder_en").fill("PSAC local 10")
    lead.get_by_label("Purpose (English)").fill("Present the new performance objectives.")
    lead.get_by_label("What we heard (English)").fill("Objectives should not burden racialized employees.")
    assert axe_violations(lead) == []
    lead.get_by_role("button", name="Save").click()
    lead.get_by_text("Engagement saved.").wait_for()
    assert (
        lead.get_by_role("region", name="Engagements table").get_by_role("row").filter(has_text="PSAC local 10").count()
        == 1
    )
    assert Engagement.objects.filter(stakeholder_en="PSAC local 10", sector__code="CSS").exists()
