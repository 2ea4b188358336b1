"""Abuse control without identity: counts per keyed hash of the address, in the cache only.

- **Windows on the clock.** Time is cut into fixed windows (``FEEDBACK_RATE_WINDOW`` seconds,
  counted from the epoch). Every count of window *w* lives under a key naming *w* and expires at
  the same moment, the end of window *w + 1*, whatever time its first message came: a count's
  expiry says which window it belongs to and nothing about when within it the address first wrote.
- **No salt in the cache.** The hash is an HMAC whose key is derived from a secret setting
  (``FEEDBACK_RATE_SECRET``, else ``SECRET_KEY``) and the window's number, so it changes every
  window and nothing in Redis lets anyone test an address against a count. The same address
  gives unrelated hashes in two windows.
- **A sliding limit.** A submission counts the current window in full and the previous one in
  proportion to how much of it still lies within the last ``FEEDBACK_RATE_WINDOW`` seconds, so
  the limit does not reset for everyone at once when a window ends.
- **What one connection is.** IPv4 is counted per address, IPv6 per /64 (one household or
  machine holds a whole /64, and would otherwise be unlimited).
- **A department-wide ceiling.** ``FEEDBACK_RATE_CEILING`` accepted messages per window, all
  addresses together, so that a flood from many addresses cannot swamp triage. Refused attempts
  do not count towards it, so one address hammering the box cannot close it for everyone.

Nothing here reaches the database or a log. When the cache cannot be reached, ``check`` raises
``Unavailable`` and the box asks the person to try again: without a count it cannot tell a person
from a flood.
"""

from __future__ import annotations

import enum
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from core.network import client_address  # noqa: F401 - the box's views ask it through this module


class Verdict(enum.Enum):
    ALLOWED = "allowed"
    TOO_MANY = "too_many"  # this connection sent the most it may
    BUSY = "busy"  # the department-wide ceiling is reached


class Unavailable(Exception):
    """The cache that holds the counts cannot be reached."""


def connection_of(address: str) -> str:
    """What one connection is for the limit: an IPv4 address, or the /64 an IPv6 address is in."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip() or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip), 64), strict=False))
    return str(ip)


def _window(now: float) -> tuple[int, float]:
    """The current window's number and the share of it already gone."""
    number, elapsed = divmod(now, settings.FEEDBACK_RATE_WINDOW)
    return int(number), elapsed / settings.FEEDBACK_RATE_WINDOW


def _key(window: int, name: str) -> str:
    return f"{settings.FEEDBACK_RATE_NAMESPACE}:{window}:{name}"


def _connection_key(window: int, connection: str) -> str:
    secret = settings.FEEDBACK_RATE_SECRET or settings.SECRET_KEY
    digest = salted_hmac(f"feedback.ratelimit.{window}", connection, secret=secret, algorithm="sha256")
    return _key(window, digest.hexdigest())


def _department_key(window: int) -> str:
    return _key(window, "department")


def _expires_at(window: int) -> int:
    """Every count of ``window`` expires at the end of the next window (read as "previous" there)."""
    return (window + 2) * settings.FEEDBACK_RATE_WINDOW


def _incr(key: str, expires_at: int) -> int:
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One atomic round trip, and an absolute expiry: every count of a window ends at the
        # same second. (Django's cache API takes only a relative timeout.)
        name = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(name, write=True).pipeline()
        pipe.incr(name)
        pipe.expireat(name, expires_at)
        return int(pipe.execute()[0])
    # Any other cache (the embedded default, one process): the same, to the second.
    timeout = max(1, expires_at - int(time.time()))
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def _counts(*keys: str) -> list[int]:
    found = cache.get_many(keys)
    return [int(found.get(key) or 0) for key in keys]


def check(address: str) -> Verdict:
    """Count one submission from ``address`` and say whether the box may keep it."""
    window, elapsed = _window(time.time())
    still_counted = 1 - elapsed  # the share of the previous window inside the sliding window
    connection = connection_of(address)
    try:
        mine = _incr(_connection_key(window, connection), _expires_at(window))
        mine_before, everyone, everyone_before = _counts(
            _connection_key(window - 1, connection), _department_key(window), _department_key(window - 1)
        )
        if mine + mine_before * still_counted > settings.FEEDBACK_RATE_LIMIT:
            return Verdict.TOO_MANY
        if everyone + 1 + everyone_before * still_counted > settings.FEEDBACK_RATE_CEILING:
            return Verdict.BUSY
        _incr(_department_key(window), _expires_at(window))
    except (RedisError, OSError) as error:
        raise Unavailable from error
    return Verdict.ALLOWED
