"""Lookups through a foreign key with a number out of the id range: no rows (or all rows), never a 500."""

import pytest

from projects.models import SignedProject
from tests.factories import make_project

HUGE = 99999999999999999999


@pytest.fixture
def projects(db):
    return [make_project(name_en="One"), make_project(name_en="Two")]


@pytest.mark.parametrize(
    ("lookup", "value", "expected"),
    [
        ("sector", HUGE, 0),
        ("sector__gt", HUGE, 0),
        ("sector__gte", HUGE, 0),
        ("sector__lt", HUGE, 2),
        ("sector__lte", HUGE, 2),
        ("sector", -HUGE, 0),
        ("sector__gt", -HUGE, 2),
        ("sector__lt", -HUGE, 0),
        ("session", HUGE, 0),
    ],
)
def test_related_lookup_out_of_range(projects, lookup, value, expected):
    assert SignedProject.objects.filter(**{lookup: value}).count() == expected
    assert SignedProject.objects.exclude(**{lookup: value}).count() == 2 - expected


def test_related_lookup_in_range_still_filters(projects):
    assert list(SignedProject.objects.filter(sector=projects[0].sector_id).values_list("name_en", flat=True)) == ["One"]


@pytest.mark.parametrize("query", [f"sector__exact={HUGE}", f"region__exact=-{HUGE}", f"sector__gte={HUGE}"])
def test_admin_change_list_filter_out_of_range(admin_client, projects, query):
    response = admin_client.get(f"/admin/projects/signedproject/?{query}")
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_admin_user_list_group_filter_out_of_range(admin_client):
    assert admin_client.get(f"/admin/auth/user/?groups__exact={HUGE}").status_code == 200
