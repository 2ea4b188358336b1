"""A person signs in and reads plans in a real browser; axe-core finds no serious problem."""

import pytest

from demo.plans import demo_load

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    demo_load()


def test_lead_signs_in_and_reads_the_corporate_services_plan(page, live_server, demo):
    sign_in(page, live_server, "lead-css")
    page.get_by_role("link", name="Corporate Services").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Corporate Services"
    for title in ("Black History Month", "Mentorship/Sponsorship Plus Program", "EX-01 Talent Bank"):
        assert page.get_by_text(title).count() >= 1
    page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.url.endswith("/fr/plans/CSS/")
    assert page.get_by_role("link", name="3.1 Programme Mentorat/Parrainage Plus").count() == 1


def test_keyboard_user_can_skip_to_the_content(page, live_server, demo):
    sign_in(page, live_server, "artf")
    page.goto(f"{live_server.url}/en/plans/CSS/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/plans/CSS/#main")  # the jump to the fragment lands a moment after the key


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_have_no_serious_accessibility_violations(page, live_server, demo, language):
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    assert axe_violations(page) == []
    sign_in(page, live_server, "lead-css", language=language)
    for path in (f"/{language}/", f"/{language}/plans/CSS/", f"/{language}/plans/DMO-CAE/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
