"""Pages fit the screens people use: 1366 px laptops and 390 px phones, in English and French."""

import pytest

from demo.plans import demo_load
from periods.models import ReportingPeriod
from tracker.models import TrackerJob

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    demo_load()
    TrackerJob.objects.create(
        period=ReportingPeriod.objects.order_by("-fiscal_year", "-quarter").first(),
        language="en",
        status=TrackerJob.Status.DONE,
        file="trackers/tracker-demo.pdf",
        size=1234,
        page_count=9,
    )


def open_page(browser, width, language):
    context = browser.new_context(locale="en-CA", viewport={"width": width, "height": 768 if width > 500 else 844})
    page = context.new_page()
    page.set_default_timeout(10000)
    return context, page


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("username", ["artf", "exec"])
def test_the_top_navigation_is_one_line_at_1366(browser, live_server, demo, username, language):
    context, page = open_page(browser, 1366, language)
    sign_in(page, live_server, username, language=language)
    page.goto(f"{live_server.url}/{language}/")
    items = page.locator(".site-nav .navbar-brand, .site-nav .nav-link, .site-nav .navbar-text, .site-nav form .btn")
    boxes = [items.nth(i).bounding_box() for i in range(items.count())]
    middles = {round(box["y"] + box["height"] / 2) for box in boxes}
    assert max(middles) - min(middles) <= 4, f"the navigation wraps: {middles}"
    assert max(box["x"] + box["width"] for box in boxes) <= 1366
    assert max(box["height"] for box in boxes) <= 44  # no label wraps onto two lines
    assert page_width(page) <= 1366
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_dashboard_keeps_each_sector_in_view_when_scrolled_sideways_at_1366(browser, live_server, demo, language):
    context, page = open_page(browser, 1366, language)
    sign_in(page, live_server, "artf", language=language)
    page.goto(f"{live_server.url}/{language}/dashboard/")
    assert page_width(page) <= 1366  # the table scrolls in its own region, not the page
    region = page.locator(".table-responsive", has=page.locator(".dashboard-table"))
    name = page.locator(".dashboard-table tbody tr").first.locator("th")
    page.evaluate(
        "window.scrollTo(0, document.querySelector('.dashboard-table').getBoundingClientRect().top + window.scrollY - 100)"
    )
    region.evaluate("el => el.scrollLeft = el.scrollWidth")
    assert region.evaluate("el => el.scrollLeft") > 0  # there is something to scroll at this width
    bounds = region.bounding_box()
    box = name.bounding_box()
    assert box["x"] >= bounds["x"] - 1 and box["x"] + box["width"] <= bounds["x"] + bounds["width"] + 1
    # The sector's name is what is seen at that spot, not a figure scrolled beneath it.
    hit = page.evaluate(
        f"document.elementFromPoint({box['x'] + 5}, {box['y'] + box['height'] / 2}).closest('th')?.innerText"
    )
    assert hit == name.inner_text()
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_executive_on_a_390_phone(browser, live_server, demo, language):
    context, page = open_page(browser, 390, language)
    sign_in(page, live_server, "exec", language=language)
    for path in ("/", "/dashboard/", "/tracker/"):
        page.goto(f"{live_server.url}/{language}{path}")
        assert page_width(page) <= 390, path
        assert axe_violations(page) == [], path
    download = page.locator("a[href*='/download']").first
    box = download.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # in view without scrolling the table
    page.goto(f"{live_server.url}/{language}/dashboard/")
    code = page.locator(".dashboard-table tbody tr").first.locator("td").first
    region = page.locator(".table-responsive", has=page.locator(".dashboard-table"))
    region.evaluate("el => el.scrollLeft = el.scrollWidth")
    box = code.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390  # the sector's code stays in view
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_lead_reads_and_edits_the_plan_on_a_390_phone(browser, live_server, demo, language):
    """The initiative rows' status, health and Edit wrap under the title instead of widening the page."""
    context, page = open_page(browser, 390, language)
    sign_in(page, live_server, "lead-css", language=language)
    page.goto(f"{live_server.url}/{language}/plans/CSS/")
    assert page_width(page) <= 390
    context.close()
