from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from news.forms import SearchForm
from news.models import Article
from news.pagination import CappedCountPaginator

from .cache import cache_status
from .models import Page


class HomeView(TemplateView):
    template_name = "portal/home.html"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()

    def get_context_data(self, **kwargs):
        # Left unevaluated: the template reads them only when its cached fragment is out of date.
        articles = Article.objects.published().with_card()
        return super().get_context_data(
            news=SimpleLazyObject(articles.front_page), most_read=articles.most_read()[:5], head_key="home", **kwargs
        )


class SearchView(TemplateView):
    """Published articles in the reader's language whose title or body contains the words asked for."""

    template_name = "portal/search.html"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ("q", "page")
    paginate_by = 10

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        page = None
        if form.is_valid():
            results = Article.objects.published().search(form.cleaned_data["q"]).with_card(excerpt=True).newest_first()
            page = CappedCountPaginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            form=form,
            query=form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
            page_obj=page,
            **kwargs,
        )


def healthz(request):
    """For load balancers: the process answers; touches neither database nor cache."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready to serve: the database answers (503 otherwise). The cache is reported, "ok" or "degraded", but a dead
    cache still answers 200: pages are then rendered without it, and a load balancer must keep sending readers."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    checks["cache"] = cache_status()
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse(checks, status=status)


class PageDetailView(DetailView):
    template_name = "portal/page_detail.html"
    context_object_name = "page"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()

    def get_queryset(self):
        return Page.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            available_languages=self.object.available_languages, crumbs=[{"name": self.object.title}], **kwargs
        )
