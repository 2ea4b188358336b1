"""A person chooses their language in a real browser, at 1366 and 390 px, from either language."""

import pytest
from django.contrib.auth import get_user_model

from demo.plans import demo_load

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

OTHER = {"en": "fr", "fr": "en"}
NAMES = {"en": "English", "fr": "Français"}
SAVE = {"en": "Save", "fr": "Enregistrer"}
MENU = {"en": "Show or hide the menu", "fr": "Afficher ou masquer le menu"}


@pytest.fixture
def demo(transactional_db):
    demo_load()


def open_menu(page, width, language):
    if width < 1200:
        page.get_by_role("button", name=MENU[language]).click()
        page.locator("#main-nav.show").wait_for()  # Bootstrap's collapse has finished opening


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_lead_chooses_the_other_language_and_the_site_opens_in_it(browser, live_server, demo, language, width):
    context = browser.new_context(locale="en-CA", viewport={"width": width, "height": 768 if width > 500 else 844})
    page = context.new_page()
    page.set_default_timeout(10000)
    sign_in(page, live_server, "lead-css", language=language)
    page.wait_for_url(f"**/{language}/")  # signed in: the home page, before its menu is opened
    open_menu(page, width, language)
    page.locator(".site-nav a.user-name").click()  # the person's name opens My preferences
    page.wait_for_url(f"**/{language}/accounts/preferences/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []

    other = OTHER[language]
    page.get_by_label(NAMES[other]).check()
    page.get_by_role("button", name=SAVE[language]).click()
    page.wait_for_url(f"**/{other}/accounts/preferences/")
    assert page.locator("html").get_attribute("lang") == other
    assert get_user_model().objects.get(username="lead-css").preferred_language == other

    # The switch in the header turns the page back, and the choice goes with it.
    open_menu(page, width, other)
    page.locator(".site-nav").get_by_role("button", name=NAMES[language]).click()
    page.wait_for_url(f"**/{language}/accounts/preferences/")
    assert page.get_by_label(NAMES[language]).is_checked()
    assert get_user_model().objects.get(username="lead-css").preferred_language == language

    # Signing in again from a page in the other language opens the site in the chosen one.
    context.clear_cookies()
    sign_in(page, live_server, "lead-css", language=other)
    page.wait_for_url(f"**/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    context.close()


@pytest.mark.parametrize(("language", "width"), [("fr", 390), ("en", 1366)])
def test_a_lead_who_forgot_her_password_chooses_a_new_one_from_the_e_mailed_link(
    browser, live_server, demo, language, width
):
    import re

    from django.core import mail

    words = {
        "fr": {
            "forgot": "Mot de passe oublié",
            "email": "Courriel",
            "send": "Envoyer le lien",
            "choose": "Choisissez un nouveau mot de passe",
            "save": "Enregistrer le nouveau mot de passe",
        },
        "en": {
            "forgot": "Forgot your password?",
            "email": "Email",
            "send": "Send the link",
            "choose": "Choose a new password",
            "save": "Save the new password",
        },
    }[language]
    context = browser.new_context(locale="en-CA", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.get_by_role("link", name=re.compile(words["forgot"])).click()
    page.get_by_label(words["email"]).fill("lead-css@example.gc.ca")
    assert axe_violations(page) == []
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url("**/accounts/password/reset/sent/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("heading", name=words["choose"]).wait_for()
    page.locator("#id_new_password1").fill("quarterly-reports-2026!")
    page.locator("#id_new_password2").fill("quarterly-reports-2026!")
    assert axe_violations(page) == []
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url("**/accounts/password/reset/done/")
    sign_in(page, live_server, "lead-css", password="quarterly-reports-2026!", language=language)
    page.wait_for_url(f"**/{language}/")
