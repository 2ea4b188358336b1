"""The client's address as the site trusts it: one rule for the feedback box and sign-in throttling."""

from __future__ import annotations

from django.conf import settings


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
