"""Writes to a person's account.

``preferred_language_set`` is the one way a person's language is stored: the language switch in
the header, "My preferences" and a first sign-in through the department's identity provider call
it. ``provider_sign_in`` is the one way an account and its roles follow the identity provider:
``roles_apply`` writes the ARTF and executive groups and the sector memberships the provider gives.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sectors.models import Membership, Sector

from .models import User

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


@transaction.atomic
def preferred_language_set(*, user: User, language: str) -> User:
    """Store the language ``user`` reads the site and their e-mails in ("" for no preference)."""
    if language not in ("", *LANGUAGE_CODES):
        raise ValidationError(
            _("%(language)s is not a language of this site: choose English, French or no preference.")
            % {"language": language}
        )
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


@dataclass(frozen=True)
class Roles:
    """What the identity provider says a person is here; nothing at all makes a reader."""

    artf: bool = False
    executive: bool = False
    sectors: dict[str, str] = field(default_factory=dict)  # sector code → Membership.Role value


@dataclass(frozen=True)
class Identity:
    """The person as the identity provider describes them (from the ID token and userinfo claims)."""

    subject: str
    username: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    language: str = ""  # one of LANGUAGE_CODES, or "" when the provider says nothing we speak


def _free_username(identity: Identity) -> str:
    """The provider's username when nobody here has it yet, else the same with a mark of the subject."""
    username = re.sub(r"[^\w.@+-]", "-", identity.username)[:150]
    if not User.objects.filter(username__iexact=username).exists():
        return username
    mark = hashlib.sha256(identity.subject.encode()).hexdigest()[:8]
    return f"{username[:141]}-{mark}"


@transaction.atomic
def provider_sign_in(*, identity: Identity, roles: Roles) -> User:
    """The account of a person the provider signed in: made on their first sign-in, with their name,
    e-mail and language; their name and e-mail follow the provider afterwards (their language is
    theirs to change here), and their roles are the provider's at every sign-in."""
    user = User.objects.select_for_update().filter(oidc_subject=identity.subject).first()
    if user is None:
        user = User(oidc_subject=identity.subject, username=_free_username(identity))
        user.set_unusable_password()
        user.email, user.first_name, user.last_name = (
            identity.email,
            identity.first_name[:150],
            identity.last_name[:150],
        )
        user.full_clean(exclude=["password"])
        user.save()
        preferred_language_set(user=user, language=identity.language)
    else:
        changes = {
            "email": identity.email,
            "first_name": identity.first_name[:150],
            "last_name": identity.last_name[:150],
        }
        changed = [name for name, value in changes.items() if value and getattr(user, name) != value]
        for name in changed:
            setattr(user, name, changes[name])
        if changed:
            user.save(update_fields=changed)
    roles_apply(user=user, roles=roles)
    return user


@transaction.atomic
def roles_apply(*, user: User, roles: Roles) -> User:
    """Make ``user``'s ARTF and executive groups and sector memberships exactly ``roles``: a role the
    provider no longer gives is taken away here. Sector codes this site does not know are skipped."""
    for name, wanted in ((settings.ARTF_GROUP, roles.artf), (settings.EXECUTIVE_GROUP, roles.executive)):
        if wanted:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        else:
            user.groups.remove(*Group.objects.filter(name=name))
    codes = [code.upper() for code in roles.sectors]
    sectors = {sector.code.upper(): sector for sector in Sector.objects.filter(code__in=codes)}
    wanted_roles = {sectors[code.upper()].pk: role for code, role in roles.sectors.items() if code.upper() in sectors}
    for membership in Membership.objects.filter(user=user).select_related("sector"):
        role = wanted_roles.pop(membership.sector_id, None)
        if role is None:
            membership.delete()  # one by one: the history records each removal
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    for sector_id, role in wanted_roles.items():
        membership = Membership(user=user, sector_id=sector_id, role=role)
        membership.full_clean(validate_unique=False)
        membership.save()
    for attribute in ("_group_names", "_sector_roles"):  # sectors.permissions' per-request caches
        user.__dict__.pop(attribute, None)
    return user
