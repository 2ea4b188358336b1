from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"
    verbose_name = _("Anonymous feedback")

    def ready(self):
        from . import texts  # noqa: F401  (its bilingual texts, for the translation queue)
