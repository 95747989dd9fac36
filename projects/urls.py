from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("events/", views.EditionListView.as_view(), name="edition-list"),
    path("events/<slug:slug>/", views.EditionDetailView.as_view(), name="edition-detail"),
    path("events/<slug:slug>/sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("events/<slug:slug>/calendar.ics", views.ProgrammeCalendarView.as_view(), name="edition-calendar"),
    path(
        "events/<slug:slug>/sessions/<int:pk>/calendar.ics",
        views.SessionCalendarView.as_view(),
        name="session-calendar",
    ),
    path("events/<slug:slug>/programme.json", views.ProgrammeJsonView.as_view(), name="edition-programme-json"),
    # Project register (issue 5)
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/stats/", views.ProjectStatsView.as_view(), name="project-stats"),
    path("projects/export.csv", views.ProjectExportView.as_view(format="csv"), name="project-export-csv"),
    path("projects/export.json", views.ProjectExportView.as_view(format="json"), name="project-export-json"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
]
