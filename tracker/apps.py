from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("Ministerial tracker")

    def ready(self):
        from . import texts  # noqa: F401  (its bilingual texts, for the translation queue)
