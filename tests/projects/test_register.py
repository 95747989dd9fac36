"""The public register: list with filters, project page, and what must never leak."""

from decimal import Decimal

import pytest

from news.models import Article
from projects.models import SignedProject
from tests.factories import (
    bulk_projects,
    make_article,
    make_edition,
    make_investor,
    make_project,
    make_register_session,
    make_sector,
    region,
)
from tests.html import han_outside_chinese_elements, tags

BN = Decimal(1_000_000_000)


def listed(response):
    """Project names linked from the list's table, in order."""
    html = response.content.decode()
    table = html[html.find("<table") : html.find("</table>")]
    return [line.split(">", 1)[1].split("<", 1)[0] for line in table.split('<a href="')[1:]]


@pytest.fixture
def register(db):
    edition = make_edition(slug="2023-yunnan")
    energy = make_sector(slug="new-energy", name_en="New energy", is_emerging=True)
    metals = make_sector(slug="metals", name_en="Metals")
    guangdong = make_investor(origin_en="Guangdong", origin_zh_hans="广东", name_en="Pearl Co")
    make_project(edition, energy, name_en="Big solar", amount_yuan=12 * BN, region=region("5301"), status="signed")
    make_project(
        edition,
        metals,
        name_en="Smelter",
        amount_yuan=5 * BN,
        region=region("5309"),
        investor=guangdong,
        status="under_construction",
    )
    make_project(edition, energy, name_en="Small wind", amount_yuan=BN, region=region("5309"), status="in_production")
    make_project(edition, metals, name_en="Secret mine", amount_yuan=None, region=region("5304"))
    return edition


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Big solar", "Smelter", "Small wind", "Secret mine"]),
        ("sector=new-energy", ["Big solar", "Small wind"]),
        ("region=5309", ["Smelter", "Small wind"]),
        ("band=10bn", ["Big solar"]),
        ("band=5-10bn", ["Smelter"]),
        ("band=under5bn", ["Small wind"]),
        ("band=undisclosed", ["Secret mine"]),
        ("status=under_construction", ["Smelter"]),
        ("origin=Guangdong", ["Smelter"]),
        ("q=wind", ["Small wind"]),
        ("q=pearl", ["Smelter"]),
        ("edition=2023-yunnan&sector=metals", ["Smelter", "Secret mine"]),
        ("sort=amount", ["Small wind", "Smelter", "Big solar", "Secret mine"]),
    ],
)
def test_list_filters(client, register, query, expected):
    response = client.get(f"/en/projects/?{query}")
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        "sector=nope",
        "region=9999",
        "band=huge",
        "edition=%00",
        "session=abc",
        "status=done",
        "origin=Mars",
        "sort=drop+table",
        "page=abc",
        "page=999",
        "q=" + "x" * 300,
    ],
)
def test_list_bad_values_give_a_clean_page(client, register, query):
    response = client.get(f"/en/projects/?{query}")
    assert response.status_code == 200
    assert len(tags(response.content.decode(), "h1")) == 1


def test_list_bad_value_is_reported_and_ignored(client, register):
    response = client.get("/en/projects/?sector=nope&region=5309")
    html = response.content.decode()
    assert 'role="alert"' in html
    assert listed(response) == ["Smelter", "Small wind"]


def test_list_marks_illustrative_records(client, register):
    make_project(register, name_en="Made up", is_illustrative=True, amount_yuan=BN)
    html = client.get("/en/projects/?q=made").content.decode()
    assert "Illustrative" in html.split("<table", 1)[1]


def test_list_paginates_twenty(client, db):
    edition = make_edition()
    sector = make_sector()
    for number in range(25):
        make_project(edition, sector, amount_yuan=(number + 1) * BN)
    assert len(listed(client.get("/en/projects/"))) == 20
    assert len(listed(client.get("/en/projects/?page=2"))) == 5


def test_list_leaves_out_unpublished_and_unavailable(client, register):
    make_project(register, name_en="Draft project", is_published=False)
    make_project(register, name_en="", name_my="", is_ready_en=False, is_ready_my=False, name_zh_hans="只有中文")
    names = listed(client.get("/en/projects/"))
    assert "Draft project" not in names and "" not in names
    assert len(names) == 4
    assert "只有中文" in listed(client.get("/zh-hans/projects/"))


