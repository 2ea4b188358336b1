"""Configuration mistakes about signing in that would otherwise show only when someone signs in."""

from django.conf import settings
from django.core.checks import Warning, register

from sectors.models import Membership


@register("security")
def provider_configuration(app_configs=None, **kwargs):
    """``OIDC_SECTOR_GROUPS`` entries that name no role, and a password form switched off for nothing."""
    roles = set(Membership.Role.values)
    problems = [
        Warning(
            f"OIDC_SECTOR_GROUPS gives group {group} the value {target!r}: write SECTOR-CODE:lead or SECTOR-CODE:contributor.",
            id="accounts.W001",
        )
        for group, target in settings.OIDC_SECTOR_GROUPS.items()
        if str(target).partition(":")[2].strip().lower() not in roles or not str(target).partition(":")[0].strip()
    ]
    if not settings.LOCAL_SIGN_IN and not settings.OIDC_ENABLED:
        problems.append(
            Warning(
                "LOCAL_SIGN_IN=0 has no effect without an identity provider (OIDC_CLIENT_ID and OIDC_ISSUER): "
                "the username and password form stays.",
                id="accounts.W002",
            )
        )
    return problems
