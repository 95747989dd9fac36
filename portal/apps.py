from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from . import signals  # noqa: F401
        from .i18n import fall_back_to_english

        fall_back_to_english()