@pytest.mark.parametrize("count", [3, 300])
def test_list_query_count_is_fixed(client, db, django_assert_num_queries, count):
    bulk_projects(count)
    client.get("/en/")  # warms the cached site chrome and reads the next scheduled publication
    # The origin choices, the sectors, the regions, the editions, the count, the page.
    with django_assert_num_queries(6):
        response = client.get("/en/projects/?band=under5bn")
    assert response.status_code == 200
    # The origins stay cached until the content changes.
    with django_assert_num_queries(5):
        assert client.get("/en/projects/?band=under5bn").status_code == 200


def test_detail_shows_facts_investor_and_published_news(client, register):
    project = SignedProject.objects.get(name_en="Smelter")
    public = make_article(title_en="Smelter opens")
    draft = make_article(title_en="Smelter draft", state=Article.State.UNPUBLISHED)
    project.articles.set([public, draft])
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "RMB 5 billion" in html
    assert "Pearl Co (Guangdong)" in html
    assert "Smelter opens" in html
    assert "Smelter draft" not in html


def test_detail_labels_illustrative_records(client, register):
    project = make_project(register, is_illustrative=True)
    html = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "Illustrative record" in html


def test_detail_of_unpublished_or_unavailable_is_404(client, register):
    draft = make_project(register, is_published=False)
    chinese_only = make_project(register, name_en="", is_ready_en=False)
    assert client.get(f"/en/projects/{draft.pk}/").status_code == 404
    assert client.get(f"/en/projects/{chinese_only.pk}/").status_code == 404
    assert client.get(f"/zh-hans/projects/{chinese_only.pk}/").status_code == 200


def test_detail_query_count_is_fixed(client, register, django_assert_num_queries):
    project = SignedProject.objects.get(name_en="Smelter")
    project.articles.set([make_article(), make_article(), make_article()])
    client.get("/en/")
    with django_assert_num_queries(4):
        assert client.get(f"/en/projects/{project.pk}/").status_code == 200


def test_stats_leave_out_unpublished_and_unavailable(client, register):
    make_project(register, name_en="Draft", amount_yuan=100 * BN, is_published=False)
    make_project(register, name_en="", is_ready_en=False, amount_yuan=200 * BN)
    html = client.get("/en/projects/stats/").content.decode()
    assert "4 projects in the published register, worth RMB 18 billion" in html


def test_burmese_register_pages_show_no_chinese(client, demo):
    project = SignedProject.objects.published("my").first()
    for url in ["/my/projects/", "/my/projects/stats/", f"/my/projects/{project.pk}/", "/my/projects/?band=10bn"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert han_outside_chinese_elements(response.content.decode()) == [], url


def test_session_partial_lists_projects_signed_there(db, register):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string(
            "projects/includes/project_table.html",
            {"projects": SignedProject.objects.filter(edition=register).published().filter(session=None).with_list()},
        )
    assert "Big solar" in html


def test_list_session_filter_only_knows_published_sessions(client, register):
    public = make_register_session(register)
    draft = make_register_session(register, is_published=False)
    SignedProject.objects.filter(name_en="Smelter").update(session=public)
    SignedProject.objects.filter(name_en="Small wind").update(session=draft)
    assert listed(client.get(f"/en/projects/?session={public.pk}")) == ["Smelter"]
    assert listed(client.get(f"/en/projects/?session={draft.pk}")) == []


@pytest.mark.parametrize(
    ("amount", "band"),
    [
        (10 * BN, "10bn"),
        (10 * BN - Decimal("0.01"), "5-10bn"),
        (5 * BN, "5-10bn"),
        (5 * BN - Decimal("0.01"), "under5bn"),
        (None, "undisclosed"),
    ],
)
def test_in_band_edges(db, amount, band):
    project = make_project(amount_yuan=amount)
    bands = [name for name in ("10bn", "5-10bn", "under5bn", "undisclosed") if SignedProject.objects.in_band(name)]
    assert bands == [band]
    assert list(SignedProject.objects.in_band(band)) == [project]


def test_stats_choose_an_edition(client, register):
    older = make_edition(slug="2019-test", starts_on=register.starts_on.replace(year=2019))
    make_project(older, name_en="Old one", amount_yuan=BN)
    assert "4 projects in the published register" in client.get("/en/projects/stats/").content.decode()
    html = client.get("/en/projects/stats/?edition=2019-test").content.decode()
    assert "1 project in the published register, worth RMB 1 billion" in html
