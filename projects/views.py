from django.views.generic import DetailView, ListView

from .models import Edition, Session, SignedProject


class EditionListView(ListView):
    template_name = "projects/edition_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return Edition.objects.published()


class EditionDetailView(DetailView):
    template_name = "projects/edition_detail.html"
    context_object_name = "edition"

    def get_queryset(self):
        return Edition.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(available_languages=self.object.available_languages, **kwargs)


class SessionDetailView(DetailView):
    template_name = "projects/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return Session.objects.published().filter(edition__slug=self.kwargs["slug"]).select_related("edition", "theme")

    def get_context_data(self, **kwargs):
        return super().get_context_data(available_languages=self.object.available_languages, **kwargs)


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
