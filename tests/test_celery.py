"""A real Celery worker consumes a task from Redis and runs it against the database."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from config.celery import app
from tests.factories import PeriodFactory, TrackerJobFactory
from tracker.models import TrackerJob
from tracker.tasks import tracker_jobs_sweep

pytestmark = pytest.mark.services


def stale_jobs(*, stale: int) -> None:
    """``stale`` tracker jobs queued three hours ago (the sweep fails them) and one fresh job (left alone)."""
    period = PeriodFactory()
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    for version in range(1, stale + 1):
        TrackerJobFactory(period=period, version=version, queued_at=long_ago)
    TrackerJobFactory(period=period, version=stale + 1)


def test_embedded_default_runs_tasks_in_process(db, settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("REDIS_URL is set: tasks go to workers")
    stale_jobs(stale=1)
    result = tracker_jobs_sweep.delay()
    assert result.get() == 1
    assert sorted(TrackerJob.objects.values_list("status", flat=True)) == ["failed", "queued"]


@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_runs_a_task_end_to_end(redis_url):
    stale_jobs(stale=2)
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = tracker_jobs_sweep.delay()
            swept = result.get(timeout=30)
    finally:
        app.conf.update(saved)
    assert swept == 2
    assert result.status == "SUCCESS"
    assert sorted(TrackerJob.objects.values_list("status", flat=True)) == ["failed", "failed", "queued"]
