"""A sector lead keeps the plan current in a real browser, with and without JavaScript."""

from decimal import Decimal

import pytest

from actionplans.models import Initiative, KPIValue
from demo.plans import demo_load

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    demo_load()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def any_page(request, browser):
    context = browser.new_context(locale="en-CA", java_script_enabled=request.param)
    page = context.new_page()
    yield page
    context.close()


def test_lead_adds_an_initiative_and_a_kpi_value_then_sees_both_after_reload(any_page, live_server, demo):
    page = any_page
    sign_in(page, live_server, "lead-css")
    page.goto(f"{live_server.url}/en/plans/CSS/")
    page.get_by_role("link", name="Add an initiative to commitment 3").click()
    page.get_by_label("Title (English)").fill("Reverse mentoring circles")
    page.get_by_label("Title (French)").fill("Cercles de mentorat inversé")
    page.get_by_label("Phase 5: Mainstream Anti-Racism").check()
    page.get_by_label("Planned start").fill("2026-01-05")
    page.get_by_label("Planned end").fill("2026-12-18")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Initiative “Reverse mentoring circles” added.").is_visible()

    page.get_by_role("link", name="Racialized employees in EX-minus-1 positions (%)").click()
    page.get_by_label("Value (all groups)").fill("27.3")
    page.get_by_label("Black", exact=True).fill("19")
    page.get_by_role("button", name="Save the values").click()
    page.get_by_text("Values for 2025-26 Q3 saved.").wait_for()  # the quarter being reported

    page.reload()
    assert page.get_by_role("row", name="2025-26 Q3").get_by_text("27.3").count() == 1
    page.goto(f"{live_server.url}/en/plans/CSS/")
    assert page.get_by_role("link", name="3.5 Reverse mentoring circles").is_visible()
    assert Initiative.objects.filter(title_en="Reverse mentoring circles", commitment__number=3).exists()
    assert KPIValue.objects.filter(
        kpi__name_en__startswith="Racialized employees in EX", value=Decimal("27.3")
    ).exists()


def test_lead_changes_the_quarter_sees_its_values_and_a_new_total_keeps_the_groups(page, live_server, demo):
    from decimal import Decimal

    from actionplans.models import KPI

    kpi = KPI.objects.get(name_en__startswith="Racialized employees in EX", commitment__plan__sector__code="CSS")
    q4 = {
        (v.equity_group.code if v.equity_group_id else ""): (v.value, v.note_en)
        for v in KPIValue.objects.filter(kpi=kpi, period__slug="2025-26-q4").select_related("equity_group")
    }
    assert len(q4) > 2, "the demo gives Q4 a value for each group"
    sign_in(page, live_server, "lead-css")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/en/plans/CSS/kpis/{kpi.pk}/")
    total = page.get_by_label("Value (all groups)")
    assert page.get_by_label("Reporting period").input_value() == str(
        kpi.values.get(period__slug="2025-26-q3", equity_group=None).period_id
    )
    page.get_by_label("Reporting period").select_option(label="2025-26 Q4")
    page.get_by_role("heading", name="Values for 2025-26 Q4").wait_for()  # htmx swapped in Q4's form
    assert page.url.endswith(f"?period={kpi.values.filter(period__slug='2025-26-q4').first().period_id}")
    assert Decimal(total.input_value()) == q4[""][0]
    assert Decimal(page.get_by_label("Black", exact=True).input_value()) == q4["black"][0]
    page.screenshot(path="/tmp/kpi-q4-prefilled.png", full_page=True)  # noqa: S108 -- a fixed place to look at the screenshot after a run

    total.fill("31.5")
    page.get_by_role("button", name="Save the values").click()
    page.get_by_text("Values for 2025-26 Q4 saved.").wait_for()
    after = {
        (v.equity_group.code if v.equity_group_id else ""): (v.value, v.note_en)
        for v in KPIValue.objects.filter(kpi=kpi, period__slug="2025-26-q4").select_related("equity_group")
    }
    assert after == {**q4, "": (Decimal("31.5"), q4[""][1])}  # every group value and the note kept
    assert page.get_by_role("heading", name="Values for 2025-26 Q4").is_visible()  # still on the quarter saved


def test_inline_edit_with_htmx_changes_the_row_in_place(page, live_server, demo):
    sign_in(page, live_server, "lead-css")
    page.goto(f"{live_server.url}/en/plans/CSS/")
    row = page.locator("li", has=page.get_by_role("link", name="3.4 EX-01 Talent Bank"))
    row.get_by_role("link", name="Edit EX-01 Talent Bank").click()
    form_title = page.get_by_label("Title (English)")
    form_title.wait_for()
    assert page.url.endswith("/en/plans/CSS/")  # still on the plan: the form opened in place
    form_title.fill("EX-01 Talent Bank (renewed)")
    page.get_by_role("combobox", name="Status").select_option("completed")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="3.4 EX-01 Talent Bank (renewed)").wait_for()
    assert page.url.endswith("/en/plans/CSS/")
    assert Initiative.objects.get(title_en="EX-01 Talent Bank (renewed)").status == "completed"


def test_lead_has_no_edit_controls_on_another_plan_and_a_forged_edit_is_refused(page, live_server, demo):
    sign_in(page, live_server, "lead-css")
    page.goto(f"{live_server.url}/en/plans/OPS/")
    assert page.get_by_role("heading", level=1).inner_text() == "Operations"
    assert page.get_by_role("link", name="Edit").count() == 0
    assert page.get_by_role("link", name="Add an initiative").count() == 0
    target = Initiative.objects.filter(commitment__plan__sector__code="OPS").first()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{live_server.url}/en/plans/OPS/initiatives/{target.pk}/edit/",
        form={"title_en": "Forged", "scope": "internal", "status": "planned", "version": str(target.version)},
        headers={"X-CSRFToken": token, "Referer": f"{live_server.url}/en/plans/OPS/"},
    )
    assert response.status == 403
    target.refresh_from_db()
    assert target.title_en != "Forged"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_workspace_pages_have_no_serious_accessibility_violations(page, live_server, demo, language):
    sign_in(page, live_server, "lead-css", language=language)
    kpi = (
        Initiative.objects.none()
        .model._meta.apps.get_model("actionplans", "KPI")
        .objects.filter(commitment__plan__sector__code="CSS")
        .first()
    )
    initiative = Initiative.objects.filter(commitment__plan__sector__code="CSS").first()
    for path in (
        f"/{language}/plans/CSS/",
        f"/{language}/plans/CSS/kpis/{kpi.pk}/",
        f"/{language}/plans/CSS/initiatives/{initiative.pk}/edit/",
        f"/{language}/plans/CSS/history/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
