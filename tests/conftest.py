import os
import socket
import uuid
from urllib.parse import urlparse

import pytest

from tests.factories import CommitmentFactory, MembershipFactory, PhaseFactory, SectorFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need_service(reason: str):
    """Skip when a service is missing on a developer machine; fail in CI (REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        need_service("REDIS_URL is not set")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2).close()
    except OSError:
        need_service(f"Redis does not answer at {url}")
    return url


@pytest.fixture(autouse=True)
def fresh_rate_limit(settings):
    """Each test counts feedback submissions from zero: Redis outlives a test run, and every
    browser test posts from 127.0.0.1, so shared counts would trip the limit across runs."""
    settings.FEEDBACK_RATE_NAMESPACE = f"feedback-test-{uuid.uuid4().hex}"


@pytest.fixture
def sector(db):
    return SectorFactory(code="CSS", name_en="Corporate Services", name_fr="Services ministériels")


@pytest.fixture
def other_sector(db):
    return SectorFactory(code="OPS", name_en="Operations", name_fr="Opérations")


@pytest.fixture
def commitment(sector):
    phase = PhaseFactory(number=1)
    return CommitmentFactory(plan__sector=sector, plan__strategy=phase.strategy)


@pytest.fixture
def lead(sector):
    return MembershipFactory(user=UserFactory(username="lead-css"), sector=sector).user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def celery_in_process():
    """Tasks a test sets off run in the test's process; tests about workers start a real one."""
    from config.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a French request leaves French active in
    the thread it ran in, and the next test would otherwise inherit it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def today_is_the_day_the_test_runs(request, monkeypatch):
    """A module's TODAY means the day its test runs, not the day the module was imported: a run
    that crosses midnight (America/Toronto) would otherwise compare yesterday with today."""
    from django.utils import timezone

    if hasattr(request.module, "TODAY"):
        monkeypatch.setattr(request.module, "TODAY", timezone.localdate())
