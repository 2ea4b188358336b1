"""The feedback box's rate limit: what Redis holds, when it forgets, what one connection is, the
department-wide ceiling, and what a person sees when the cache is down (issue 13 items 3, 7, 9)."""

import socket
import time

import pytest
from django.utils.crypto import salted_hmac

from feedback.models import FeedbackSubmission

PROXY = "10.0.0.2"


def post(client, message, address, language="en"):
    return client.post(f"/{language}/feedback/", {"message": message}, REMOTE_ADDR=address)


@pytest.fixture
def redis_cache(settings, redis_url):
    import redis

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "t",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
    server = redis.Redis.from_url(redis_url)
    yield server
    keys = server.keys(f"*{settings.FEEDBACK_RATE_NAMESPACE}*")
    if keys:
        server.delete(*keys)


def box_keys(server, settings):
    return sorted(k.decode() for k in server.keys(f"*{settings.FEEDBACK_RATE_NAMESPACE}*"))


# -- item 7: what Redis holds --------------------------------------------------------------------
@pytest.mark.services
@pytest.mark.django_db
def test_every_count_of_a_window_expires_at_the_same_moment(client, settings, redis_cache):
    """A count's expiry must not tell when its address first wrote: two counts begun a second
    apart end at the same millisecond, the end of the window after the one they count."""
    assert post(client, "first", "192.0.2.1").status_code == 302
    time.sleep(1.1)
    assert post(client, "second", "192.0.2.2").status_code == 302
    keys = box_keys(redis_cache, settings)
    assert len(keys) == 3  # two addresses and the department's count
    ends = {redis_cache.pexpiretime(key) for key in keys}
    assert len(ends) == 1, ends
    (end,) = ends
    window = settings.FEEDBACK_RATE_WINDOW
    assert end % (window * 1000) == 0  # on the clock's window boundary
    assert 0 < end / 1000 - time.time() <= 2 * window


@pytest.mark.services
@pytest.mark.django_db
def test_nothing_in_redis_lets_anyone_test_an_address(client, settings, redis_cache):
    """No salt beside the counts: the hash's key comes from a secret setting that never reaches Redis."""
    settings.FEEDBACK_RATE_SECRET = "rate-secret-" + "s" * 40
    assert post(client, "one", "192.0.2.7").status_code == 302
    keys = box_keys(redis_cache, settings)
    values = [redis_cache.get(key) for key in keys]
    assert all(value.isdigit() for value in values), values  # counts, nothing else
    assert not any("salt" in key for key in keys)
    everything = b" ".join(k + b" " + (redis_cache.dump(k) or b"") for k in redis_cache.keys("*"))
    assert settings.FEEDBACK_RATE_SECRET.encode() not in everything
    assert settings.SECRET_KEY.encode() not in everything
    # With the secret (and only with it) the address's count can be found: the window's number and
    # the address are not enough, since the secret keys the hash.
    window = int(time.time()) // settings.FEEDBACK_RATE_WINDOW
    keyed = salted_hmac(
        f"feedback.ratelimit.{window}", "192.0.2.7", secret=settings.FEEDBACK_RATE_SECRET, algorithm="sha256"
    )
    unkeyed = salted_hmac(f"feedback.ratelimit.{window}", "192.0.2.7", secret="", algorithm="sha256")
    assert any(key.endswith(keyed.hexdigest()) for key in keys)
    assert not any(key.endswith(unkeyed.hexdigest()) for key in keys)


@pytest.mark.services
@pytest.mark.django_db
def test_the_limit_does_not_reset_for_everyone_when_a_window_ends(client, settings, redis_cache):
    """A window's counts still weigh on the start of the next one: sending the most one may at the
    end of a window does not buy a fresh allowance a moment later."""
    settings.FEEDBACK_RATE_WINDOW, settings.FEEDBACK_RATE_LIMIT = 4, 2
    time.sleep(4 - time.time() % 4 + 0.05)  # just after a window starts
    assert [post(client, f"m{n}", "192.0.2.9").status_code for n in range(3)] == [302, 302, 429]
    time.sleep(4 - time.time() % 4 + 1.0)  # a quarter into the next window
    assert post(client, "right after the window", "192.0.2.9").status_code == 429
    assert FeedbackSubmission.objects.count() == 2


