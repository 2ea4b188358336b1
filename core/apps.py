from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel at the bottom floor: it imports no domain app."""

    name = "core"
    verbose_name = _("Core")
