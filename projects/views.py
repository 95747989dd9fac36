from functools import partial

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from . import programme
from .charts import stats_charts
from .exports import csv_response, project_export_row
from .filters import ProjectFilter
from .forms import StatsForm
from .models import Edition, Session, SignedProject
from .queries import investor_origins, project_page, register_stats

# Programme: editions, sessions, their calendars and the JSON export.


class ProgrammeViewForm(forms.Form):
    """The ?view= switch of the edition page; anything else falls back to by day."""

    view = forms.ChoiceField(choices=[("day", "day"), ("theme", "theme")], required=False)

    def chosen(self):
        return (self.is_valid() and self.cleaned_data["view"]) or "day"


class EditionListView(ListView):
    template_name = "projects/edition_list.html"
    context_object_name = "editions"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()

    def get_queryset(self):
        return Edition.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[{"name": _("Matchmaking")}], **kwargs)


class EditionDetailView(DetailView):
    template_name = "projects/edition_detail.html"
    context_object_name = "edition"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ("view",)

    def get_queryset(self):
        return Edition.objects.published()

    def get_context_data(self, **kwargs):
        edition = self.object
        view = ProgrammeViewForm(self.request.GET).chosen()
        return super().get_context_data(
            available_languages=edition.available_languages,
            crumbs=[{"name": _("Matchmaking"), "url": reverse("projects:edition-list")}, {"name": edition.name}],
            view=view,
            head_key=f"edition:{edition.pk}",
            # Lazy: read only when the page's cached fragments are out of date.
            programme=SimpleLazyObject(partial(programme.edition_page, edition, view, self.request)),
            project_list_url=reverse("projects:project-list"),
            project_stats_url=reverse("projects:project-stats"),
            webcal_url=programme.webcal_url(self.request, reverse("projects:edition-calendar", args=[edition.slug])),
            **kwargs,
        )


class SessionDetailView(DetailView):
    template_name = "projects/session_detail.html"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()
    context_object_name = "session"

    def get_queryset(self):
        return programme.session_for_page(self.kwargs["slug"], self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        session = self.object
        edition = session.edition
        crumbs = [
            {"name": _("Matchmaking"), "url": reverse("projects:edition-list")},
            {"name": edition.name, "url": edition.get_absolute_url()},
            {"name": session.title},
        ]
        return super().get_context_data(
            available_languages=programme.session_languages(session),
            crumbs=crumbs,
            edition=edition,
            json_ld=programme.session_json_ld(session, self.request),
            **kwargs,
        )


class ProgrammeCalendarView(View):
    """The whole programme as a subscribable calendar, in the page's language."""

    def get(self, request, slug):
        edition = get_object_or_404(Edition.objects.published(), slug=slug)
        body = programme.build_calendar(edition, programme.programme_sessions(edition), request, name=edition.name)
        return _calendar_response(body, f"{edition.slug}.ics", disposition="inline")


class SessionCalendarView(View):
    """One session as a calendar file with one event."""

    def get(self, request, slug, pk):
        session = get_object_or_404(Session.objects.published().filter(edition__slug=slug).with_theme(), pk=pk)
        body = programme.build_calendar(session.edition, [session], request, name=session.title)
        return _calendar_response(body, f"{session.edition.slug}-session-{session.pk}.ics", disposition="attachment")


def _calendar_response(body, filename, disposition):
    # A subscription is fetched again and again, so inline; one event is a file the reader opens once.
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class ProgrammeJsonView(View):
    """The whole programme in every language it is public in."""

    def get(self, request, slug):
        edition = get_object_or_404(Edition.objects.published(), slug=slug)
        return JsonResponse(programme.programme_json(edition, request), json_dumps_params={"ensure_ascii": False})


# --- Project register (issue 5) -------------------------------------------------------------------


class ProjectFilterMixin:
    """The published register narrowed by the query string; invalid values are ignored and reported."""

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = ProjectFilter(
                self.request.GET or None,
                queryset=SignedProject.objects.published().with_list(),
                origins=investor_origins(),
            )
        return self._filterset

    def get_queryset(self):
        return self.get_filterset().qs


class ProjectListView(ProjectFilterMixin, ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 20
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = (*ProjectFilter.base_filters, "page")

    def paginate_queryset(self, queryset, page_size):
        # get_page() turns a bad or out-of-range ?page= into the nearest real page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        return super().get_context_data(
            filter=filterset,
            filter_errors=filterset.form.errors if filterset.is_bound else {},
            crumbs=[{"name": _("Signed projects"), "url": ""}],
            **kwargs,
        )


class ProjectExportView(ProjectFilterMixin, View):
    """The filtered list as CSV (UTF-8 with BOM, for Excel) or JSON."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        rows = [project_export_row(project) for project in self.get_queryset()]
        if self.format == "json":
            response = JsonResponse({"projects": rows}, json_dumps_params={"ensure_ascii": False})
            response["Content-Disposition"] = 'attachment; filename="projects.json"'
            return response
        return csv_response(rows, "projects.csv")


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ()

    def get_queryset(self):
        return SignedProject.objects.published().with_list()

    def get_context_data(self, **kwargs):
        project = self.object
        return super().get_context_data(
            available_languages=project.available_languages,
            **project_page(project),
            crumbs=[
                {"name": _("Signed projects"), "url": reverse("projects:project-list")},
                {"name": project.name, "url": ""},
            ],
            **kwargs,
        )


class ProjectStatsView(TemplateView):
    template_name = "projects/project_stats.html"
    # The query parameters it reads: the page cache keys by them and drops any other (portal/middleware.py).
    cached_query_params = ("edition",)

    def get_context_data(self, **kwargs):
        form = StatsForm(self.request.GET)
        editions = list(Edition.objects.published())
        edition = form.chosen_edition(editions)
        stats = register_stats(edition) if edition else None
        return super().get_context_data(
            form=form,
            editions=editions,
            edition=edition,
            stats=stats,
            charts=stats_charts(stats) if stats else {},
            crumbs=[
                {"name": _("Signed projects"), "url": reverse("projects:project-list")},
                {"name": _("Statistics"), "url": ""},
            ],
            **kwargs,
        )
