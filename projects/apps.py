from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Matchmaking")

    def ready(self):
        # Caching (portal/cache.py): saves of the programme and the register invalidate cached pages.
        from portal.cache import register_content_models

        register_content_models(*self.get_models(include_auto_created=True))
