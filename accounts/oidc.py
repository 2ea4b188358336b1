"""Signing in through the department's identity provider (OpenID Connect, mozilla-django-oidc).

The library runs the authorization code flow with PKCE, checks the state and the nonce, and checks
the ID token's signature against the provider's keys. This module adds what a department needs
around it (docs/adr/0006-openid-connect-with-mozilla-django-oidc.md):

- the provider's endpoints read from its discovery document when the environment names only the
  issuer (``provider()``);
- the ID token's issuer and audience checked (the library checks neither), so a token the provider
  issued to another application is refused;
- the person found by the provider's subject, never by e-mail, and their account and roles written
  by ``accounts.services.provider_sign_in`` (``identity_from_claims``, ``roles_from_claims``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .services import LANGUAGE_CODES

logger = logging.getLogger("accounts.signin")


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read (down, or not an OpenID provider)."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str
    end_session_endpoint: str


@lru_cache(maxsize=4)
def _discovered(issuer: str) -> dict:
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{url}: {type(error).__name__}") from error
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ProviderUnavailable(f"{url} names another issuer")
    return document


def provider() -> Provider:
    """The provider's endpoints: those the environment gives, the rest from its discovery document."""
    explicit = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
        "end_session_endpoint": settings.OIDC_OP_END_SESSION_ENDPOINT,
    }
    issuer = settings.OIDC_ISSUER
    needed = [name for name, value in explicit.items() if not value and name != "end_session_endpoint"]
    document = _discovered(issuer) if issuer and (needed or not explicit["end_session_endpoint"]) else {}
    values = {name: value or document.get(name, "") for name, value in explicit.items()}
    missing = [name for name, value in values.items() if not value and name != "end_session_endpoint"]
    if missing:
        raise ProviderUnavailable(f"no {', '.join(missing)}: set OIDC_ISSUER or the OIDC_*_ENDPOINT variables")
    return Provider(issuer=issuer, **values)


def _language(value) -> str:
    """ "fr-CA", "fr_CA", "FR" → "fr"; a language this site does not have → "" (no preference)."""
    code = str(value or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGE_CODES else ""


def identity_from_claims(claims: dict) -> services.Identity:
    first, last = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (first or last):
        first = claims.get("name") or ""  # a whole name is not split: names do not split the same way
    email = claims.get("email") or ""
    return services.Identity(
        subject=str(claims["sub"]),
        username=str(claims.get("preferred_username") or email or claims["sub"]),
        email=email,
        first_name=first,
        last_name=last,
        language=_language(claims.get(settings.OIDC_LANGUAGE_CLAIM)),
    )


def roles_from_claims(claims: dict) -> services.Roles:
    """The groups (or app roles) in the claims, read through the configured mapping; lead wins over
    contributor when a person is in both groups of one sector."""
    granted = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(granted, str):
        granted = [granted]
    groups = {str(group) for group in granted}
    sectors: dict[str, str] = {}
    for group, target in settings.OIDC_SECTOR_GROUPS.items():
        if group not in groups:
            continue
        code, _sep, role = str(target).partition(":")
        role = role.strip().lower()
        if role not in ("lead", "contributor"):  # the system check accounts.W001 says so at start
            logger.warning("OIDC_SECTOR_GROUPS: %s names no role lead or contributor; ignored", group)
            continue
        code = code.strip().upper()
        if sectors.get(code) != "lead":
            sectors[code] = role
    return services.Roles(
        artf=bool(groups & set(settings.OIDC_ARTF_GROUPS)),
        executive=bool(groups & set(settings.OIDC_EXECUTIVE_GROUPS)),
        sectors=sectors,
    )


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, answering only its own callback (the one call with a nonce)."""

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every sign-in, local ones too: the provider is read only
        # when this backend is asked to sign someone in.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        self.configure()
        return super().authenticate(request, **kwargs)

    def configure(self) -> None:
        """The library's settings, read from the environment's and the provider's now."""
        endpoints = provider()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.issuer = endpoints.issuer

    def retrieve_matching_jwk(self, token):
        """The provider's key for the token: by its key id, or, when the token names none (RFC 7515
        makes it optional), the provider's one key for the token's algorithm."""
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        algorithm = jwt.get_unverified_header(token).get("alg")
        keys = [key for key in response.json().get("keys", []) if key.get("alg", algorithm) == algorithm]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key, and the provider has more than one.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        """The library's checks (signature, expiry, nonce), then the audience and the issuer."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The ID token's authorized party is another client.")
        if self.issuer and str(payload.get("iss", "")).rstrip("/") != self.issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The ID token's claims (where Entra ID puts groups and app roles), completed by userinfo."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if str(userinfo.get("sub", payload.get("sub"))) != str(payload.get("sub")):
                raise SuspiciousOperation("The userinfo answer is about another person.")
            claims.update(userinfo)
        if not claims.get("sub"):
            raise SuspiciousOperation("The ID token names no subject.")
        return services.provider_sign_in(identity=identity_from_claims(claims), roles=roles_from_claims(claims))
