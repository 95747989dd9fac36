"""Column pages and searches fill a frame kept per content change (portal.stored_pages.kept_frame): what they share
is rendered once, what is their own is filled in for each request. These tests read the pages through their URLs
and check that the frame never shows one request's words or an old name to another reader."""

import re
import warnings

import pytest
from django.core.cache import CacheKeyWarning
from django.urls import reverse
from django.utils import translation

from portal.models import SiteSettings
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db


def get(client, language, name, params=None, **kwargs):
    with translation.override(language):
        path = reverse(name, kwargs=kwargs or None)
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response.content.decode()


def title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.fixture
def column():
    column = make_column(slug="local", name_en="Local news", name_my="ဒေသ သတင်း")
    for index in range(25):
        make_article(column=column, title_en=f"Dianchi {index}", title_my=f"ဒီယန်ချီ {index}")
    return column


def test_every_page_of_a_column_has_its_own_number_and_rows(client, column):
    first = get(client, "en", "news:column-detail", slug="local")
    second = get(client, "en", "news:column-detail", {"page": 2}, slug="local")
    assert title(first).startswith("Local news ·")
    assert title(second).startswith("Local news · page 2 ·")
    assert 'property="og:title" content="Local news · page 2 ·' in second
    assert (first.count('<li class="card">'), second.count('<li class="card">')) == (20, 5)
    assert "Page 2 of 2" in second
    assert "<!--portal:" not in first + second
    burmese = get(client, "my", "news:column-detail", {"page": 2}, slug="local")
    assert title(burmese).startswith("ဒေသ သတင်း · စာမျက်နှာ ၂ ·")


def test_a_renamed_column_shows_its_new_name_on_every_page_at_once(client, column):
    get(client, "en", "news:column-detail", {"page": 2}, slug="local")
    column.name_en = "Lincang today"
    column.save()
    second = get(client, "en", "news:column-detail", {"page": 2}, slug="local")
    assert title(second).startswith("Lincang today · page 2 ·")
    assert "<h1>Lincang today</h1>" in second
    assert "Local news" not in second


def test_an_unknown_column_is_404_and_keeps_nothing(client, column):
    with translation.override("en"):
        path = reverse("news:column-detail", kwargs={"slug": "no-such-column"})
    assert client.get(path).status_code == 404
    assert client.get(path, {"page": 2}).status_code == 404


def test_a_made_up_column_address_of_any_length_is_404_with_a_short_cache_key(client, column):
    with translation.override("en"):
        path = reverse("news:column-detail", kwargs={"slug": "x" * 3000})
    with warnings.catch_warnings():
        # A key longer than memcached's 250 characters warns (CacheKeyWarning): here that fails the test.
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(path).status_code == 404
        assert client.get(path, {"page": 2}).status_code == 404


def test_pagination_links_carry_only_the_page(client, column):
    html = get(client, "en", "news:column-detail", {"page": 1, "utm_source": "mail"}, slug="local")
    assert 'rel="next" href="?page=2"' in html
    assert "utm_source" not in html


def test_each_search_shows_its_own_words_in_title_box_and_results(client, column):
    first = get(client, "en", "search", {"q": "Dianchi 1"})
    second = get(client, "en", "search", {"q": "Dianchi 2"})
    assert title(first).startswith("Search: Dianchi 1 ·")
    assert 'value="Dianchi 1"' in first
    assert title(second).startswith("Search: Dianchi 2 ·")
    assert 'value="Dianchi 2"' in second
    assert "Dianchi 1" not in second
    assert "<!--portal:" not in first + second


def test_searched_words_are_escaped_and_cannot_fill_a_marker(client, column):
    words = '"><script>alert(1)</script><!--portal:results-->'
    html = get(client, "en", "search", {"q": words})
    assert "<script>alert(1)" not in html
    assert "&lt;!--portal:results--&gt;" in html
    # The results were filled once, where they belong.
    assert html.count('class="search-count"') == 1


def test_a_new_site_name_reaches_the_search_frame_at_once(client, column):
    get(client, "en", "search", {"q": "Dianchi"})
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name_en": "Lincang Daily"})
    site = SiteSettings.objects.get()
    site.save()
    assert "Lincang Daily" in title(get(client, "en", "search", {"q": "Dianchi"}))
