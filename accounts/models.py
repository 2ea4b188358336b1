from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The department's user; roles that span the department are groups, sector roles are data."""

    # The language the person reads the site and their e-mails in; blank: no preference (the site
    # follows the page they are on, and e-mails come in both languages). Written only through
    # ``accounts.services.preferred_language_set``.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("The language of the site when you sign in, and of your e-mails. None: e-mails in both."),
    )

    # The identity provider's subject ("sub") for this person: how a sign-in through the provider
    # finds their account again (never the e-mail, which a person or a tenant may change). Empty
    # for local accounts. Written only by ``accounts.services.provider_sign_in``.
    oidc_subject = models.CharField(
        _("identity provider subject"), max_length=255, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
