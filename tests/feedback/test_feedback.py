"""The anonymous feedback box: what is kept, what is never kept, the rate limit, triage, "you said, we did".

Anonymity is tested by looking where a trace could be: the stored row, every other table, the
change history, the session, the logs (ours, Django's and gunicorn's access log), the cache
and the outbox.
"""

import datetime
import logging
import uuid

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.utils import timezone

from feedback.models import FeedbackSubmission, FeedbackSummary
from sectors.models import Sector
from tests.factories import SectorFactory, UserFactory, artf_user

ADDRESS = "203.0.113.77"
AGENT = "Marker-Agent/9.9 (tracing test)"


def send(client, message, **extra):
    data = {"message": message, **extra}
    return client.post("/en/feedback/", data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)


@pytest.mark.django_db
def test_the_stored_row_holds_the_message_and_the_day_only(client):
    sector = SectorFactory(code="CSS")
    marker = f"marker-{uuid.uuid4().hex}"
    response = send(client, f"Meetings exclude us. {marker}", sector="CSS", theme="inclusion")
    assert response.status_code == 302 and response["Location"] == "/en/feedback/thanks/"
    row = FeedbackSubmission.objects.get()
    assert (row.message, row.sector, row.theme, row.status) == (
        f"Meetings exclude us. {marker}",
        sector,
        "inclusion",
        "new",
    )
    assert row.received_on == timezone.localdate() or row.received_on == timezone.localdate() - datetime.timedelta(
        days=1
    )
    # The model has no place for anything else: adding one must be a decision, so this fails.
    fields = {f.name for f in FeedbackSubmission._meta.concrete_fields}
    # ``shuffled`` says only whether the nightly rewrite has passed over the row's (closed) day; the
    # message's and the note's language are the pages' they were written on (ADR 0001 says why).
    assert fields == {
        "id",
        "message",
        "message_language",
        "sector",
        "theme",
        "received_on",
        "status",
        "triage_note",
        "triage_note_language",
        "shuffled",
    }
    assert row.message_language == "en"  # sent from /en/feedback/
    assert not any(isinstance(f, models.DateTimeField) for f in FeedbackSubmission._meta.concrete_fields)
    assert isinstance(row.pk, uuid.UUID) and row.pk.version == 4  # random: no sequence to order by
    assert not FeedbackSubmission._meta.get_field("sector").related_model is not Sector


@pytest.mark.django_db
def test_no_other_table_no_history_and_no_mail_hold_the_message(client):
    marker = f"marker-{uuid.uuid4().hex}"
    client.force_login(UserFactory())  # even a signed-in employee leaves no trace of who wrote
    session_before = dict(client.session.items())
    send(client, f"Reprisal fears. {marker}")
    assert dict(client.session.items()) == session_before  # the submission is not in the session
    assert mail.outbox == []
    assert not [m for m in apps.get_models() if m.__name__ == "HistoricalFeedbackSubmission"]
    for model in apps.get_models():
        if model is FeedbackSubmission:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                assert not model._default_manager.filter(**{f"{field.name}__contains": marker}).exists(), (
                    f"{model._meta.label}.{field.name} holds the message"
                )


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_no_session(client):
    send(client, "Nobody asked me to sign in.")
    assert "sessionid" not in client.cookies
    assert FeedbackSubmission.objects.count() == 1


@pytest.mark.django_db
def test_logs_never_record_the_message_the_address_or_the_browser(client, caplog):
    caplog.set_level(logging.DEBUG)
    marker = f"marker-{uuid.uuid4().hex}"
    send(client, f"Logged? {marker}")
    send(client, "x" * 5000)  # refused: too long
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + repr(getattr(record, "request", ""))
        for secret in (marker, ADDRESS, AGENT):
            assert secret not in text, (record.name, text[:200])


def test_gunicorn_writes_no_access_line_for_the_box(monkeypatch):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger as GunicornLogger

    from config.gunicorn_logging import Logger, is_quiet

    written = []
    monkeypatch.setattr(
        GunicornLogger, "access", lambda self, resp, req, environ, t: written.append(environ["PATH_INFO"])
    )
    logger = Logger(Config())
    for path in ("/en/feedback/", "/fr/feedback/thanks/", "/en/feedback/triage/", "/en/dashboard/"):
        logger.access(None, None, {"PATH_INFO": path}, None)
    assert written == ["/en/feedback/triage/", "/en/dashboard/"]
    assert is_quiet("/feedback/") and not is_quiet("/en/plans/CSS/")


@pytest.mark.django_db
def test_a_message_too_long_is_refused_in_words_and_nothing_is_kept(client):
    response = send(client, "x" * 2001)
    assert response.status_code == 422
    assert "at most 2000 characters" in response.content.decode()
    assert not FeedbackSubmission.objects.exists()


@pytest.mark.django_db
def test_the_page_says_plainly_that_free_text_can_identify_someone(client):
    body = client.get("/en/feedback/").content.decode()
    assert "What you write can itself identify you." in body
    assert "you do not need to sign in" in body
    assert "Tout ce que vous écrivez peut vous identifier." in client.get("/fr/feedback/").content.decode()


