"""Real Celery workers on Redis produce the tracker; a worker killed mid-render loses nothing."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from pypdf import PdfReader

from actionplans.models import ActionPlan, Commitment, Initiative
from config.celery import app
from core.database import current_database_url
from demo.plans import demo_load
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from tests.translating import translate_everything
from tracker import services as tracker_services

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def wait_for(job, statuses, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job still {job.status} after {timeout} s: {job.error}")


def test_a_worker_renders_the_demo_tracker_in_both_languages(on_redis):
    demo_load()
    translate_everything(ReportingPeriod.objects.get(slug="2025-26-q2"))
    period = ReportingPeriod.objects.get(slug="2025-26-q2")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        jobs = [tracker_services.tracker_request(period=period, language=language) for language in ("en", "fr")]
        for job in jobs:
            wait_for(job, {"done", "failed"}, timeout=120)
    for job, word in zip(jobs, ("Top actions by sector", "Principales mesures par secteur"), strict=True):
        assert job.status == "done", job.error
        reader = PdfReader(job.file.path)
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert word in text and "(CSS)" in text and "(OPS)" in text
        assert job.page_count == len(reader.pages) and len(job.sha256) == 64 and job.attempts == 1


def worker_process(redis_url: str, name: str, **environment: str) -> subprocess.Popen:
    """A Celery worker in its own process, on this test's database and Redis (``environment`` adds to it)."""
    url = current_database_url()
    env = {
        **os.environ,
        **environment,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "CELERY_VISIBILITY_TIMEOUT": "3",  # a message a dead worker held goes back after 3 s…
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",  # …looked for every second
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-n", f"{name}@%h"]
    command += ["--without-mingle", "--without-gossip", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, start_new_session=True)


def test_a_worker_killed_mid_render_leaves_no_partial_file_and_the_job_finishes(on_redis, client):
    demo_load()
    period = ReportingPeriod.objects.get(slug="2025-26-q2")
    # Enough initiatives for a render of several seconds, so the kill lands in the middle of it, in
    # a sector whose report is not approved (the annex lists those as their plan stands).
    approved = QuarterlyReport.objects.filter(period=period, status="approved").values("sector_id")
    plan = ActionPlan.objects.exclude(sector_id__in=approved).filter(sector__is_active=True).first()
    for n in range(30):
        commitment = Commitment.objects.create(plan=plan, number=100 + n, statement_en=f"Scaled commitment {n}")
        Initiative.objects.bulk_create(
            Initiative(
                commitment=commitment,
                number=i + 1,
                title_en=f"Scaled initiative {n}.{i} with a title long enough to wrap in the annex table",
                status="in_progress",
                planned_end=datetime.date(2026, 3, 31),
            )
            for i in range(60)
        )
    first = worker_process(on_redis, "first")
    try:
        job = tracker_services.tracker_request(period=period, language="en")
        wait_for(job, {"running"}, timeout=60)
        time.sleep(1.5)
        os.killpg(first.pid, signal.SIGKILL)  # the worker dies in the middle of the render
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    job.refresh_from_db()
    assert job.status == "running" and not job.file  # nothing to download
    target = Path(settings.MEDIA_ROOT) / "trackers" / period.slug / job.filename
    assert not target.exists()
    from tests.factories import executive_user

    client.force_login(executive_user())
    assert client.get(f"/en/tracker/jobs/{job.pk}/download/").status_code == 404

    second = worker_process(on_redis, "second")
    try:
        wait_for(job, {"done", "failed"}, timeout=180)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert job.status == "done", job.error
    assert job.attempts == 2  # delivered again after the first worker died
    reader = PdfReader(job.file.path)
    assert job.page_count == len(reader.pages) > 20
    assert Path(job.file.path) == target
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".part")] == []  # no half file left
