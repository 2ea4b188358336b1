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


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (oidc-provider-mock) in its own process on 127.0.0.1: the
    issuer's URL. It asks for a nonce, and knows whatever users a test puts (``oidc_user``)."""
    import importlib.util
    import subprocess
    import sys
    import time
    import urllib.request

    if importlib.util.find_spec("oidc_provider_mock") is None:
        need_service("oidc-provider-mock is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port), "--require-nonce"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1).close()  # noqa: S310 -- our own http://127.0.0.1
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    need_service(f"the OpenID provider did not start: {process.stderr.read().decode()[-500:]}")
                time.sleep(0.2)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def oidc_user(issuer: str, sub: str, **claims) -> None:
    """Tell the provider who ``sub`` is: the claims it gives in the ID token and at userinfo."""
    import json
    import urllib.parse
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 -- our own http://127.0.0.1
        f"{issuer}/users/{urllib.parse.quote(sub, safe='')}",
        data=json.dumps(claims).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    urllib.request.urlopen(request, timeout=5).close()  # noqa: S310


def oidc_authorize(authorize_url: str, sub: str) -> str:
    """Where the provider sends the browser once ``sub`` authorizes at ``authorize_url``: its
    redirect, taken and not followed."""
    import urllib.error
    import urllib.parse
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(authorize_url, data=urllib.parse.urlencode({"sub": sub}).encode())  # noqa: S310
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=5)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        return redirect.headers["Location"]
    raise AssertionError("the provider did not redirect")


# The department's groups at the test provider, and what they mean here.
OIDC_GROUPS = {
    "artf": "11111111-aaaa-4000-8000-000000000001",
    "executive": "11111111-aaaa-4000-8000-000000000002",
    "css-lead": "11111111-aaaa-4000-8000-000000000003",
    "ops-contributor": "11111111-aaaa-4000-8000-000000000004",
}


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    """The site configured for the test provider, as the environment would (config/settings/base.py)."""
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = oidc_provider
    settings.OIDC_RP_CLIENT_ID = "artracker"
    settings.OIDC_RP_CLIENT_SECRET = "test-only-client-secret"  # noqa: S105 -- the test provider takes any
    settings.OIDC_ARTF_GROUPS = [OIDC_GROUPS["artf"]]
    settings.OIDC_EXECUTIVE_GROUPS = [OIDC_GROUPS["executive"]]
    settings.OIDC_SECTOR_GROUPS = {
        OIDC_GROUPS["css-lead"]: "CSS:lead",
        OIDC_GROUPS["ops-contributor"]: "OPS:contributor",
    }
    return settings
