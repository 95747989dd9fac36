from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, reverse_lazy
from django.views.generic import TemplateView

from . import views
from .feeds import feed_urlpatterns
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

urlpatterns += i18n_patterns(
    # The feeds the apps register (portal/registry.py), all in the one "feeds" namespace.
    path("feeds/", include((feed_urlpatterns(), "feeds"))),
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="page-detail"),
    # By dotted path: the apps stand on portal, portal does not import them.
    path("news/", include("news.urls")),
    path("", include("projects.urls")),
    prefix_default_language=True,
)

# Uploaded media in local development; production serves them from the web server or object storage.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
