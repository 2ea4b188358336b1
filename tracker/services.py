"""Producing the ministerial tracker: ARTF's wording, queueing a version, rendering it on a worker,
and the sweeps that fail a job whose worker vanished (each can be retried)."""

from __future__ import annotations

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import outbox, translations
from core.fields import check_texts
from core.text import as_columns
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from sectors.models import Sector

from .models import TrackerActions, TrackerCuration, TrackerJob

Status = QuarterlyReport.Status

logger = logging.getLogger(__name__)

# -- the ministerial tracker ----------------------------------------------------------------------
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


class TrackerBusy(ValidationError):
    pass


class TrackerUntranslated(ValidationError):
    """Texts the tracker would print lack its language (``gaps``); ARTF may override with a reason."""

    def __init__(self, gaps: list) -> None:
        super().__init__(
            ngettext(
                "%(count)s text this tracker prints is not written in its language yet.",
                "%(count)s texts this tracker prints are not written in its language yet.",
                len(gaps),
            )
            % {"count": len(gaps)}
        )
        self.gaps = gaps


class TrackerRunning(Exception):
    """A second delivery of a job a worker is rendering now: try again once that render must be over."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"the job is being rendered; try again in {wait:.0f} s")
        self.wait = wait


@transaction.atomic
def curation_save(*, period: ReportingPeriod, by, summary_en: str, summary_fr: str, actions: dict[int, tuple]) -> None:
    """ARTF's wording of a period's tracker: the summary, and each sector's top actions (EN, FR).

    Only what changed is saved: its time is what makes an earlier tracker version out of date."""
    summary = {"summary_en": summary_en.strip(), "summary_fr": summary_fr.strip()}
    errors = {}
    for key, model, texts in [
        ("", TrackerCuration, summary),
        *[
            (f"-{sector_id}", TrackerActions, {"actions_en": en.strip(), "actions_fr": fr.strip()})
            for sector_id, (en, fr) in actions.items()
        ],
    ]:
        try:
            check_texts(model, **texts)
        except ValidationError as error:
            errors.update({name + key: messages for name, messages in error.message_dict.items()})
    if errors:  # nothing is saved: the page shows each problem with the text as it was sent
        raise ValidationError(errors)
    current = TrackerCuration.objects.filter(period=period).first()
    before = (current.summary_en, current.summary_fr) if current else ("", "")
    if before != tuple(summary.values()):
        TrackerCuration.objects.update_or_create(period=period, defaults=summary)
    chosen = {row.sector_id: (row.actions_en, row.actions_fr) for row in TrackerActions.objects.filter(period=period)}
    reported = {  # what the form offers before ARTF words anything: the report's own list, in its language's column
        sector_id: as_columns((text or "").strip(), language)
        for sector_id, text, language in QuarterlyReport.objects.filter(
            period=period, status=Status.APPROVED
        ).values_list("sector_id", "top_actions", "language")
    }
    for sector_id, (text_en, text_fr) in actions.items():
        wording = {"actions_en": text_en.strip(), "actions_fr": text_fr.strip()}
        if chosen.get(sector_id, reported.get(sector_id, ("", ""))) == tuple(wording.values()):
            continue
        TrackerActions.objects.update_or_create(period=period, sector_id=sector_id, defaults=wording)


@transaction.atomic
def tracker_request(
    *, period: ReportingPeriod, language: str, by=None, trigger: str = "request", override: str = ""
) -> TrackerJob:
    """Queue a new version of a period's tracker in a language; the worker renders it.

    Refused (``TrackerUntranslated``, with the list) while a text it prints lacks that language,
    unless ``override`` gives ARTF's reason, which is kept on the version."""
    if language not in TrackerJob.Language.values:
        raise ValidationError({"language": _("Choose English or French.")})
    override = override.strip()
    untranslated = translations.gaps(tracker=period, language=language)
    if untranslated and not override:
        raise TrackerUntranslated(untranslated)
    ReportingPeriod.objects.select_for_update().get(pk=period.pk)  # one version number at a time
    if TrackerJob.objects.filter(
        period=period, language=language, status__in=[TrackerJob.Status.QUEUED, TrackerJob.Status.RUNNING]
    ).exists():
        raise TrackerBusy(_("A tracker for this period and language is already being produced; wait for it to finish."))
    version = (
        TrackerJob.objects.filter(period=period, language=language).aggregate(top=Max("version"))["top"] or 0
    ) + 1
    job = TrackerJob.objects.create(
        period=period,
        language=language,
        version=version,
        requested_by=by,
        trigger=trigger,
        language_override=override[:1000] if untranslated else "",
        untranslated=len(untranslated),
    )
    _queue(job)
    return job


def _queue(job: TrackerJob) -> None:
    """Written with the job, published after the commit (or by the outbox's sweeper once the broker is back)."""
    outbox.enqueue("tracker.tasks.tracker_render", job.pk)


