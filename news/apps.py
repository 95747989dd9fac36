from django.apps import AppConfig
from django.utils.translation import get_language
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
        self.register_plugins()

        # Caching (portal/cache.py): what invalidates it, when scheduled articles are due, the header navigation.
        from portal.cache import register_chrome, register_content_models, register_publication_clock

        from . import pages
        from .models import ArticlePage, Column

        # Stored pages are copies of content, not content: storing one changes nothing public.
        register_content_models(
            *(model for model in self.get_models(include_auto_created=True) if model is not ArticlePage)
        )
        pages.connect_signals()
        register_publication_clock(Article.objects.next_publication_at)
        register_chrome("navigation", lambda: list(Column.objects.in_navigation()))

    def register_plugins(self):
        """What news adds to the site's pages (portal/registry.py)."""
        from portal import registry

        from . import feeds, sitemaps
        from .forms import SearchForm
        from .pagination import LookaheadPaginator

        registry.register_sitemap("articles", sitemaps.ArticleSitemap, position=30)
        registry.register_sitemap("columns", sitemaps.ColumnSitemap, position=40)
        # Google News' sitemap comes last in the index, after the matchmaking's sections.
        registry.register_sitemap("news", sitemaps.NewsSitemap, position=90)
        registry.register_feed("latest", feeds.LatestNewsFeed, title=_("Latest news"))
        registry.register_feed("column", feeds.ColumnFeed, path="column/<slug:slug>")
        registry.register_block("home", "news/blocks/home.html", home_context)
        registry.register_search(
            registry.SearchProvider(
                form_class=SearchForm,
                results=search_results,
                paginator_class=LookaheadPaginator,
                template_name="news/search_results.html",
                counts_elsewhere=search_counts_elsewhere,
            )
        )
        registry.register_demo_loader("news.demo.load_news")
        registry.register_demo_logins("news.demo.load_demo_users")


def home_context(request, obj):
    """The home page's news: headlines, the special topic, every column, and the most read."""
    from .models import Article

    articles = Article.objects.published().with_card()
    return {"news": articles.front_page(), "most_read": articles.most_read()[:5]}


def search_results(cleaned_data):
    """Published articles in the reader's language whose title or body contains the words asked for."""
    return SearchResults(cleaned_data["q"], get_language())


class SearchResults:
    """The hits of a search, newest first, read a slice at a time (the paginator asks for one slice a page)."""

    def __init__(self, query, language):
        self.query = query
        self.language = language

    def __getitem__(self, window):
        from .models import Article

        return Article.objects.search_hits(self.query, self.language, window.start, window.stop - window.start)


def search_counts_elsewhere(cleaned_data, languages):
    """How many published articles the words find in each of `languages`."""
    from .models import Article

    return Article.objects.search_counts(cleaned_data["q"], languages)
