"""The dashboard's one row of state: the token of its figures' freshness (``dashboard.figures``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FiguresToken(models.Model):
    """A number that the database changes, by trigger, in the same transaction as any write to a
    table the dashboard's figures are computed from (``dashboard.figures.TABLES``). Figures cached
    under one token are never served once another has been committed."""

    value = models.BigIntegerField(_("token"), default=0)

    class Meta:
        verbose_name = _("dashboard figures token")
        verbose_name_plural = _("dashboard figures tokens")

    def __str__(self) -> str:
        return str(self.value)
