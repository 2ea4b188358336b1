"""A real Celery worker consumes a task from Redis and runs it against the database."""

import pytest
from celery.contrib.testing.worker import start_worker

from actionplans.tasks import plan_summary
from config.celery import app
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.services


def test_embedded_default_runs_tasks_in_process(db, commitment, settings):
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("REDIS_URL is set: tasks go to workers")
    InitiativeFactory(commitment=commitment, status="completed")
    result = plan_summary.delay("CSS")
    assert result.get() == {"sector": "CSS", "total": 1, "by_status": {"completed": 1}}


@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_runs_a_task_end_to_end(redis_url, commitment):
    InitiativeFactory(commitment=commitment, status="in_progress")
    InitiativeFactory(commitment=commitment, status="completed")
    InitiativeFactory(commitment=commitment, status="completed")
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = plan_summary.delay("CSS")
            summary = result.get(timeout=30)
    finally:
        app.conf.update(saved)
    assert summary == {"sector": "CSS", "total": 3, "by_status": {"completed": 2, "in_progress": 1}}
    assert result.status == "SUCCESS"
