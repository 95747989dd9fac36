"""The project status history rule (projects/services.py), as the admin and any other caller use it."""

from datetime import date

from projects.models import ProjectStatusChange
from projects.services import signed_project_record_status
from tests.factories import make_project


def test_signed_project_record_status_dates_a_new_status(db):
    project = make_project(status="under_construction")
    entry = signed_project_record_status(project=project, changed_on=date(2024, 3, 1))
    assert list(project.status_changes.values_list("pk", "status", "changed_on")) == [
        (entry.pk, "under_construction", date(2024, 3, 1))
    ]


def test_signed_project_record_status_defaults_to_today(db):
    project = make_project(status="in_production")
    assert signed_project_record_status(project=project).changed_on == date.today()


def test_signed_project_record_status_skips_the_status_already_latest(db):
    project = make_project(status="under_construction")
    ProjectStatusChange.objects.create(project=project, status="signed", changed_on=date(2023, 9, 3))
    ProjectStatusChange.objects.create(project=project, status="under_construction", changed_on=date(2024, 3, 1))
    assert signed_project_record_status(project=project, changed_on=date(2024, 5, 1)) is None
    assert project.status_changes.count() == 2


def test_signed_project_record_status_records_a_return_to_an_earlier_status(db):
    project = make_project(status="signed")
    ProjectStatusChange.objects.create(project=project, status="signed", changed_on=date(2023, 9, 3))
    ProjectStatusChange.objects.create(project=project, status="under_construction", changed_on=date(2024, 3, 1))
    signed_project_record_status(project=project, changed_on=date(2024, 5, 1))
    assert list(project.status_changes.values_list("status", flat=True)) == ["signed", "under_construction", "signed"]
