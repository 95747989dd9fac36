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
