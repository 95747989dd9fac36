"""Bad requests: a Host port out of range (on every kind of page), a NUL in an admin query, an unnamed 404."""

import random

import pytest
from django.urls import re_path
from django.views.static import serve

from portal.urls import urlpatterns as portal_urlpatterns
from tests.portal.test_fuzz import build_data_set, good_paths, one_language, site_routes

# The site with the unnamed media pattern that `static()` adds in development.
urlpatterns = [*portal_urlpatterns, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": "/nonexistent"})]

BAD_PORTS = ["localhost:99999", "localhost:65536", "localhost:0", "127.0.0.1:99999999999999999999"]


@pytest.fixture
def every_page(db):
    """One URL of each pattern of the site (public pages, feeds, sitemaps, calendars, exports, the admin)."""
    data_set = build_data_set()
    data_set["slug"].append("news")
    rng = random.Random(1)
    return good_paths(one_language(site_routes(), rng), data_set, rng, per_route=1)


@pytest.mark.parametrize("host", BAD_PORTS)
def test_host_with_a_port_out_of_range_is_a_bad_request_everywhere(client, every_page, host):
    client.raise_request_exception = False
    answered = {path: client.get(path, HTTP_HOST=host).status_code for path in every_page}
    assert len(answered) > 40
    assert {path: status for path, status in answered.items() if status != 400} == {}


@pytest.mark.parametrize("path", ["/zh-hans/feeds/latest.rss", "/zh-hans/feeds/matchmaking.rss", "/zh-hans/"])
def test_host_with_a_port_in_range_is_served(client, db, path):
    assert client.get(path, HTTP_HOST="localhost:65535").status_code == 200
    assert client.get(path, HTTP_HOST="localhost:8000").status_code == 200


def test_column_feed_with_a_port_out_of_range_is_a_bad_request(client, db):
    from tests.factories import make_article

    # The feed whose item bodies were made absolute against the request's host: nh3 refused the URL (a 500).
    article = make_article(body_en='<p><a href="/en/">home</a></p>')
    path = f"/en/feeds/column/{article.column.slug}.rss"
    assert client.get(path, HTTP_HOST="localhost:8000").status_code == 200
    assert client.get(path, HTTP_HOST="localhost:99999").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["metric__gte=%00", "q=a%00b", "o=%00", "%00=1", "as_of__gte=2023&source_name__exact=%00"],
)
def test_admin_query_with_a_nul_is_a_bad_request(admin_client, query):
    admin_client.raise_request_exception = False
    assert admin_client.get(f"/admin/projects/reportedfigure/?{query}").status_code == 400


def test_admin_query_without_a_nul_is_served(admin_client):
    assert admin_client.get("/admin/projects/reportedfigure/?q=%E4%BA%91%E5%8D%97").status_code == 200


def test_public_query_with_a_nul_is_reported_on_the_page(client, db):
    # Public pages read their parameters through forms, which call a NUL an invalid value.
    assert client.get("/en/projects/?edition=%00&q=a%00").status_code == 200
    assert client.get("/en/search/?q=%00").status_code == 200


@pytest.mark.urls("tests.portal.test_bad_requests")
def test_missing_file_under_an_unnamed_pattern_is_a_404(client, db):
    # The media pattern `static()` adds in development has no name; its 404 page shows the language switcher,
    # which reversed the pattern by its name (a 500).
    client.raise_request_exception = False
    assert client.get("/media/missing.png").status_code == 404
