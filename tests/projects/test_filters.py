"""The register's ?session= is a row id: a number no id can be is an invalid choice, reported and ignored."""

import pytest

from tests.factories import make_edition, make_project, make_register_session

TOO_BIG = ["99999999999999999999", "9223372036854775808", "1e400", "-1", "0", "1.5", "nan"]
PAGES = ["/en/projects/", "/en/projects/export.csv", "/en/projects/export.json"]


@pytest.fixture
def register(db):
    edition = make_edition()
    session = make_register_session(edition)
    make_project(edition, name_en="At the session", session=session)
    make_project(edition, name_en="Elsewhere")
    return session


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", TOO_BIG)
def test_session_out_of_range_is_not_a_server_error(client, register, page, value):
    response = client.get(f"{page}?session={value}")
    assert response.status_code == 200
    # Ignored, as any invalid filter is: the whole register.
    body = response.content.decode("utf-8-sig")
    assert "At the session" in body and "Elsewhere" in body


def test_session_out_of_range_is_reported_as_an_invalid_choice(client, register):
    html = client.get("/en/projects/?session=99999999999999999999").content.decode()
    assert 'role="alert"' in html
    assert "Select a valid choice" in html


def test_session_largest_id_is_a_valid_filter_with_no_rows(client, register):
    response = client.get("/en/projects/export.json?session=9223372036854775807")
    assert response.json() == {"projects": []}


def test_session_real_id_still_filters(client, register):
    response = client.get(f"/en/projects/export.json?session={register.pk}")
    assert [row["name"] for row in response.json()["projects"]] == ["At the session"]