@transaction.atomic
def tracker_retry(*, job: TrackerJob, by) -> TrackerJob:
    """Queue a failed job again, as it was asked (the reason it failed is kept until it runs)."""
    job = TrackerJob.objects.select_for_update().get(pk=job.pk)
    if job.status != TrackerJob.Status.FAILED:
        raise ValidationError(_("Only a failed tracker can be retried."))
    job.status, job.queued_at = TrackerJob.Status.QUEUED, timezone.now()
    job.save(update_fields=["status", "queued_at"])
    _queue(job)
    return job


def _reclaim_after() -> datetime.timedelta:
    """How long after a render started another delivery may take the job over: by then its worker
    is gone (the hard time limit killed it, or the broker gave the message back because it died)."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    return datetime.timedelta(seconds=min(visibility, settings.TRACKER_SOFT_TIME_LIMIT + 60))


def _claim(job_id: int) -> TrackerJob | None:
    """Mark the job running, unless it is done or failed already (a second delivery does nothing).

    A delivery of a job another worker is rendering now (the outbox published it twice, or a retry
    met the first message) raises ``TrackerRunning``: two workers never render one job at once."""
    with transaction.atomic():
        job = TrackerJob.objects.select_for_update().select_related("period").filter(pk=job_id).first()
        if job is None or job.status in (TrackerJob.Status.DONE, TrackerJob.Status.FAILED):
            return None
        if job.status == TrackerJob.Status.RUNNING and job.started_at is not None:
            left = (job.started_at + _reclaim_after() - timezone.now()).total_seconds()
            if left > 0:
                raise TrackerRunning(left)
        # QUEUED, or RUNNING when a worker died mid-render and the broker delivered it again.
        job.status, job.started_at, job.attempts = TrackerJob.Status.RUNNING, timezone.now(), job.attempts + 1
        job.data_as_of = job.started_at  # what it reports is read from now on: later changes make it out of date
        job.save(update_fields=["status", "started_at", "attempts", "data_as_of"])
        return job


def tracker_render(*, job_id: int) -> TrackerJob | None:
    """Render a queued job's PDF, store it whole, then mark the job done; failures say why.

    The file goes through the default storage (the disk or an object store, by settings); the job
    says "done" only once the storage has the whole file, so nobody can download half a PDF.
    Transient database errors are raised for the task to retry; anything else marks the job
    failed, in words.
    """
    from .rendering import render_pdf

    job = _claim(job_id)
    if job is None:
        return None
    try:
        rendered = render_pdf(period=job.period, language=job.language)
        name = _store(f"trackers/{job.period.slug}/{job.filename}", rendered.data)
    except TRANSIENT_ERRORS:
        TrackerJob.objects.filter(pk=job.pk).update(status=TrackerJob.Status.QUEUED)
        raise
    except Exception as error:  # noqa: BLE001 - every other failure is the job's, in words
        logger.exception("Tracker job %s failed", job.pk)
        TrackerJob.objects.filter(pk=job.pk).update(
            status=TrackerJob.Status.FAILED, error=tracker_error_text(error), finished_at=timezone.now()
        )
        return None
    TrackerJob.objects.filter(pk=job.pk).update(
        status=TrackerJob.Status.DONE,
        file=name,
        size=len(rendered.data),
        page_count=rendered.pages,
        sha256=rendered.sha256,
        finished_at=timezone.now(),
        error="",
    )
    return TrackerJob.objects.get(pk=job.pk)


class TrackerNotStored(Exception):
    """The file storage refused the PDF, or kept less of it than was written."""


def _store(name: str, data: bytes) -> str:
    """Save a version's PDF through the default storage under its own name, whole; returns the name kept.

    The name is the job's alone (period, language, version), and one worker renders a job at a
    time: what is there already is this job's, left by an attempt that died, and is replaced."""
    try:
        default_storage.delete(name)  # nothing there is not an error, on disk or in a bucket
        saved = default_storage.save(name, ContentFile(data))
        stored = default_storage.size(saved)
    except SoftTimeLimitExceeded:
        raise
    except Exception as error:  # noqa: BLE001 - the disk's or the object store's, said in words
        raise TrackerNotStored(_storage_reason(error)) from error
    if stored != len(data):
        default_storage.delete(saved)
        raise TrackerNotStored(f"{stored} of {len(data)} bytes kept")
    return saved


def _storage_reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}"


