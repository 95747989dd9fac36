from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from . import lookups, registry, signals  # noqa: F401
        from .i18n import fall_back_to_english
        from .sitemaps import PageSitemap, StaticSitemap

        # Positions leave room between the sections: the index lists them in this order, and sitemap URLs are public.
        registry.register_sitemap("pages", StaticSitemap, position=10)
        registry.register_sitemap("site-pages", PageSitemap, position=20)
        registry.register_demo_loader("portal.demo.load_site")
        fall_back_to_english()
        lookups.register()
