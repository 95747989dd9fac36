"""Sitemaps and robots.txt (portal/sitemaps.py, portal/urls.py): only public pages, in the languages they exist in."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from portal.models import Page
from tests.factories import make_article, make_column, make_edition, make_project, make_session

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
SECTIONS = ["pages", "site-pages", "articles", "columns", "editions", "sessions", "projects", "news"]

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)  # noqa: S314 -- our own output, under test


def entries(client, section):
    """{location: {hreflang: href}} of one section."""
    urlset = read(client, f"/sitemap-{section}.xml")
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in urlset.findall("sm:url", NS)
    }


def article_urls(pk, *languages):
    return {f"http://testserver/{language}/news/{pk}/" for language in languages}


def test_sitemap_index_lists_every_section(client):
    index = read(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert locations == [f"http://testserver/sitemap-{section}.xml" for section in SECTIONS]
    for section in SECTIONS:
        read(client, f"/sitemap-{section}.xml")


def test_unknown_sitemap_section_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_article_sitemap_leaves_out_what_is_not_public(client):
    column = make_column()
    visible = make_article(column=column)
    not_burmese = make_article(column=column, is_ready_my=False)
    empty_burmese = make_article(column=column, title_my="")
    for state in (Article.State.DRAFT, Article.State.IN_REVIEW, Article.State.UNPUBLISHED):
        make_article(column=column, state=state)
    make_article(column=column, published_at=timezone.now() + timedelta(hours=1))
    assert set(entries(client, "articles")) == (
        article_urls(visible.pk, "zh-hans", "en", "my")
        | article_urls(not_burmese.pk, "zh-hans", "en")
        | article_urls(empty_burmese.pk, "zh-hans", "en")
    )


def test_article_alternates_follow_the_availability_rule(client):
    column = make_column()
    two = make_article(column=column, is_ready_my=False)
    no_chinese = make_article(column=column, is_ready_zh_hans=False)
    urls = entries(client, "articles")
    for location in article_urls(two.pk, "zh-hans", "en"):
        assert urls[location] == {
            "zh-Hans": f"http://testserver/zh-hans/news/{two.pk}/",
            "en": f"http://testserver/en/news/{two.pk}/",
            "x-default": f"http://testserver/zh-hans/news/{two.pk}/",
        }
    for location in article_urls(no_chinese.pk, "en", "my"):
        assert urls[location] == {
            "en": f"http://testserver/en/news/{no_chinese.pk}/",
            "my": f"http://testserver/my/news/{no_chinese.pk}/",
            "x-default": f"http://testserver/en/news/{no_chinese.pk}/",
        }


def test_article_sitemap_states_lastmod(client):
    article = make_article(column=make_column())
    urlset = read(client, "/sitemap-articles.xml")
    lastmods = {url.findtext("sm:lastmod", namespaces=NS) for url in urlset.findall("sm:url", NS)}
    article.refresh_from_db()
    assert len(lastmods) == 1
    assert lastmods.pop().startswith(timezone.localtime(article.updated_at).strftime("%Y-%m-%dT%H:%M:%S"))


def test_programme_and_register_sitemaps_leave_out_what_is_not_public(client):
    edition = make_edition(slug="open", is_ready_my=False)
    make_edition(slug="closed", is_published=False)
    session = make_session(edition=edition)
    make_session(edition=edition, is_published=False)
    make_session(edition=make_edition(slug="hidden", is_published=False))
    project = make_project(edition=edition, name_my="")
    make_project(edition=edition, is_published=False)
    make_project(edition=edition, is_ready_en=False, is_ready_zh_hans=False, is_ready_my=False)
    assert set(entries(client, "editions")) == {
        "http://testserver/zh-hans/events/open/",
        "http://testserver/en/events/open/",
    }
    # The edition has no Burmese version, so neither has its session's page: the sitemap follows the page.
    assert client.get(f"/my/events/open/sessions/{session.pk}/").status_code == 404
    assert set(entries(client, "sessions")) == {
        f"http://testserver/{language}/events/open/sessions/{session.pk}/" for language in ("zh-hans", "en")
    }
    assert set(entries(client, "projects")) == {
        f"http://testserver/{language}/projects/{project.pk}/" for language in ("zh-hans", "en")
    }


def test_site_page_sitemap_leaves_out_unpublished_pages(client):
    Page.objects.create(
        slug="about", title_zh_hans="关于", body_zh_hans="正文", title_en="About", body_en="Body", is_ready_en=True
    )
    Page.objects.create(slug="secret", title_zh_hans="草稿", body_zh_hans="正文", is_published=False)
    assert set(entries(client, "site-pages")) == {
        "http://testserver/zh-hans/pages/about/",
        "http://testserver/en/pages/about/",
    }


def test_column_sitemap_lists_every_column_in_every_language(client):
    column = make_column(slug="local")
    make_article(column=column)
    urls = entries(client, "columns")
    assert set(urls) == {f"http://testserver/{language}/news/column/local/" for language in ("zh-hans", "en", "my")}
    assert (
        urls["http://testserver/my/news/column/local/"]["x-default"] == "http://testserver/zh-hans/news/column/local/"
    )


def test_news_sitemap_holds_the_last_two_days_per_language(client):
    column = make_column()
    recent = make_article(
        column=column,
        published_at=timezone.now() - timedelta(hours=1),
        title_en="Fresh <\"'&> news\x0b",
        is_ready_my=False,
    )
    make_article(column=column, published_at=timezone.now() - timedelta(days=3))
    make_article(column=column, state=Article.State.DRAFT)
    urlset = read(client, "/sitemap-news.xml")
    found = {
        url.findtext("sm:loc", namespaces=NS): (
            url.findtext("news:news/news:publication/news:language", namespaces=NS),
            url.findtext("news:news/news:title", namespaces=NS),
            url.findtext("news:news/news:publication_date", namespaces=NS),
        )
        for url in urlset.findall("sm:url", NS)
    }
    assert set(found) == article_urls(recent.pk, "zh-hans", "en")
    assert found[f"http://testserver/en/news/{recent.pk}/"][:2] == ("en", "Fresh <\"'&> news")
    assert found[f"http://testserver/zh-hans/news/{recent.pk}/"][:2] == ("zh-cn", recent.title_zh_hans)
    assert found[f"http://testserver/en/news/{recent.pk}/"][2].startswith(
        timezone.localtime(recent.published_at).strftime("%Y-%m-%dT%H:%M:%S")
    )
    publication = urlset.find("sm:url/news:news/news:publication/news:name", NS)
    assert publication is not None


# A translated section reads its per-language counts, then the page's rows language by language (three here). The next
# scheduled publication (which bounds every derived cache) was read, once per generation, by robots.txt's site chrome.
@pytest.mark.parametrize(
    ("section", "queries"), [("articles", 4), ("columns", 1), ("news", 5), ("sessions", 4), ("projects", 4)]
)
def test_sitemap_query_count_is_fixed(client, django_assert_num_queries, section, queries):
    column = make_column()
    edition = make_edition()
    recent = {"column": column, "published_at": timezone.now() - timedelta(hours=1)}
    make_session(edition=edition, articles=[make_article(**recent)])
    make_project(edition=edition)
    # The site chrome (context processor) is cached after the first request of a generation, as in production.
    client.get("/robots.txt")
    with django_assert_num_queries(queries):
        assert len(entries(client, section)) == (3 if section != "columns" else 3 * 1)
    for _ in range(2):
        make_session(edition=edition, articles=[make_article(**recent)])
        make_project(edition=edition)
    client.get("/robots.txt")
    expected = 3 if section == "columns" else 9
    with django_assert_num_queries(queries):
        assert len(entries(client, section)) == expected


def test_sitemap_index_query_count_is_fixed(client, django_assert_num_queries):
    column = make_column()
    make_article(column=column)
    client.get("/robots.txt")
    # One query per section (lastmod and counts per language; the next scheduled publication was read with
    # robots.txt's site chrome); until the content changes, none.
    with django_assert_num_queries(7):
        read(client, "/sitemap.xml")
    with django_assert_num_queries(0):
        read(client, "/sitemap.xml")
    make_article(column=column)
    make_article(column=column)
    client.get("/robots.txt")
    with django_assert_num_queries(7):
        index = read(client, "/sitemap.xml")
    lastmods = [node.text for node in index.findall("sm:sitemap/sm:lastmod", NS)]
    assert max(lastmods) >= Article.objects.latest("updated_at").updated_at.strftime("%Y-%m-%d")


def test_robots_names_the_sitemap_and_keeps_admin_and_previews_out(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /*/preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("section", ["site-pages", "editions", "sessions", "projects", "columns"])
def test_every_content_sitemap_states_lastmod(client, section):
    edition = make_edition()
    make_session(edition)
    make_project(edition=edition)
    make_article(column=make_column())
    Page.objects.create(slug="about", title_zh_hans="关于我们", body_zh_hans="正文")
    urlset = read(client, f"/sitemap-{section}.xml")
    urls = urlset.findall("sm:url", NS)
    assert urls
    assert all(url.findtext("sm:lastmod", namespaces=NS) for url in urls)


def test_a_section_split_into_pages_lists_every_row_once_per_language(client, monkeypatch):
    from news.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    column = make_column()
    everywhere = make_article(column=column)
    chinese_only = make_article(column=column, is_ready_en=False, is_ready_my=False)
    no_burmese = make_article(column=column, is_ready_my=False)
    make_article(column=column, state=Article.State.DRAFT)
    index = read(client, "/sitemap.xml")
    pages = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS) if "sitemap-articles" in loc.text]
    # Six (article, language) pairs, two per page.
    assert len(pages) == 3
    seen = []
    for page in range(1, 4):
        urlset = read(client, f"/sitemap-articles.xml?p={page}")
        seen += [url.findtext("sm:loc", namespaces=NS) for url in urlset.findall("sm:url", NS)]
    assert sorted(seen) == sorted(
        article_urls(everywhere.pk, "zh-hans", "en", "my")
        | article_urls(chinese_only.pk, "zh-hans")
        | article_urls(no_burmese.pk, "zh-hans", "en")
    )
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
