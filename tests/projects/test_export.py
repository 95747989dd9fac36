"""CSV and JSON export of the filtered register."""

import csv
import io
import json
from decimal import Decimal

import pytest

from projects.models import SignedProject
from tests.factories import make_edition, make_project, make_sector, region

BN = Decimal(1_000_000_000)


@pytest.fixture
def register(db):
    edition = make_edition()
    energy = make_sector(slug="energy")
    make_project(edition, energy, name_zh_hans="光伏项目", name_en="Solar", amount_yuan=12 * BN)
    make_project(edition, make_sector(), name_en='=HYPERLINK("http://evil")', amount_yuan=BN)
    make_project(edition, energy, name_en="+cmd", amount_yuan=None)
    make_project(edition, energy, name_en="Draft", is_published=False)
    make_project(edition, energy, name_en="", is_ready_en=False, name_zh_hans="只有中文")
    return edition


def read_csv(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_is_utf8_with_bom_and_chinese(client, register):
    response = client.get("/zh-hans/projects/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    names = [row["name"] for row in read_csv(response)]
    assert "光伏项目" in names and "只有中文" in names


def test_csv_export_escapes_formulas(client, register):
    rows = {row["amount_yuan"]: row["name"] for row in read_csv(client.get("/en/projects/export.csv"))}
    assert rows["1000000000.00"] == '\'=HYPERLINK("http://evil")'
    assert rows[""] == "'+cmd"
    assert rows["12000000000.00"] == "Solar"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_safe_prefixes_every_formula_start(start):
    from projects.exports import spreadsheet_safe

    assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_safe("plain") == "plain"


def test_exports_follow_the_filters(client, register):
    rows = read_csv(client.get("/en/projects/export.csv?band=10bn"))
    assert [row["name"] for row in rows] == ["Solar"]
    data = json.loads(client.get("/en/projects/export.json?sector=energy").content)
    assert [project["name"] for project in data["projects"]] == ["Solar", "+cmd"]


def test_json_export_carries_amounts_and_flags(client, register):
    response = client.get("/en/projects/export.json?band=10bn")
    project = json.loads(response.content)["projects"][0]
    assert project["amount_yuan"] == "12000000000.00"
    assert project["illustrative"] is False
    assert project["sector"] and project["region"] == "Lincang"


def test_exports_leave_out_unpublished_and_unavailable(client, register):
    csv_names = [row["name"] for row in read_csv(client.get("/en/projects/export.csv"))]
    json_names = [p["name"] for p in json.loads(client.get("/en/projects/export.json").content)["projects"]]
    for names in (csv_names, json_names):
        assert len(names) == 3
        assert "Draft" not in names and "" not in names


def test_exports_with_bad_filters_are_not_500(client, register):
    # An invalid value is ignored, as on the list page: the export is the unfiltered register...
    everything = read_csv(client.get("/en/projects/export.csv"))
    assert [row["name"] for row in everything] == ["Solar", '\'=HYPERLINK("http://evil")', "'+cmd"]
    response = client.get("/en/projects/export.csv?band=oops&sector=zzz")
    assert response.status_code == 200
    assert read_csv(response) == everything
    response = client.get("/en/projects/export.json?session=abc")
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(client.get("/en/projects/export.json").content)
    # ...and the valid filters next to it still apply.
    assert [row["name"] for row in read_csv(client.get("/en/projects/export.csv?band=10bn&sector=zzz"))] == ["Solar"]


def test_list_links_to_exports_with_the_filters(client, register):
    html = client.get("/en/projects/?band=10bn&page=1").content.decode()
    assert 'href="/en/projects/export.csv?band=10bn"' in html
    assert 'href="/en/projects/export.json?band=10bn"' in html


@pytest.mark.parametrize("count", [3, 300])
def test_export_query_count_is_fixed(client, db, django_assert_num_queries, count):
    edition = make_edition()
    sector = make_sector()
    SignedProject.objects.bulk_create(
        SignedProject(
            edition=edition,
            sector=sector,
            region=region(),
            name_zh_hans=f"批量{number}",
            name_en=f"Bulk {number}",
            amount_yuan=number * BN,
            is_published=True,
            is_ready_en=True,
        )
        for number in range(count)
    )
    # The next scheduled publication and the origin choices (both cached after), then the projects and relations.
    with django_assert_num_queries(3):
        response = client.get("/en/projects/export.json")
    assert len(json.loads(response.content)["projects"]) == count
    with django_assert_num_queries(1):
        assert client.get("/en/projects/export.csv").status_code == 200
