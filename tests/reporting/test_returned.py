# ruff: noqa: F811 (pytest fixtures imported from the cycle tests are redefined as arguments)
"""A returned report says why where the sector looks first: the top of the report and the lead's home page."""

from reporting import services
from reporting.models import QuarterlyReport
from tests.reporting.test_cycle import both_updates, period, save, setup  # noqa: F401 (fixtures)

REPORT = "/en/plans/CSS/reports/2025-26-q3/"


def returned_by_artf(client, setup, lead, period):
    report = save(setup, lead, period, updates=both_updates(setup))
    services.report_submit(report=report, by=lead)
    client.force_login(setup["artf"])
    client.post(f"{REPORT}comments/", {"section": "challenges", "body": "Name the barriers, not only the delays."})
    response = client.post(f"{REPORT}return/", {"reason": "The KPI values for Q3 are missing."})
    assert response.status_code == 302
    client.force_login(lead)


def test_the_reason_and_the_comments_are_at_the_top_of_the_returned_report(client, setup, lead, period):
    returned_by_artf(client, setup, lead, period)
    body = client.get(REPORT).content.decode()
    top = body.index("returned-summary")
    assert top < body.index('id="section-highlights"')  # above the first section, not at the bottom
    summary = body[top : body.index('id="section-highlights"')]
    assert "The KPI values for Q3 are missing." in summary
    assert "Name the barriers, not only the delays." in summary
    assert 'href="#section-challenges"' in summary
    assert "Ari Reviewer" in summary


def test_the_leads_home_page_says_why_the_report_came_back(client, setup, lead, period):
    returned_by_artf(client, setup, lead, period)
    body = client.get("/en/").content.decode()
    assert "The KPI values for Q3 are missing." in body
    assert "Name the barriers, not only the delays." in body
    assert f'href="{REPORT}#section-challenges"' in body


def test_once_submitted_again_the_return_is_no_longer_announced(client, setup, lead, period):
    returned_by_artf(client, setup, lead, period)
    report = QuarterlyReport.objects.get()
    services.report_submit(report=report, by=lead)
    assert "returned-summary" not in client.get(REPORT).content.decode()
    assert "The KPI values for Q3 are missing." not in client.get("/en/").content.decode()
