"""Column pages (news/pagination.py): the same pages as OFFSET pagination, read without OFFSET or COUNT per request."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article
from news.services import article_unpublish
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db

PER_PAGE = 20


@pytest.fixture
def column():
    return make_column(slug="local")


def page_ids(client, page, language="en"):
    """The ids the page lists, in order, and the number of pages it says the column has (1 when it says none)."""
    response = client.get(f"/{language}/news/column/local/", {"page": page})
    assert response.status_code == 200
    listing = response.content.decode().split('<ul class="article-list">', 1)[1].split("</ul>", 1)[0]
    ids = [int(pk) for pk in re.findall(rf'<a href="/{language}/news/(\d+)/">', listing)]
    # Read in English pages only: "Page 1 of 3".
    total = re.search(r"Page \S+ of (\S+)</span>", response.content.decode())
    return ids, int(total.group(1)) if total else 1


def expected_pages(language="en"):
    ordered = list(
        Article.objects.published(language).filter(column__slug="local").newest_first().values_list("pk", flat=True)
    )
    return [ordered[start : start + PER_PAGE] for start in range(0, len(ordered), PER_PAGE)]


def test_every_page_matches_offset_pagination_including_ties(client, column):
    moment = timezone.now() - timedelta(days=1)
    # Rows sharing one publication time straddle page boundaries: the id breaks the tie.
    for index in range(45):
        make_article(column=column, published_at=moment if index % 3 else moment - timedelta(minutes=index))
    pages = expected_pages()
    assert len(pages) == 3
    for number, expected in enumerate(pages, start=1):
        assert page_ids(client, number) == (expected, 3)


def test_page_beyond_the_last_and_garbage_are_404(client, column):
    make_article(column=column)
    assert client.get("/en/news/column/local/", {"page": 2}).status_code == 404
    assert client.get("/en/news/column/local/", {"page": "x"}).status_code == 404
    assert client.get("/en/news/column/local/", {"page": "last"}).status_code == 200


def test_an_empty_column_has_one_empty_page(client, column):
    assert page_ids(client, 1) == ([], 1)


def test_publishing_and_unpublishing_shift_the_pages_at_once(client, column, django_user_model):
    rows = [make_article(column=column) for _ in range(25)]
    assert page_ids(client, 2)[0] == expected_pages()[1]
    newest = make_article(column=column, published_at=timezone.now() - timedelta(seconds=1))
    first, _response = page_ids(client, 1)
    assert first[0] == newest.pk
    assert page_ids(client, 2)[0] == expected_pages()[1]
    article_unpublish(
        article=rows[3], user=django_user_model.objects.create_superuser("chief", "c@example.org", "x" * 12)
    )
    assert rows[3].pk not in page_ids(client, 1)[0]
    assert page_ids(client, 2)[0] == expected_pages()[1]


def test_a_scheduled_article_appears_when_due_without_any_save(client, column):
    for _ in range(3):
        make_article(column=column)
    scheduled = make_article(column=column, published_at=timezone.now() + timedelta(seconds=1))
    ids, _pages = page_ids(client, 1)
    assert scheduled.pk not in ids
    assert len(ids) == 3
    # Time passes and nothing is saved: the cached anchors must not outlive the scheduled publication.
    time.sleep(1.1)
    ids, _pages = page_ids(client, 1)
    assert ids[0] == scheduled.pk
    assert len(ids) == 4


def test_languages_are_paginated_separately(client, column):
    for index in range(21):
        make_article(column=column, is_ready_my=index < 5)
    assert len(page_ids(client, 1, "my")[0]) == 5
    assert page_ids(client, 1, "en")[1] == 2
    assert len(page_ids(client, 2, "en")[0]) == 1
