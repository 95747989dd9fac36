"""Every public news page runs the same number of SQL queries whatever the number of articles."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage

from news.models import HEADLINES_SLUG, SPECIAL_TOPIC_SLUG, Image
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db


def make_image():
    out = BytesIO()
    PILImage.new("RGB", (1600, 900), (200, 60, 40)).save(out, format="PNG")
    image = Image(caption_en="A drawing", alt_text_en="A drawing")
    image.file.save("cover.png", ContentFile(out.getvalue()), save=False)
    image.save()
    return image


@pytest.fixture
def articles(request):
    """`count` articles spread over the home page's columns, with covers and related articles."""
    count = request.param
    cover = make_image()
    columns = [
        make_column(slug=HEADLINES_SLUG),
        make_column(slug=SPECIAL_TOPIC_SLUG),
        make_column(slug="local"),
        make_column(slug="burmese"),
    ]
    rows = [
        make_article(column=columns[index % len(columns)], cover=cover, title_en=f"Yunnan {index}")
        for index in range(count)
    ]
    for row in rows:
        row.related_articles.set(rows[:5])
    return rows


def get(client, name, **kwargs):
    with translation.override("en"):
        return client.get(reverse(name, kwargs=kwargs or None), {"q": "Yunnan"} if name == "search" else {})


# The counts include the site chrome (settings, footer links, navigation), read once and then cached.


@pytest.mark.parametrize("articles", [1, 3, 30], indirect=True)
def test_home_query_count(client, django_assert_num_queries, articles):
    # Cold: the news of every column (2), the most read (1), the chrome (3), the next scheduled publication (1).
    with django_assert_num_queries(7):
        cold = get(client, "home")
    assert cold.status_code == 200
    # Then the rendered news is kept until content changes (the page cache is off in these tests).
    with django_assert_num_queries(0):
        warm = get(client, "home")
    assert warm.content == cold.content


@pytest.mark.parametrize("articles", [1, 3, 30], indirect=True)
def test_column_list_query_count(client, django_assert_num_queries, articles):
    # Cold: the column and the chrome (3) for the column's frame, the next scheduled publication, the page anchors,
    # the page's rows with their stored cards, and, as no card is stored yet, the rows' cards read and stored.
    with django_assert_num_queries(9):
        cold = get(client, "news:column-detail", slug=HEADLINES_SLUG)
    assert cold.status_code == 200
    # Then the frame and the anchors are kept, and the cards are read with the rows (news/pages.py): one query.
    with django_assert_num_queries(1):
        warm = get(client, "news:column-detail", slug=HEADLINES_SLUG)
    assert warm.content == cold.content


@pytest.mark.parametrize("articles", [1, 3, 30], indirect=True)
def test_article_page_query_count(client, django_assert_num_queries, articles):
    # Cold (no stored page): the stored page looked for, the article, its neighbours (2), its related articles (2),
    # sessions, projects, the chrome (3), the next scheduled publication (when the page expires) and the page stored.
    with django_assert_num_queries(13):
        cold = get(client, "news:article-detail", pk=articles[-1].pk)
    assert cold.status_code == 200
    # Then one: the stored page with the article's public state (news/pages.py); the view count is in the cache.
    with django_assert_num_queries(1):
        warm = get(client, "news:article-detail", pk=articles[-1].pk)
    assert warm.content == cold.content


@pytest.mark.parametrize("articles", [1, 3, 30], indirect=True)
def test_search_query_count(client, django_assert_num_queries, articles):
    # Cold: the chrome (3) and the next scheduled publication for the search page's frame, then the page's rows.
    with django_assert_num_queries(5):
        cold = get(client, "search")
    found = "More than 10 articles found." if len(articles) > 10 else f"{len(articles)} article"
    assert found in cold.content.decode()
    # Any other search then fills the kept frame: its rows only, one query.
    with django_assert_num_queries(1), translation.override("en"):
        other = client.get(reverse("search"), {"q": "Yunnan 0"})
    assert "1 article found." in other.content.decode()
