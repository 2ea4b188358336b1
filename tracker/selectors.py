"""Reads of the tracker: its versions, what changed since each, and ARTF's wording page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from core import outbox
from core.text import as_columns
from periods.models import ReportingPeriod
from reporting import selectors as report_selectors
from reporting.models import QuarterlyReport, ReportEvent

from .models import TrackerActions, TrackerCuration, TrackerJob

Status = QuarterlyReport.Status


def tracker_jobs() -> list[TrackerJob]:
    """Every tracker version, newest first, with who asked, (``changes``) what has changed in what
    it reports since it was made, and (``waits_for_queue``) whether a queued one is still waiting for
    the task queue to take it; six queries whatever the number of versions."""
    jobs = list(
        TrackerJob.objects.select_related("period", "requested_by").order_by(
            "-period__fiscal_year", "-period__quarter", "language", "-version"
        )
    )
    tracker_changes_since(jobs)
    queued = [job for job in jobs if job.status == TrackerJob.Status.QUEUED]
    if queued:
        waiting = {args[0] for args in outbox.pending_args("tracker.tasks.tracker_render") if args}
        for job in queued:
            job.waits_for_queue = job.pk in waiting
    return jobs


@dataclass
class TrackerChange:
    at: datetime.datetime
    what: str

    def __str__(self) -> str:
        return self.what


def tracker_changes_since(jobs: list[TrackerJob]) -> None:
    """Set each done job's ``changes``: what a tracker of its period reports that changed after
    the worker read it (a report submitted, returned, approved or reopened; the summary or a
    sector's top actions edited; a maturity self-assessment reviewed), oldest first. A version
    with changes is out of date. Four queries for any number of jobs."""
    from django.utils.translation import gettext as _

    from core.typography import long_datetime
    from equity.models import MaturityAssessment

    for job in jobs:
        job.changes = []
    made = [j for j in jobs if j.status == TrackerJob.Status.DONE and (j.data_as_of or j.started_at)]
    if not made:
        return
    since = min(j.data_as_of or j.started_at for j in made)
    periods = {j.period_id: j.period for j in made}

    when = long_datetime

    found: dict[int, list[TrackerChange]] = {}  # period id → changes to it
    for period_id, code, action, at in (
        ReportEvent.objects.filter(report__period__in=list(periods), at__gt=since)
        .exclude(action=ReportEvent.Action.STARTED)
        .values_list("report__period_id", "report__sector__code", "action", "at")
    ):
        label = str(ReportEvent.Action(action).label).lower()
        text = _("%(sector)s report %(action)s on %(when)s") % {"sector": code, "action": label, "when": when(at)}
        found.setdefault(period_id, []).append(TrackerChange(at, text))
    for period_id, at in TrackerCuration.objects.filter(period__in=list(periods), updated_at__gt=since).values_list(
        "period_id", "updated_at"
    ):
        found.setdefault(period_id, []).append(
            TrackerChange(at, _("executive summary edited on %(when)s") % {"when": when(at)})
        )
    for period_id, code, at in TrackerActions.objects.filter(
        period__in=list(periods), updated_at__gt=since
    ).values_list("period_id", "sector__code", "updated_at"):
        found.setdefault(period_id, []).append(
            TrackerChange(at, _("%(sector)s top actions edited on %(when)s") % {"sector": code, "when": when(at)})
        )
    reviews = list(
        MaturityAssessment.objects.filter(reviewed_at__gt=since).values_list(
            "period__fiscal_year", "period__quarter", "sector__code", "reviewed_at"
        )
    )
    for period in periods.values():
        for year, quarter, code, at in reviews:  # a review of this quarter or an earlier one
            if (year, quarter) <= period.order_key:
                found.setdefault(period.pk, []).append(
                    TrackerChange(
                        at,
                        _("%(sector)s maturity self-assessment reviewed on %(when)s")
                        % {"sector": code, "when": when(at)},
                    )
                )
    for job in made:
        as_of = job.data_as_of or job.started_at
        job.changes = sorted((c for c in found.get(job.period_id, []) if c.at > as_of), key=lambda c: c.at)


def curation_page(*, period: ReportingPeriod) -> tuple:
    """The curation form's data: the summary, and per sector with an approved report its listed
    top actions and ARTF's wording so far."""
    curation = TrackerCuration.objects.filter(period=period).first()
    chosen = {row.sector_id: row for row in TrackerActions.objects.filter(period=period)}
    reports = list(
        QuarterlyReport.objects.filter(period=period, status=Status.APPROVED)
        .select_related("sector")
        .order_by("sector__code")
    )
    rows = []
    for report in reports:
        mine = chosen.get(report.sector_id)
        # Before ARTF words anything, the report's own list, in the column of the language it is written in.
        actions_en, actions_fr = (
            (mine.actions_en, mine.actions_fr) if mine else as_columns(report.top_actions, report.language)
        )
        rows.append(
            {
                "sector": report.sector,
                "reported": report.top_actions,
                "reported_language": report.language,
                "actions_en": actions_en,
                "actions_fr": actions_fr,
            }
        )
    return curation, rows


def next_tracker_period(periods=None):
    """The period a tracker is usually wanted for next: the newest with an approved report, else
    the newest opened one (None before any). ``periods``: ``reporting.selectors.period_list()``."""
    periods = [p for p in (periods if periods is not None else report_selectors.period_list()) if p.opens_on]
    return next((p for p in periods if p.approved_count), periods[0] if periods else None)
