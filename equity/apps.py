from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "equity"
    verbose_name = _("Equity evidence")

    def ready(self):
        from . import texts  # noqa: F401  (its bilingual texts, for the translation queue)
