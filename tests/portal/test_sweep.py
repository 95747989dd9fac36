"""Walk every public page in the three languages and check what each page owes its readers."""

import pytest
from django.urls import reverse
from django.utils import translation

from news.models import Article, Column
from portal.models import Page
from projects.models import Edition, Session, SignedProject
from tests.html import han_outside_chinese_elements, tags

LANGUAGES = {"zh-hans": "zh-Hans", "en": "en", "my": "my"}


def public_urls(language):
    """Every public page of the demo that exists in `language`."""
    with translation.override(language):
        urls = [
            reverse("home"),
            reverse("projects:edition-list"),
            reverse("projects:project-list"),
            reverse("projects:project-stats"),
            reverse("search") + "?q=" + {"zh-hans": "云南", "en": "Yunnan", "my": "ယူနန်"}[language],
        ]
        urls += [column.get_absolute_url() for column in Column.objects.all()]
        urls += [page.get_absolute_url() for page in Page.objects.published()]
        urls += [article.get_absolute_url() for article in Article.objects.published()]
        urls += [edition.get_absolute_url() for edition in Edition.objects.published()]
        urls += [f"{edition.get_absolute_url()}?view=theme" for edition in Edition.objects.published()]
        urls += [session.get_absolute_url() for session in Session.objects.published().select_related("edition")]
        urls += [project.get_absolute_url() for project in SignedProject.objects.published()]
    return urls


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_complete(client, demo, language):
    urls = public_urls(language)
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert len(tags(html, "h1")) == 1, url
        assert tags(html, "html")[0]["lang"] == LANGUAGES[language], url
        hreflangs = {
            link["hreflang"] for link in tags(html, "link") if link.get("rel") == "alternate" and "hreflang" in link
        }
        assert LANGUAGES[language] in hreflangs and "x-default" in hreflangs, url
        assert "default-src 'self'" in response["Content-Security-Policy"], url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url


def test_burmese_pages_show_no_chinese(client, demo):
    for url in public_urls("my"):
        html = client.get(url).content.decode()
        assert han_outside_chinese_elements(html) == [], url
