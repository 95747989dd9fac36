"""The plug-in points (portal/registry.py): portal's pages show what the apps register, and only that."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from portal import registry
from tests.factories import make_article, make_column, make_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("latest-rss", {}, "/en/feeds/latest.rss"),
        ("latest-atom", {}, "/en/feeds/latest.atom"),
        ("column-rss", {"slug": "local"}, "/en/feeds/column/local.rss"),
        ("column-atom", {"slug": "local"}, "/en/feeds/column/local.atom"),
        ("matchmaking-rss", {}, "/en/feeds/matchmaking.rss"),
        ("matchmaking-atom", {}, "/en/feeds/matchmaking.atom"),
        ("projects-rss", {}, "/en/feeds/projects.rss"),
        ("projects-atom", {}, "/en/feeds/projects.atom"),
    ],
)
def test_registered_feeds_keep_their_names_and_paths(name, kwargs, path):
    with translation.override("en"):
        assert reverse(f"feeds:{name}", kwargs=kwargs or None) == path


def test_sitemap_sections_are_registered_in_their_public_order():
    assert list(registry.sitemaps()) == [
        "pages",
        "site-pages",
        "articles",
        "columns",
        "editions",
        "sessions",
        "projects",
        "news",
    ]


def test_article_programme_comes_from_the_block_projects_registers(client, monkeypatch):
    article = make_article(column=make_column())
    make_session(title_en="Opening ceremony", articles=[article])
    assert "Opening ceremony" in client.get(f"/en/news/{article.pk}/").content.decode()
    monkeypatch.setitem(registry._blocks, "article-links", [])
    article.save()  # a content change: the page's fragments are rendered again
    html = client.get(f"/en/news/{article.pk}/").content.decode()
    assert "Opening ceremony" not in html and "In the programme" not in html


def test_home_page_shows_only_registered_blocks(client, monkeypatch):
    make_article(column=make_column(), title_en="Canary headline")
    assert "Canary headline" in client.get("/en/").content.decode()
    monkeypatch.setitem(registry._blocks, "home", [])
    make_article(column=make_column(), title_en="Second article")
    assert "Canary headline" not in client.get("/en/").content.decode()


def test_search_without_a_registered_provider_is_not_found(client, monkeypatch):
    assert client.get("/en/search/?q=Yunnan").status_code == 200
    monkeypatch.setattr(registry, "_search", [])
    assert client.get("/en/search/?q=Yunnan").status_code == 404


def test_a_search_provider_that_does_not_count_elsewhere_finds_nothing_quietly(client, monkeypatch):
    from dataclasses import replace

    make_article(title_en="Yunnan article", title_my="ယူနန် ဆောင်းပါး", is_ready_en=True)
    monkeypatch.setattr(registry, "_search", [replace(registry.search_provider(), counts_elsewhere=None)])
    response = client.get("/en/search/?q=ဆောင်းပါး")
    assert response.status_code == 200
    assert "Nothing found." in response.content.decode()
    assert "search-elsewhere" not in response.content.decode()


def test_load_demo_runs_the_registered_steps_in_order(monkeypatch):
    steps = []
    monkeypatch.setattr(registry, "_demo_loaders", [lambda: steps.append("site"), lambda: steps.append("news")])
    monkeypatch.setattr(registry, "_demo_logins", [lambda: steps.append("logins") or [("chief", "secret")]])
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert steps == ["site", "news", "logins"]
    assert out.getvalue().splitlines() == ["Demo content loaded.", "  /admin/ login: chief / secret"]
