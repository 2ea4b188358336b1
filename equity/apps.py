from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "equity"
    verbose_name = _("Equity evidence")