# -- item 9: what one connection is, and the department's ceiling ---------------------------------
@pytest.mark.django_db
def test_ipv6_is_counted_per_64(client, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    assert post(client, "a", "2001:db8:1:2::1").status_code == 302
    assert post(client, "b", "2001:db8:1:2:aaaa:bbbb:cccc:dddd").status_code == 302
    assert post(client, "c, same /64", "2001:db8:1:2:ffff::3").status_code == 429  # one household's /64
    assert post(client, "d, next /64", "2001:db8:1:3::1").status_code == 302
    assert FeedbackSubmission.objects.count() == 3


@pytest.mark.django_db
def test_ipv6_behind_the_proxy_is_counted_per_64_too(client, settings):
    settings.TRUSTED_PROXY_COUNT, settings.FEEDBACK_RATE_LIMIT = 1, 1
    send = lambda m, a: client.post("/en/feedback/", {"message": m}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=a)  # noqa: E731
    assert send("a", "2001:db8:9:9::1").status_code == 302
    assert send("b", "2001:db8:9:9::2").status_code == 429
    assert send("c", "192.0.2.50").status_code == 302
    assert send("d", "::ffff:192.0.2.50").status_code == 429  # the same IPv4 address, written as IPv6


@pytest.mark.django_db
def test_the_department_ceiling_asks_everyone_to_wait_and_keeps_the_text(client, settings):
    settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_CEILING = 5, 3
    for n in range(3):
        assert post(client, f"person {n}", f"192.0.2.{10 + n}").status_code == 302
    refused = post(client, "a fourth person, kept in the form", "192.0.2.99")
    assert refused.status_code == 429 and refused["Retry-After"]
    body = refused.content.decode()
    assert "unusual number of messages from across the department" in body and "try again in a few minutes" in body
    assert "a fourth person, kept in the form" in body
    assert FeedbackSubmission.objects.count() == 3
    french = post(client, "une cinquième", "192.0.2.98", language="fr").content.decode()
    assert "de l’ensemble du ministère" in french and "réessayer dans quelques minutes" in french
    assert "une cinquième" in french


@pytest.mark.django_db
def test_one_address_hammering_the_box_does_not_close_it_for_everyone(client, settings):
    """Only kept messages count towards the ceiling, so refused attempts from one address (or one
    person behind a shared connection) do not use it up."""
    settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_CEILING = 1, 3
    assert post(client, "kept", "192.0.2.20").status_code == 302
    for n in range(10):
        assert post(client, f"refused {n}", "192.0.2.20").status_code == 429
    assert post(client, "someone else", "192.0.2.21").status_code == 302
    assert post(client, "a third person", "192.0.2.22").status_code == 302
    assert post(client, "a fourth: the ceiling", "192.0.2.23").status_code == 429
    assert FeedbackSubmission.objects.count() == 3


# -- item 3: the cache is down ---------------------------------------------------------------------
def point_cache_at(settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_timeout": settings.CACHE_SOCKET_TIMEOUT,
                "socket_connect_timeout": settings.CACHE_SOCKET_TIMEOUT,
            },
        }
    }


@pytest.mark.services
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_with_redis_stopped_the_box_says_try_again_and_keeps_the_text(client, settings, own_redis, language):
    redis = own_redis(6380)
    point_cache_at(settings, redis.url)
    assert post(client, "before the outage", "192.0.2.30", language).status_code == 302
    redis.stop()
    started = time.monotonic()
    response = post(client, "during the outage, kept in the form", "192.0.2.30", language)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and response["Retry-After"]
    body = response.content.decode()
    assert "during the outage, kept in the form" in body
    if language == "en":
        assert "technical problem on our side" in body and "try again in a few minutes" in body
    else:
        assert "problème technique de notre côté" in body and "réessayer dans quelques minutes" in body
    assert list(FeedbackSubmission.objects.values_list("message", flat=True)) == ["before the outage"]
    assert elapsed < 3, f"the answer took {elapsed:.1f} s"


@pytest.mark.django_db
def test_with_redis_hung_the_box_answers_within_the_cache_timeout(client, settings):
    """A Redis that takes connections but never answers must not hold the person's page."""
    hung = socket.socket()
    hung.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    hung.bind(("127.0.0.1", 6381))
    hung.listen(16)
    try:
        point_cache_at(settings, "redis://127.0.0.1:6381/0")
        started = time.monotonic()
        response = post(client, "while Redis hangs", "192.0.2.31")
        elapsed = time.monotonic() - started
    finally:
        hung.close()
    assert response.status_code == 503 and "while Redis hangs" in response.content.decode()
    assert elapsed < 2 + settings.CACHE_SOCKET_TIMEOUT, f"the answer took {elapsed:.1f} s"
    assert not FeedbackSubmission.objects.exists()
