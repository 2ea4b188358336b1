"""Abuse control without identity: a count per salted hash of the address, in the cache only.

The salt is random, lives in the cache (Redis in production) beside the counts and expires with
them, so a hash cannot be matched to an address after the window, nor by anyone without the
cache during it. Nothing here reaches the database or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache


def client_address(meta) -> str:
    """The address of the person's own connection, as the last trusted proxy saw it.

    Behind ``TRUSTED_PROXY_COUNT`` proxies, each appends the address it received from to
    X-Forwarded-For, so the client is the header's Nth entry from the right; anything further
    left was written by the client and is ignored. With no trusted proxy the header is never read.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return meta.get("REMOTE_ADDR", "")


def _key(name: str) -> str:
    return f"{settings.FEEDBACK_RATE_NAMESPACE}:{name}"


def _salt() -> bytes:
    salt = cache.get(_key("salt"))
    if salt is None:
        cache.add(_key("salt"), secrets.token_hex(32), timeout=settings.FEEDBACK_RATE_WINDOW)
        salt = cache.get(_key("salt"))
    return salt.encode()


def address_key(address: str) -> str:
    return _key("count:" + hmac.new(_salt(), address.encode(), hashlib.sha256).hexdigest())


def allow(address: str) -> bool:
    """Count one submission from ``address``; False once the window's limit is reached."""
    key = address_key(address or "unknown")
    cache.add(key, 0, timeout=settings.FEEDBACK_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.FEEDBACK_RATE_WINDOW)
        count = 1
    return count <= settings.FEEDBACK_RATE_LIMIT
