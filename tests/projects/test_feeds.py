"""The feed of newly published signed projects (projects/feeds.py)."""

import html
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_article, make_image, make_project, make_session
from tests.feed_readers import FORMATS, LANGUAGES, feed_url, fetch, root, titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_project_feed_is_valid_with_its_item(client, language, fmt):
    project = make_project(description_en="Builds <\"'&> a plant.", amount_yuan=1500000000)
    response, parsed = fetch(client, feed_url(language, "projects", fmt))
    suffix = language.replace("-", "_")
    entry = parsed.entries[0]
    assert titles(parsed) == [getattr(project, f"name_{suffix}")]
    assert parsed.feed.language == LANGUAGES[language]
    assert entry.link == f"http://testserver/{language}/projects/{project.pk}/"
    assert entry.id == f"tag:testserver,2023:project:{project.pk}:{language}"
    assert getattr(project.sector, f"name_{suffix}") in entry.content[0].value
    assert root(response) is not None


def test_project_feed_escapes_and_shows_the_amount(client):
    make_project(description_en="Builds <\"'&> a plant.", amount_yuan=1500000000)
    _response, parsed = fetch(client, feed_url("en", "projects", "atom"))
    entry = parsed.entries[0]
    assert html.unescape(entry.summary) == "Builds <\"'&> a plant."
    assert "Amount (yuan): 1,500,000,000" in entry.content[0].value


def test_project_feed_leaves_out_what_is_not_public_in_its_language(client):
    make_project(name_en="Visible", name_my="မြင်ရ")
    make_project(name_en="Unpublished", is_published=False)
    make_project(name_en="Not Burmese", is_ready_my=False)
    make_project(name_en="Empty Burmese", name_my="")
    for fmt in FORMATS:
        _response, burmese = fetch(client, feed_url("my", "projects", fmt))
        assert titles(burmese) == ["မြင်ရ"]
        _response, english = fetch(client, feed_url("en", "projects", fmt))
        assert titles(english) == ["Visible", "Not Burmese", "Empty Burmese"]


def test_project_feed_puts_the_newly_published_first(client):
    now = timezone.now()
    make_project(name_en="Old", published_at=now - timedelta(days=3))
    make_project(name_en="Undated", published_at=None)
    make_project(name_en="New", published_at=now - timedelta(hours=1))
    _response, parsed = fetch(client, feed_url("en", "projects", "rss"))
    assert titles(parsed) == ["New", "Old", "Undated"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_project_feed_drops_xml_illegal_characters(client, language):
    suffix = language.replace("-", "_")
    make_project(**{f"name_{suffix}": "Pro\x0b\x1fject\ufffe", f"description_{suffix}": "Desc\x0cription"})
    for fmt in FORMATS:
        _response, parsed = fetch(client, feed_url(language, "projects", fmt))
        assert parsed.entries[0].title == "Project"
        assert html.unescape(parsed.entries[0].summary) == "Description"


def test_project_feed_query_count_is_fixed(client, django_assert_num_queries):
    make_project()
    for fmt in FORMATS:
        cache.clear()
        # The next scheduled publication, the rows the ETag is made of, the site settings, the items.
        with django_assert_num_queries(4):
            fetch(client, feed_url("en", "projects", fmt))
    make_project()
    make_project()
    for fmt in FORMATS:
        cache.clear()
        with django_assert_num_queries(4):
            _response, parsed = fetch(client, feed_url("en", "projects", fmt))
        assert len(parsed.entries) == 3


def test_project_feed_answers_304_when_unchanged(client):
    make_project()
    url = feed_url("en", "projects", "rss")
    response, _parsed = fetch(client, url)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# The matchmaking feed (projects/feeds.py): news linked to the programme of a published edition.


def test_matchmaking_feed_is_valid_with_its_item(client):
    article = make_article(title_en="Linked story")
    make_session(articles=[article])
    for language in LANGUAGES:
        for fmt in FORMATS:
            _response, parsed = fetch(client, feed_url(language, "matchmaking", fmt))
            assert not parsed.bozo and parsed.feed.language == LANGUAGES[language]
            assert len(parsed.entries) == 1


# With empty caches: the next scheduled publication, the rows the ETag is made of, the site settings and the items.
def test_matchmaking_feed_query_count_is_fixed(client, django_assert_num_queries):
    session = make_session()
    session.articles.add(make_article(cover=make_image()))
    for count in (1, 3):
        if count == 3:
            session.articles.add(*[make_article(cover=make_image()) for _ in range(2)])
        for fmt in FORMATS:
            cache.clear()
            with django_assert_num_queries(4):
                _response, parsed = fetch(client, feed_url("en", "matchmaking", fmt))
            assert len(parsed.entries) == count


def test_matchmaking_feed_holds_news_of_published_programme_once(client):
    twice = make_article(title_en="Two sessions")
    make_session(articles=[twice])
    make_session(edition=make_session().edition, articles=[twice])
    make_article(title_en="Not linked")
    unpublished_session = make_article(title_en="Unpublished session")
    make_session(articles=[unpublished_session], is_published=False)
    unpublished_edition = make_article(title_en="Unpublished edition")
    hidden = make_session(articles=[unpublished_edition])
    hidden.edition.is_published = False
    hidden.edition.save()
    for fmt in FORMATS:
        _response, parsed = fetch(client, feed_url("en", "matchmaking", fmt))
        assert titles(parsed) == ["Two sessions"]
