from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        import reversion

        from .models import Article

        # Registered only now, after modeltranslation added the per-language fields, so revisions keep all three.
        if not reversion.is_registered(Article):
            reversion.register(Article)

        # Caching (portal/cache.py): what invalidates it, when scheduled articles are due, the header navigation.
        from portal.cache import register_chrome, register_content_models, register_publication_clock

        from .models import Column

        register_content_models(*self.get_models(include_auto_created=True))
        register_publication_clock(Article.objects.next_publication_at)
        register_chrome("navigation", lambda: list(Column.objects.in_navigation()))