# -- the rate limit ------------------------------------------------------------------------------
def limited(client, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    assert send(client, "one").status_code == 302
    assert send(client, "two").status_code == 302
    third = send(client, "three, kept in the form only")
    assert third.status_code == 429
    body = third.content.decode()
    assert "Nothing was kept from this attempt" in body and "three, kept in the form only" in body
    assert FeedbackSubmission.objects.count() == 2
    other = client.post("/en/feedback/", {"message": "from elsewhere"}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 302  # another address has its own count


@pytest.mark.django_db
def test_the_rate_limit_in_the_embedded_cache(client, settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    limited(client, settings)
    keys = [key for key in cache._cache if settings.FEEDBACK_RATE_NAMESPACE in key]
    assert keys and not any(ADDRESS in key or "198.51.100.4" in key for key in keys)


@pytest.mark.services
@pytest.mark.django_db
def test_the_rate_limit_in_redis_keeps_only_keyed_hashes_that_expire(client, settings, redis_url):
    import redis

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url, "KEY_PREFIX": "t"}
    }
    limited(client, settings)
    server = redis.Redis.from_url(redis_url)
    keys = [k.decode() for k in server.keys(f"*{settings.FEEDBACK_RATE_NAMESPACE}*")]
    try:
        assert len(keys) == 3  # one count per address and the department's count: no salt
        for key in keys:
            assert ADDRESS not in key and "198.51.100.4" not in key
            assert server.get(key).isdigit()  # counts only
            assert 0 < server.ttl(key) <= 2 * settings.FEEDBACK_RATE_WINDOW  # forgotten after the next window
    finally:
        if keys:
            server.delete(*keys)


PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the app from it


def through_proxy(client, message, forwarded_for):
    return client.post("/en/feedback/", {"message": message}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.django_db
def test_behind_the_proxy_each_employee_has_their_own_count(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.FEEDBACK_RATE_LIMIT = 1, 2
    for n in range(2):
        assert through_proxy(client, f"first person {n}", "192.0.2.10").status_code == 302
    refused = through_proxy(client, "first person, third", "192.0.2.10")
    assert refused.status_code == 429
    # Someone else behind the same proxy has sent nothing and is not blocked by the first person.
    assert through_proxy(client, "second person", "192.0.2.11").status_code == 302
    assert FeedbackSubmission.objects.count() == 3
    body = refused.content.decode()
    assert "even if you have sent nothing" in body and "first person, third" in body


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_buy_a_new_count(client, settings):
    """The client may write anything into X-Forwarded-For; only the entry our proxy appended counts."""
    settings.TRUSTED_PROXY_COUNT, settings.FEEDBACK_RATE_LIMIT = 1, 2
    for n in range(2):
        assert through_proxy(client, f"m{n}", f"203.0.113.{n}, 192.0.2.10").status_code == 302
    assert through_proxy(client, "m2", "203.0.113.99, 192.0.2.10").status_code == 429


@pytest.mark.django_db
def test_with_no_trusted_proxy_the_header_is_never_read(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.FEEDBACK_RATE_LIMIT = 0, 2
    for n in range(2):
        assert through_proxy(client, f"m{n}", f"192.0.2.{n}").status_code == 302
    assert through_proxy(client, "m2", "192.0.2.77").status_code == 429


def test_production_trusts_the_one_proxy_it_expects():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    env = {
        **__import__("os").environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        "REDIS_URL": "redis://:test-only@127.0.0.1:6379/0",
        "SITE_URL": "https://example.org",
    }
    env.pop("DJANGO_TRUSTED_PROXY_COUNT", None)
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "1", out.stderr


# -- triage and "you said, we did" ------------------------------------------------------------
@pytest.mark.django_db
def test_triage_lists_a_day_in_an_order_that_says_nothing_about_arrival(client, settings):
    settings.FEEDBACK_RATE_LIMIT = 100
    for n in range(30):
        send(client, f"message {n:02d}")
    client.force_login(artf_user())
    response = client.get("/en/feedback/triage/")
    shown = [row.message for row, _form in response.context["rows"]]
    arrival = [f"message {n:02d}" for n in range(30)]
    assert sorted(shown) == arrival and shown != arrival
    by_key = [r.message for r in sorted(FeedbackSubmission.objects.all(), key=lambda r: str(r.pk))]
    assert shown == by_key  # fixed: the same order every time


@pytest.mark.django_db
def test_artf_changes_a_status_and_publishes_a_summary(client):
    send(client, "Training is online only.")
    row = FeedbackSubmission.objects.get()
    client.force_login(artf_user())
    response = client.post(
        f"/en/feedback/triage/{row.pk}/",
        {
            f"{row.pk}-status": "actioned",
            f"{row.pk}-note": "In-person sessions booked.",
            "next": "/en/feedback/triage/?status=new",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/en/feedback/triage/?status=new#item-{row.pk}"
    row.refresh_from_db()
    assert (row.status, row.triage_note) == ("actioned", "In-person sessions booked.")
    assert client.post(f"/en/feedback/triage/{row.pk}/", {"next": "https://evil.example/"})["Location"].startswith(
        "/en/feedback/triage/"
    )
    client.post(
        "/en/feedback/summaries/new/",
        {
            "title_en": "Training",
            "said_en": "Online-only training.",
            "did_en": "In-person sessions.",
            "is_published": "on",
        },
    )
    client.post("/en/feedback/summaries/new/", {"title_en": "Draft", "said_en": "x", "did_en": "y"})
    assert FeedbackSummary.objects.get(title_en="Training").published_on is not None
    client.logout()
    page = client.get("/en/feedback/").content.decode()
    assert "In-person sessions." in page and "Draft" not in page


@pytest.mark.django_db
def test_triage_queries_do_not_grow(client, django_assert_num_queries):
    sector = SectorFactory(code="CSS")
    for n in range(40):
        FeedbackSubmission.objects.create(message=f"m{n}", sector=sector, received_on=timezone.localdate())
    client.force_login(artf_user())
    with django_assert_num_queries(6):
        client.get("/en/feedback/triage/")
