from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView

from .models import Page


class HomeView(TemplateView):
    template_name = "portal/home.html"


def healthz(request):
    """For load balancers: the process answers; touches neither database nor cache."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """Ready to serve: the database and the cache both answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        cache.set("portal:readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("portal:readyz") == "1" else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)


class PageDetailView(DetailView):
    template_name = "portal/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            available_languages=self.object.available_languages, crumbs=[{"name": self.object.title}], **kwargs
        )
