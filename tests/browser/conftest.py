"""Browser tests: Playwright driving Debian's Chromium against Django's live server."""

import os
import shutil

import pytest

from tests.conftest import need_service

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# there (fixtures, the live server's data) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = os.path.join(os.path.dirname(__file__), "axe.min.js")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        need_service("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_service("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; the test fails if the content security policy refused anything on it."""
    context = browser.new_context(locale="en-CA")
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not refused, f"The content security policy refused: {refused[:3]}"


def axe_violations(page, impacts=("serious", "critical")):
    """Run axe-core on the page; return the violations of the given impacts, in words."""
    # Evaluated through the DevTools protocol, which the page's content security policy does not
    # govern (an inline <script> tag it would refuse, as it should).
    with open(AXE, encoding="utf-8") as handle:
        page.evaluate(handle.read() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def sign_in(page, live_server, username, password="anti-racism-demo", language="en"):
    page.goto(f"{live_server.url}/{language}/accounts/login/")
    page.get_by_label("Username" if language == "en" else "Nom d’utilisateur").fill(username)
    page.get_by_label("Password" if language == "en" else "Mot de passe").fill(password)
    page.locator("main").get_by_role("button").first.click()
