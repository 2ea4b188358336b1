"""What the tracker's worker tests share: Celery on this test's Redis, with nothing left queued."""

import pytest

from config.celery import app


@pytest.fixture
def on_redis(redis_url, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")  # nothing left over from another test
    yield redis_url
    app.conf.update(saved)
