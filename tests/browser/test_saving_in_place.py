"""Every form saves from every page it appears on, with JavaScript on and off, and says so where the person looks."""

import pytest

from actionplans.models import Initiative
from demo.plans import demo_load

from .conftest import sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    demo_load()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def any_page(request, browser):
    context = browser.new_context(
        locale="en-CA", java_script_enabled=request.param, viewport={"width": 1366, "height": 768}
    )
    page = context.new_page()
    page.set_default_timeout(8000)
    yield page
    context.close()


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_an_initiative_saves_from_its_own_edit_page(any_page, live_server, demo):
    page = any_page
    initiative = Initiative.objects.get(title_en="EX-01 Talent Bank")
    sign_in(page, live_server, "lead-css")
    page.goto(f"{live_server.url}/en/plans/CSS/initiatives/{initiative.pk}/")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title (English)").fill("EX-01 Talent Bank (renewed)")
    page.get_by_role("button", name="Save", exact=True).click()
    confirmation = page.get_by_text("Initiative “EX-01 Talent Bank (renewed)” saved.")
    confirmation.wait_for()
    assert in_viewport(page, confirmation)
    initiative.refresh_from_db()
    assert initiative.title_en == "EX-01 Talent Bank (renewed)"
    # The message was shown once, where it was read, not again on the next page.
    page.goto(f"{live_server.url}/en/plans/CSS/")
    assert page.get_by_text("Initiative “EX-01 Talent Bank (renewed)” saved.").count() == 0


def test_an_inline_edit_on_the_plan_confirms_on_its_row(page, live_server, demo):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.set_default_timeout(8000)
    sign_in(page, live_server, "lead-css")
    page.goto(f"{live_server.url}/en/plans/CSS/")
    row = page.locator("li", has=page.get_by_role("link", name="3.4 EX-01 Talent Bank"))
    row.get_by_role("link", name="Edit EX-01 Talent Bank").click()
    page.get_by_label("Title (English)").fill("EX-01 Talent Bank (renewed)")
    page.get_by_role("button", name="Save", exact=True).click()
    confirmation = page.get_by_text("Initiative “EX-01 Talent Bank (renewed)” saved.")
    confirmation.wait_for()
    assert in_viewport(page, confirmation)
    assert page.url.endswith("/en/plans/CSS/")
    assert Initiative.objects.filter(title_en="EX-01 Talent Bank (renewed)").exists()
    page.reload()
    assert page.get_by_text("Initiative “EX-01 Talent Bank (renewed)” saved.").count() == 0


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_kpi_value_saved_by_someone_else_meanwhile_shows_both_versions_in_place(page, live_server, demo, language):
    from decimal import Decimal

    from accounts.models import User
    from actionplans import services
    from actionplans.models import KPI, KPIValue
    from periods.models import ReportingPeriod

    english = language == "en"
    kpi = KPI.objects.get(name_en__startswith="Racialized employees in EX", commitment__plan__sector__code="CSS")
    quarter = ReportingPeriod.objects.get(fiscal_year=2025, quarter=3)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.set_default_timeout(8000)
    sign_in(page, live_server, "lead-css", language=language)
    page.goto(f"{live_server.url}/{language}/plans/CSS/kpis/{kpi.pk}/?period={quarter.pk}")
    total = page.get_by_label("Value (all groups)" if english else "Valeur (tous les groupes)")
    total.wait_for()
    # Meanwhile a colleague saves this quarter's value on the same page, in another browser.
    services.kpi_value_save(kpi=kpi, period=quarter, by=User.objects.get(username="contrib-css"), value=Decimal("33.3"))

    total.fill("27.5" if english else "27,5")
    page.get_by_role("button", name="Save the values" if english else "Enregistrer les valeurs").click()
    conflict = page.locator("#conflict")
    conflict.wait_for()  # swapped in by htmx, above the form
    text = conflict.inner_text()
    assert "Charlie Contributor (CSS)" in text
    if english:
        assert "Someone else changed this item after you opened it" in text and "33.3" in text and "27.5" in text
    else:
        assert "Quelqu'un d'autre a modifié cet élément" in text and "33,3" in text and "27,5" in text
    assert total.input_value() == ("27.5" if english else "27,5")  # what the lead typed is kept
    assert KPIValue.objects.get(kpi=kpi, period=quarter, equity_group=None).value == Decimal("33.3")
    page.screenshot(path=f"/tmp/kpi-conflict-{language}-1366.png", full_page=True)  # noqa: S108 -- a fixed place to look at the screenshot after a run
    page.set_viewport_size({"width": 390, "height": 844})
    conflict.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off a phone's screen
    page.screenshot(path=f"/tmp/kpi-conflict-{language}-390.png")  # noqa: S108 -- a fixed place to look at the screenshot after a run
