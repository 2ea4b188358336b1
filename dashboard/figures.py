"""The dashboard's department figures (and the home page's count of texts to translate), computed
once per change rather than once per request.

Counting every sector's initiatives and KPIs by health scans the department's rows (ADR 0007).
The figures are cached under a token that the database itself changes, by a trigger on every
table they are computed from (``TABLES``), in the transaction of the write: a web form, htmx,
the admin, an import, ``bulk_create``, ``QuerySet.update`` and raw SQL alike. A reader takes the
token first, then the figures cached under it, or computes and caches them. So figures cached
before a write are never served once the write is committed, and a figure is never stale:
``tests/dashboard/test_figures.py`` writes through each path and reads the dashboard after.

A table added to what the figures read needs its trigger (a migration calling ``install``);
``test_every_table_the_figures_read_has_its_trigger`` fails until it has one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from .models import FiguresToken

log = logging.getLogger(__name__)
T = TypeVar("T")

# Every table whose rows the cached figures are computed from: the dashboard's (``dashboard.selectors``)…
TABLES = (
    "sectors_sector",
    "periods_reportingperiod",
    "actionplans_strategy",
    "actionplans_phase",
    "actionplans_actionplan",
    "actionplans_commitment",
    "actionplans_initiative",
    "actionplans_initiative_phases",
    "actionplans_kpi",
    "reporting_quarterlyreport",
    "reporting_approvedkpivalue",
    "equity_maturityassessment",
    "equity_representation",
    "accountability_engagement",
    "accountability_recommendation",
    # and what the home page's count of texts to translate reads (``dashboard.translations.queue_count``)
    "accountability_review",
    "actionplans_equitygroup",
    "actionplans_kpivalue",
    "equity_survey",
    "equity_surveyhighlight",
    "equity_surveyresult",
    "feedback_feedbacksummary",
    "tracker_trackeractions",
    "tracker_trackercuration",
)
TIMEOUT = 24 * 60 * 60  # a day: keys name the day, so yesterday's figures expire on their own
# A new random token (not a count: a count could come back to a value already cached, after a
# test database is emptied or a backup restored).
_CHANGE = {
    "postgresql": (
        "INSERT INTO dashboard_figurestoken (id, value) VALUES (1, (random() * 9.0e18)::bigint) "
        "ON CONFLICT (id) DO UPDATE SET value = (random() * 9.0e18)::bigint"
    ),
    "sqlite": "INSERT INTO dashboard_figurestoken (id, value) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET value = random()",
}


def install(schema_editor, tables=TABLES) -> None:
    """The triggers that change the token on every write to ``tables`` (for migrations)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION dashboard_figures_changed() RETURNS trigger AS $$ "
            f"BEGIN {_CHANGE['postgresql']}; RETURN NULL; END; $$ LANGUAGE plpgsql"
        )
        for table in tables:
            schema_editor.execute(
                f'CREATE TRIGGER dashboard_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION dashboard_figures_changed()"
            )
    elif vendor == "sqlite":
        for table in tables:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f'CREATE TRIGGER "dashboard_figures_{table}_{event.lower()}" AFTER {event} ON "{table}" '
                    f"BEGIN {_CHANGE['sqlite']}; END"
                )
    else:  # pragma: no cover -- the project runs on PostgreSQL and SQLite only
        raise NotImplementedError(vendor)


def uninstall(schema_editor, tables=TABLES, *, last: bool = False) -> None:
    """Remove the triggers of ``tables``; ``last``: the function they call too (nothing else uses it)."""
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f'DROP TRIGGER IF EXISTS dashboard_figures_changed ON "{table}"')
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "dashboard_figures_{table}_{event}"')
    if last and vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS dashboard_figures_changed()")


def token() -> int | None:
    """The figures' token now (None before the first write to a table, when nothing is cached)."""
    return FiguresToken.objects.filter(pk=1).values_list("value", flat=True).first()


def cached(parts: tuple, compute: Callable[[], T]) -> T:
    """What ``compute`` gives, computed once per token for the key ``parts`` (which must name
    everything else the result depends on: the period, the filter, the day, the language)."""
    current = token()
    if current is None:
        return compute()
    key = ":".join(["dashboard-figures", connection.settings_dict["NAME"] or "", str(current), *map(str, parts)])
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 -- a cache that is down costs speed, never the page
        log.warning("The cache did not answer; the dashboard's figures are computed afresh.", exc_info=True)
        return compute()
    if found is not None:
        return found
    result = compute()
    try:
        cache.set(key, result, TIMEOUT)
    except Exception:  # noqa: BLE001
        log.warning("The cache did not take the dashboard's figures.", exc_info=True)
    return result
