from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

sector_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,19}$",
    _("Use 2 to 20 capital letters, digits or hyphens, for example CSS or DMO-COMMS."),
)


class SectorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Sector(models.Model):
    """A sector of the department (Annex A), the unit that owns an action plan."""

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[sector_code_validator])
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(Upper("code"), name="sector_code_unique_ci"),
            models.CheckConstraint(condition=~models.Q(code=""), name="sector_code_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan-detail", kwargs={"code": self.code})


class Membership(models.Model):
    """A person's role in a sector: sector membership is data, not a Django group."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Sector lead")
        CONTRIBUTOR = "contributor", _("Contributor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("sector"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEAD)

    class Meta:
        ordering = ["sector__code", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "sector"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["lead", "contributor"]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.sector.code} ({self.get_role_display()})"
