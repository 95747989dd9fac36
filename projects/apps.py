from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Matchmaking")

    def ready(self):
        self.register_plugins()

        # Caching (portal/cache.py): saves of the programme and the register invalidate cached pages.
        from portal.cache import register_content_models

        register_content_models(*self.get_models(include_auto_created=True))

        from .article_pages import connect_signals

        connect_signals()

    def register_plugins(self):
        """What the matchmaking adds to the site's pages (portal/registry.py)."""
        from portal import registry

        from . import feeds, sitemaps

        registry.register_sitemap_page("projects:edition-list")
        registry.register_sitemap_page("projects:project-list")
        registry.register_sitemap("editions", sitemaps.EditionSitemap, position=50)
        registry.register_sitemap("sessions", sitemaps.SessionSitemap, position=60)
        registry.register_sitemap("projects", sitemaps.ProjectSitemap, position=70)
        registry.register_feed("matchmaking", feeds.MatchmakingFeed, title=_("Matchmaking news"))
        registry.register_feed("projects", feeds.ProjectFeed, title=_("Signed projects"))
        # Under an article: the programme sessions and signed projects it is linked to.
        registry.register_block(
            "article-links",
            "projects/blocks/article_programme.html",
            article_programme_context,
            article_programme_contexts,
        )
        registry.register_demo_loader("projects.demo.load_programme")
        registry.register_demo_loader("projects.demo.load_register")


def article_programme_context(request, article):
    from .queries import article_programme

    return article_programme(article)


def article_programme_contexts(request, articles):
    from .queries import article_programmes

    return article_programmes(articles)
