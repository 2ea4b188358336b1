"""The dashboard's department figures are cached until a write changes them, whatever the path.

``dashboard.figures``: a database trigger on every table the figures read changes a token in the
writer's transaction; figures are cached under the token. Each test here warms the cache, writes
through one path (a form as rendered, htmx, a bulk update, raw SQL, ARTF's approval) and reads the
dashboard again as ARTF would.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.models import Initiative
from core.translations import gap_count
from dashboard import figures
from dashboard.selectors import department_figures
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from sectors.models import Sector
from tests.dashboard.test_dashboard import PAST, TODAY, rows_of, world  # noqa: F401 -- the fixture
from tests.factories import MembershipFactory, UserFactory, artf_user
from tests.forms import form_fields


def board(client, query: str = ""):
    """ARTF's dashboard read twice: the second read is served from the cache (fewer queries)."""
    with CaptureQueriesContext(connection) as first:
        client.get(f"/en/dashboard/{query}")
    with CaptureQueriesContext(connection) as second:
        response = client.get(f"/en/dashboard/{query}")
    assert response.status_code == 200
    assert len(second) < len(first), "the second read should come from the cache"
    return rows_of(response)


@pytest.fixture
def artf(client, world):  # noqa: F811 -- the fixture imported above
    client.force_login(artf_user())
    return client


def test_every_table_the_figures_read_has_its_trigger(world):  # noqa: F811
    strategy = Initiative.objects.first().commitment.plan.strategy
    with CaptureQueriesContext(connection) as queries:
        department_figures(period=world["period"], strategy=strategy, phase=1, today=TODAY)
        gap_count()
        gap_count(sectors=[world["css"].pk])
    read = {table for q in queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
    assert read <= set(figures.TABLES), "add these tables to dashboard.figures.TABLES, with a migration"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'dashboard_figures_changed'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'dashboard_figures_%'"
            )
        installed = {row[0] for row in cursor.fetchall()}
    assert set(figures.TABLES) <= installed


def test_a_lead_saving_an_initiative_form_changes_the_figures_at_once(artf, client, world):  # noqa: F811
    css = board(artf)["CSS"]
    assert css.initiative_status["in_progress"] == 2 and css.initiative_status["completed"] == 1
    lead = UserFactory(username="lead-css")
    MembershipFactory(user=lead, sector=world["css"], role="lead")
    initiative = Initiative.objects.get(commitment__plan__sector=world["css"], status="delayed")
    url = f"/en/plans/CSS/initiatives/{initiative.pk}/edit/"
    client.force_login(lead)
    fields = form_fields(client.get(url).content.decode(), method="post", action=url)
    fields["status"] = "completed"
    assert client.post(url, fields).status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "completed"
    client.force_login(artf_user())
    css = board(artf)["CSS"]
    assert css.initiative_status["delayed"] == 0 and css.initiative_status["completed"] == 2
    assert css.initiative_health["at_risk"] == 0


def test_bulk_updates_raw_sql_and_phase_links_change_the_figures(artf, world):  # noqa: F811
    assert board(artf)["CSS"].initiative_health["overdue"] == 1
    on_track = Initiative.objects.filter(commitment__plan__sector=world["css"], status="in_progress").exclude(
        planned_end=PAST
    )
    assert on_track.update(planned_end=PAST) == 1  # QuerySet.update: no signal, no save()
    assert board(artf)["CSS"].initiative_health["overdue"] == 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE actionplans_initiative SET status = 'cancelled' WHERE status = 'delayed'")
    assert board(artf)["CSS"].initiative_status["cancelled"] == 2
    assert board(artf, "?phase=1")["CSS"].initiative_total == 1
    Initiative.objects.get(commitment__plan__sector=world["css"], status="completed").phases.add(
        *Initiative.objects.filter(phases__number=1).first().phases.all()
    )
    assert board(artf, "?phase=1")["CSS"].initiative_total == 2


def test_approving_a_report_and_closing_a_sector_change_the_figures(artf, world):  # noqa: F811
    assert board(artf)["OPS"].report_status == "submitted"
    report = QuarterlyReport.objects.get(sector=world["ops"], period=world["period"])
    assert artf.post(f"/en/plans/OPS/reports/{world['period'].slug}/approve/").status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    rows = board(artf)
    assert rows["OPS"].report_status == "approved" and rows["OPS"].kpis_published
    Sector.objects.filter(pk=world["ops"].pk).update(is_active=False)
    assert set(board(artf)) == {"CSS"}
    ReportingPeriod.objects.filter(pk=world["period"].pk).update(quarter=4, slug="2025-26-q4")
    assert artf.get("/en/dashboard/").context["board"].period.slug == "2025-26-q4"


def test_cached_figures_are_the_figures_computed_afresh(artf, world):  # noqa: F811
    strategy = Initiative.objects.first().commitment.plan.strategy
    warm = board(artf)
    fresh = {
        row.code: row
        for row in department_figures(period=world["period"], strategy=strategy, phase=None, today=TODAY).rows
    }
    assert warm == fresh


def test_the_dashboard_answers_when_the_cache_is_down(artf, settings, world):  # noqa: F811
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = artf.get("/en/dashboard/")
    assert response.status_code == 200
    assert rows_of(response)["CSS"].initiative_health["overdue"] == 1


def test_the_home_pages_count_of_texts_to_translate_follows_each_write(artf, world):  # noqa: F811
    def count() -> int:
        with CaptureQueriesContext(connection) as first:
            first_count = artf.get("/en/").context["to_translate"]
        with CaptureQueriesContext(connection) as second:
            second_count = artf.get("/en/").context["to_translate"]
        assert second_count == first_count and len(second) < len(first)  # the second from the cache
        return first_count

    before = count()
    initiative = Initiative.objects.filter(commitment__plan__sector=world["css"]).first()
    Initiative.objects.filter(pk=initiative.pk).update(title_en="Only in English", title_fr="")
    assert count() == before + 1
    assert artf.post(
        "/en/translations/fill/",
        {"kind": "initiative", "pk": initiative.pk, "field": "title", "language": "fr", "text": "Seulement en anglais"},
    ).status_code in (200, 302)
    initiative.refresh_from_db()
    assert initiative.title_fr == "Seulement en anglais"
    assert count() == before
