from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from . import programme
from .models import Edition, Session, SignedProject

# Programme: editions, sessions, their calendars and the JSON export.


class ProgrammeViewForm(forms.Form):
    """The ?view= switch of the edition page; anything else falls back to by day."""

    view = forms.ChoiceField(choices=[("day", "day"), ("theme", "theme")], required=False)

    def chosen(self):
        return (self.is_valid() and self.cleaned_data["view"]) or "day"


def _url_or_none(name):
    # The register's statistics page comes from another branch; link it only once it exists.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class EditionListView(ListView):
    template_name = "projects/edition_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return Edition.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[{"name": _("Matchmaking")}], **kwargs)


class EditionDetailView(DetailView):
    template_name = "projects/edition_detail.html"
    context_object_name = "edition"

    def get_queryset(self):
        return Edition.objects.published()

    def get_context_data(self, **kwargs):
        edition = self.object
        sessions = list(programme.programme_sessions(edition))
        view = ProgrammeViewForm(self.request.GET).chosen()
        figures, other_figures = programme.edition_figures(edition)
        return super().get_context_data(
            available_languages=edition.available_languages,
            crumbs=[{"name": _("Matchmaking"), "url": reverse("projects:edition-list")}, {"name": edition.name}],
            view=view,
            days=programme.by_day(sessions) if view == "day" else None,
            groups=programme.by_theme(sessions) if view == "theme" else None,
            session_count=len(sessions),
            has_illustrative=programme.has_illustrative(sessions),
            figures=figures,
            other_figures=other_figures,
            news=programme.edition_news([session.pk for session in sessions]),
            project_list_url=_url_or_none("projects:project-list"),
            project_stats_url=_url_or_none("projects:project-stats"),
            json_ld=programme.edition_json_ld(edition, sessions, self.request),
            webcal_url=programme.webcal_url(self.request, reverse("projects:edition-calendar", args=[edition.slug])),
            **kwargs,
        )


class SessionDetailView(DetailView):
    template_name = "projects/session_detail.html"
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


class ProjectListView(ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = 20

    def get_queryset(self):
        return SignedProject.objects.published().select_related("sector", "region", "investor")


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return SignedProject.objects.published().select_related("sector", "region", "investor", "edition", "session")

    def get_context_data(self, **kwargs):
        return super().get_context_data(available_languages=self.object.available_languages, **kwargs)
