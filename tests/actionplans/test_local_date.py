"""Dates are the department's: an initiative due today is not overdue on a server whose clock is elsewhere."""

import os
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from actionplans.health import Health
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host_clock_a_day_ahead(settings):
    """The department's zone (settings.TIME_ZONE) is UTC-12 while the host's clock (TZ) is UTC+14:
    at every moment their dates differ, as a UTC server's and Toronto's do in the evening."""
    settings.TIME_ZONE = "Etc/GMT+12"
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Etc/GMT-14"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_an_initiative_due_today_is_not_overdue_on_the_plan_page(client, lead, commitment, host_clock_a_day_ahead):
    today = timezone.localdate()
    initiative = InitiativeFactory(
        commitment=commitment, planned_start=today.replace(year=today.year - 1), planned_end=today, status="in_progress"
    )
    client.force_login(lead)
    response = client.get(f"/en/plans/{commitment.plan.sector.code}/")
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.today == today
    rows = [i for c in plan.commitment_rows for g in c.phase_groups for i in g.initiatives]
    assert [(i.pk, i.health) for i in rows] == [(initiative.pk, Health.ON_TRACK)]


def test_no_code_reads_the_hosts_date():
    """ruff's DTZ rules (in pyproject) refuse date.today() and naive datetimes everywhere."""
    ruff = os.path.join(os.path.dirname(sys.executable), "ruff")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    result = subprocess.run(
        [ruff, "check", "--select", "DTZ", "--output-format", "concise", root], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
