"""The dashboard and the tracker count a quarter's initiatives by one rule, and say which (issue 12, item 8).

Health is read at the quarter's last day once the quarter is over, and today while it runs;
both outputs print that date beside the counts.
"""

import datetime
import html
from pathlib import Path

from django.utils import timezone

from periods.calendar import QUARTER_MONTHS
from periods.models import ReportingPeriod
from tests.factories import CommitmentFactory, InitiativeFactory, PeriodFactory, PhaseFactory, artf_user
from tests.tracker.test_tracker import pdf_text
from tracker import services as tracker_services

TODAY = timezone.localdate()


def current_quarter(day: datetime.date) -> tuple[int, int]:
    quarter = next(q for q, (first, last) in QUARTER_MONTHS.items() if first <= day.month <= last)
    return (day.year - 1 if quarter == 4 else day.year), quarter


def build(period: ReportingPeriod) -> None:
    """Four initiatives around the quarter's end: one overdue then, one overdue only since, one delayed, one done."""
    phase = PhaseFactory(number=1)
    commitment = CommitmentFactory(plan__sector__code="CSS", plan__strategy=phase.strategy)
    end = period.end_date
    InitiativeFactory(commitment=commitment, status="in_progress", planned_end=end - datetime.timedelta(days=20))
    InitiativeFactory(commitment=commitment, status="in_progress", planned_end=end + datetime.timedelta(days=20))
    InitiativeFactory(commitment=commitment, status="delayed", planned_end=end + datetime.timedelta(days=400))
    InitiativeFactory(commitment=commitment, status="completed", planned_end=end - datetime.timedelta(days=20))


def dashboard_health(client, period) -> tuple[list[int], str]:
    client.force_login(artf_user())
    response = client.get(f"/en/dashboard/?period={period.slug}")
    return response.context["board"].total_health, html.unescape(response.content.decode())


def tracker_pdf(period, captured) -> str:
    with captured(execute=True):
        job = tracker_services.tracker_request(period=period, language="en", by=None)
    job.refresh_from_db()
    assert job.status == "done", job.error
    return pdf_text(Path(job.file.path))


def test_a_past_quarter_counts_as_at_its_end_in_both(
    client, db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    period = PeriodFactory(fiscal_year=TODAY.year - 2, quarter=1)  # over long ago
    build(period)
    health, body = dashboard_health(client, period)
    # on track (the one overdue only after the quarter, and the completed one), at risk, overdue
    assert health == [2, 1, 1]
    basis = f"as at {period.end_date.day} {period.end_date:%B %Y} (the quarter's end)"
    assert basis in body
    text = " ".join(tracker_pdf(period, django_capture_on_commit_callbacks).split())
    assert basis in text
    assert "On track 2 At risk 1 Overdue 1" in text
    french = html.unescape(client.get(f"/fr/dashboard/?period={period.slug}").content.decode())
    assert f"État des initiatives au 30 juin {period.end_date.year} (fin du trimestre)" in french
    export = client.get(f"/en/dashboard/export.csv?period={period.slug}").content.decode("utf-8-sig")
    assert f"Initiatives {basis}: Overdue" in export


def test_the_current_quarter_counts_as_of_today_in_both(
    client, db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    year, quarter = current_quarter(TODAY)
    period = PeriodFactory(fiscal_year=year, quarter=quarter, opens_on=TODAY)
    build(period)
    # The quarter's end is ahead: nothing is overdue yet except what passed its end before today.
    health, body = dashboard_health(client, period)
    assert health[2] == (1 if period.end_date - datetime.timedelta(days=20) < TODAY else 0)
    basis = f"as of {TODAY.day} {TODAY:%B %Y} (the quarter is under way)"
    assert basis in body
    text = " ".join(tracker_pdf(period, django_capture_on_commit_callbacks).split())
    assert basis in text
    assert f"On track {health[0]} At risk {health[1]} Overdue {health[2]}" in text