def tracker_error_text(error: Exception) -> str:
    """Why a tracker failed, for the person who asked for it (cut to the length the job keeps)."""
    text = _tracker_error_text(error)
    limit = TrackerJob._meta.get_field("error").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tracker_error_text(error: Exception) -> str:
    if isinstance(error, SoftTimeLimitExceeded):
        return _(
            "Producing the tracker took longer than the %(minutes)s minutes allowed. Retry; if it happens again, "
            "ask an administrator to raise TRACKER_SOFT_TIME_LIMIT."
        ) % {"minutes": settings.TRACKER_SOFT_TIME_LIMIT // 60}
    from .rendering import MissingResources

    if isinstance(error, MissingResources):
        return _(
            "The tracker's stylesheet or fonts could not be loaded (%(reason)s), so it was not published "
            "without them. An administrator should run collectstatic on the worker's host; then retry."
        ) % {"reason": error}
    if isinstance(error, TrackerNotStored):
        return _(
            "The PDF file could not be written to the file storage (%(reason)s). Check its free space, or the "
            "object store's bucket and credentials; then retry."
        ) % {"reason": error}
    cause = error.__cause__ or error
    return _("The tracker could not be laid out: %(reason)s. Retry; if it fails again, tell the ARTF team.") % {
        "reason": f"{type(cause).__name__}: {cause}"
    }


def tracker_mark_stalled(*, older_than: datetime.timedelta) -> int:
    """Fail jobs whose worker stopped without a word (running far longer than allowed); they can be retried."""
    cutoff = timezone.now() - older_than
    return TrackerJob.objects.filter(status=TrackerJob.Status.RUNNING, started_at__lt=cutoff).update(
        status=TrackerJob.Status.FAILED,
        finished_at=timezone.now(),
        error=_("The worker producing this tracker stopped before it finished. Retry."),
    )


def tracker_mark_stale(*, older_than: datetime.timedelta) -> int:
    """Fail jobs queued far longer than a worker takes to start one (the task queue lost them, or no
    worker runs), so that the quarter is not blocked: they say why and can be retried."""
    cutoff = timezone.now() - older_than
    minutes = max(1, round(older_than.total_seconds() / 60))
    return TrackerJob.objects.filter(status=TrackerJob.Status.QUEUED, queued_at__lt=cutoff).update(
        status=TrackerJob.Status.FAILED,
        finished_at=timezone.now(),
        error=ngettext(
            "No worker started this tracker within %(minutes)s minute of its being queued (the task queue "
            "was unavailable or no worker is running). Retry; if it happens again, tell an administrator.",
            "No worker started this tracker within %(minutes)s minutes of its being queued (the task queue "
            "was unavailable or no worker is running). Retry; if it happens again, tell an administrator.",
            minutes,
        )
        % {"minutes": minutes},
    )


def tracker_jobs_sweep() -> int:
    """Fail stalled running jobs and stale queued ones, each with its reason; returns how many."""
    return tracker_mark_stalled(
        older_than=datetime.timedelta(seconds=2 * settings.TRACKER_SOFT_TIME_LIMIT)
    ) + tracker_mark_stale(older_than=datetime.timedelta(seconds=settings.TRACKER_QUEUED_TIMEOUT))


def trackers_schedule(*, today: datetime.date | None = None) -> list[TrackerJob]:
    """Produce the English and French trackers of each period whose due date has passed and whose
    reports are all approved, or once ``TRACKER_AUTO_AFTER_DAYS`` have passed since the due date
    whatever the reports say. Once per period and language (a unique constraint holds it), and
    only for quarters due in the last ``TRACKER_SCHEDULE_LOOKBACK_DAYS`` days."""
    today = today or timezone.localdate()
    wait = datetime.timedelta(days=settings.TRACKER_AUTO_AFTER_DAYS)
    active = Sector.objects.filter(is_active=True).count()
    lookback = datetime.timedelta(days=settings.TRACKER_SCHEDULE_LOOKBACK_DAYS)  # no backfill of old quarters
    approved = dict(
        ReportingPeriod.objects.filter(due_date__lt=today, due_date__gte=today - lookback)
        .annotate(n=Count("reports", filter=Q(reports__status=QuarterlyReport.Status.APPROVED)))
        .values_list("pk", "n")
    )
    scheduled = set(TrackerJob.objects.filter(trigger=TrackerJob.Trigger.SCHEDULE).values_list("period_id", "language"))
    jobs = []
    for period in ReportingPeriod.objects.filter(pk__in=list(approved)).chronological():
        if approved[period.pk] < active and period.due_date + wait > today:
            continue
        for language in TrackerJob.Language.values:
            if (period.pk, language) in scheduled:
                continue
            try:
                jobs.append(tracker_request(period=period, language=language, trigger=TrackerJob.Trigger.SCHEDULE))
            except (IntegrityError, TrackerBusy):
                continue  # another beat run got there first, or someone is producing it now
            except TrackerUntranslated as held:
                # Not published in one language with the other's words: ARTF sees the list on
                # the tracker page and produces it once translated (or overrides).
                logger.info("tracker %s %s held: %s untranslated texts", period.slug, language, len(held.gaps))
    return jobs
