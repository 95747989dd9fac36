from urllib.parse import urlencode

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from . import registry
from .cache import cache_status
from .db_router import mark_replica_down, replica_aliases
from .models import Page
from .stored_pages import fill, kept_frame, marker


class HomeView(TemplateView):
    """The blocks the apps register for the home page (registry "home"), read only when its fragment is stale."""

    template_name = "portal/home.html"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(head_key="home", **kwargs)


class SearchView(TemplateView):
    """What the registered search provider finds for the words asked for (news: published articles).

    A valid search fills the search page's kept frame (portal/stored_pages.py) with the words and their results:
    every search shares the page's head, header and footer, rendered once per content change.
    """

    template_name = "portal/search.html"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ("q", "page")
    # Most searches are asked once: the page cache keeps one only when it is asked again.
    cache_when_read_again = True
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        provider = registry.search_provider()
        if provider is None:
            raise Http404
        form = provider.form_class(request.GET or None)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, typed=form["q"].value() or ""))
        query = form.cleaned_data["q"]
        page = provider.paginator_class(provider.results(form.cleaned_data), self.paginate_by).get_page(
            request.GET.get("page")
        )
        results = {
            "page_obj": page,
            "query": query,
            "page_query": {"q": query},
            "results_template": provider.template_name,
            "elsewhere": []
            if page or provider.counts_elsewhere is None
            else found_elsewhere(provider, form.cleaned_data),
        }
        return HttpResponse(
            fill(
                self.frame(request),
                request,
                query=conditional_escape(query),
                results=render_to_string(f"{self.template_name}#results", results),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[{"name": _("Search")}], **kwargs)

    def frame(self, request):
        """The page of a search with markers for the words and the results."""

        def render():
            words, results = mark_safe(marker("query")), mark_safe(marker("results"))  # noqa: S308 -- fixed comments
            context = self.get_context_data(query=words, typed=words, results=results)
            return render_to_string(self.template_name, context, request)

        return kept_frame(request, "search", render)


def found_elsewhere(provider, cleaned_data):
    """The other languages in which the words find something: their name, count and search page (none when the
    provider does not count elsewhere)."""
    if provider.counts_elsewhere is None:
        return []
    current = get_language()
    others = [code for code, _name in settings.LANGUAGES if code != current]
    counts = provider.counts_elsewhere(cleaned_data, others)
    found = []
    for code in others:
        if counts.get(code):
            with override(code):
                url = f"{reverse('search')}?{urlencode({'q': cleaned_data['q']})}"
            info = get_language_info(code)
            found.append(
                {
                    "count": counts[code],
                    "url": url,
                    "tag": settings.LANGUAGE_TAGS.get(code, code),
                    # Written in its own language (中文 on a Burmese page), marked so.
                    "name": format_html(
                        '<span lang="{}">{}</span>', settings.LANGUAGE_TAGS.get(code, code), info["name_local"]
                    ),
                }
            )
    return found


def healthz(request):
    """For load balancers: the process answers; touches neither database nor cache."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready to serve: the primary database answers (503 otherwise). Each read replica is reported as well, but one
    that is down does not make this server unready: readers then read from the primary (portal.db_router). The cache
    is reported, "ok" or "degraded", but a dead cache still answers 200: pages are then rendered without it, so a
    load balancer must keep sending readers (docs/caching.md)."""
    checks = {"database": database_check(DEFAULT_DB_ALIAS)}
    for alias in replica_aliases():
        checks[alias] = database_check(alias)
        if checks[alias] != "ok":
            mark_replica_down(alias)
    checks["cache"] = cache_status()
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse(checks, status=status)


def database_check(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return "unavailable"
    return "ok"


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
