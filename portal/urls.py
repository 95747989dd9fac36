from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, reverse_lazy
from django.views.generic import TemplateView

from news.feeds import ColumnFeed, LatestNewsFeed, MatchmakingFeed
from projects.feeds import ProjectFeed

from . import views
from .feeds import feed_views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain; charset=utf-8",
            extra_context={"sitemap_path": reverse_lazy("sitemap-index")},
        ),
        name="robots",
    ),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap-section",
    ),
]

latest_rss, latest_atom = feed_views(LatestNewsFeed)
column_rss, column_atom = feed_views(ColumnFeed)
matchmaking_rss, matchmaking_atom = feed_views(MatchmakingFeed)
projects_rss, projects_atom = feed_views(ProjectFeed)
feed_patterns = [
    path("latest.rss", latest_rss, name="latest-rss"),
    path("latest.atom", latest_atom, name="latest-atom"),
    path("column/<slug:slug>.rss", column_rss, name="column-rss"),
    path("column/<slug:slug>.atom", column_atom, name="column-atom"),
    path("matchmaking.rss", matchmaking_rss, name="matchmaking-rss"),
    path("matchmaking.atom", matchmaking_atom, name="matchmaking-atom"),
    path("projects.rss", projects_rss, name="projects-rss"),
    path("projects.atom", projects_atom, name="projects-atom"),
]

urlpatterns += i18n_patterns(
    path("feeds/", include((feed_patterns, "feeds"))),
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="page-detail"),
    path("news/", include("news.urls")),
    path("", include("projects.urls")),
    prefix_default_language=True,
)

# Uploaded media in local development; production serves them from the web server or object storage.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
