"""Column cards stored with the article (news/pages.py `column_cards`), as readers and editors see them.

A column page lists cards rendered once from the article's narrow row and stored per language; these tests read
column pages through their URLs, change what a card shows the way editors do (and behind the signals' back), and
check that the next reader sees it as it is now.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from news.models import Article, ArticleCard
from tests.factories import make_article, make_column, make_image

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<li class="card">.*?</li>', re.S)


def column_page(client, column, language="en", page=1):
    with translation.override(language):
        path = reverse("news:column-detail", kwargs={"slug": column.slug})
    response = client.get(path, {"page": page})
    assert response.status_code == 200
    return CARD.findall(response.content.decode())


@pytest.fixture
def column():
    return make_column(slug="local")


def test_first_read_stores_the_cards_of_its_language_and_the_next_serves_them(client, column):
    articles = [make_article(column=column, title_en=f"Dianchi {index}") for index in range(3)]
    first = column_page(client, column)
    assert [card.count("Dianchi") for card in first] == [1, 1, 1]
    assert set(ArticleCard.objects.values_list("article_id", "language")) == {(a.pk, "en") for a in articles}
    ArticleCard.objects.update(html=F("html"))  # nothing rendered again: the same rows, served as stored
    assert column_page(client, column) == first
    column_page(client, column, "my")
    assert ArticleCard.objects.filter(language="my").count() == 3


def test_cards_are_listed_newest_first_across_pages(client, column):
    articles = [make_article(column=column) for _index in range(25)]
    newest_first = sorted(articles, key=lambda article: article.published_at, reverse=True)
    shown = column_page(client, column) + column_page(client, column, page=2)
    assert [re.search(r'href="/en/news/(\d+)/"', card).group(1) for card in shown] == [
        str(article.pk) for article in newest_first
    ]


def test_a_saved_title_is_shown(client, column):
    article = make_article(column=column, title_en="Old title")
    column_page(client, column)
    article.title_en = "New title"
    article.save()
    assert "New title" in column_page(client, column)[0]


def test_a_card_stored_from_an_older_version_is_never_served(client, column):
    # A reader who rendered a card from the row an editor was saving stores it after the save's signals ran: the
    # version the editor's save moved on is what tells it apart.
    article = make_article(column=column, title_en="Before the edit")
    column_page(client, column)
    Article.objects.filter(pk=article.pk).update(title_en="After the edit", version=F("version") + 1)
    assert "After the edit" in column_page(client, column)[0]
    assert ArticleCard.objects.get(article=article, language="en").version == article.version + 1


def test_a_card_of_another_release_is_rendered_again(client, column):
    make_article(column=column, title_en="Current")
    column_page(client, column)
    ArticleCard.objects.update(release="0000000000000000", html='<li class="card">stale</li>')
    assert "Current" in column_page(client, column)[0]


def test_a_renamed_column_is_shown_on_its_cards(client, column):
    make_article(column=column)
    column_page(client, column)
    column.name_en = "Lincang today"
    column.save()
    assert '<span class="card-column">Lincang today</span>' in column_page(client, column)[0]


def test_a_changed_cover_text_is_shown(client, column):
    cover = make_image(alt_text_en="A tea garden")
    make_article(column=column, cover=cover)
    assert 'alt="A tea garden"' in column_page(client, column)[0]
    cover.alt_text_en = "The Lancang river"
    cover.save()
    assert 'alt="The Lancang river"' in column_page(client, column)[0]


def test_an_article_unpublished_without_signals_is_not_listed_though_its_card_is_stored(client, column):
    kept, hidden = make_article(column=column, title_en="Kept"), make_article(column=column, title_en="Hidden")
    assert len(column_page(client, column)) == 2
    Article.objects.filter(pk=hidden.pk).update(state=Article.State.UNPUBLISHED)
    cards = column_page(client, column)
    assert len(cards) == 1 and "Kept" in cards[0] and kept.pk
    assert ArticleCard.objects.filter(article=hidden).exists()


def test_the_excerpt_is_the_start_of_a_long_body(client, column):
    words = " ".join(f"word{index}" for index in range(200))
    make_article(column=column, summary_en="", body_en=f"<p>Opening line. {words}</p>")
    excerpt = re.search(r'<p class="card-excerpt" data-content>(.*?)</p>', column_page(client, column)[0]).group(1)
    assert excerpt.startswith("Opening line. word0 ") and excerpt.endswith("…") and len(excerpt) <= 121


def test_a_search_excerpt_shows_the_words_found_deep_in_the_body(client):
    filler = " ".join(f"filler{index}" for index in range(300))
    make_article(title_en="Report", body_en=f"<p>{filler} the Pu'er tea harvest {filler}</p>")
    with translation.override("en"):
        response = client.get(reverse("search"), {"q": "harvest"})
    excerpt = re.search(r'<p class="card-excerpt" data-content>(.*?)</p>', response.content.decode(), re.S).group(1)
    assert "<mark>harvest</mark>" in excerpt and excerpt.startswith("…") and excerpt.endswith("…")


def test_the_command_stores_the_cards_of_every_public_article_in_its_languages(client, column):
    public = make_article(column=column, is_ready_my=False)
    make_article(column=column, state=Article.State.DRAFT)
    out = StringIO()
    call_command("render_article_pages", "--cards", stdout=out)
    assert "1" in out.getvalue()
    assert set(ArticleCard.objects.values_list("article_id", "language")) == {(public.pk, "zh-hans"), (public.pk, "en")}
    stored = ArticleCard.objects.get(language="en").html
    assert column_page(client, column) == [stored]


def test_the_command_without_an_origin_or_cards_is_refused():
    with pytest.raises(CommandError, match="--origin"):
        call_command("render_article_pages")


def test_the_page_cache_keeps_a_first_page_at_once_and_later_pages_when_read_again(client, column, page_cache):
    for _index in range(25):
        make_article(column=column)
    with translation.override("en"):
        path = reverse("news:column-detail", kwargs={"slug": column.slug})
    assert client.get(path)["X-Page-Cache"] == "miss"
    assert client.get(path)["X-Page-Cache"] == "hit"
    first = client.get(path, {"page": 2})
    assert first.status_code == 200 and "X-Page-Cache" not in first
    assert client.get(path, {"page": 2})["X-Page-Cache"] == "miss"
    third = client.get(path, {"page": 2})
    assert third["X-Page-Cache"] == "hit" and third.content == first.content


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_the_column_page_query_lists_what_published_lists_with_matching_cards(column, language):
    """`ArticleCard.objects.column_page` is raw SQL for speed: the rows of `published()` in the column, in order."""
    now = timezone.now()
    cases = [
        make_article(column=column),
        make_article(column=column, state=Article.State.DRAFT),
        make_article(column=column, state=Article.State.IN_REVIEW),
        make_article(column=column, state=Article.State.UNPUBLISHED),
        make_article(column=column, published_at=now + timedelta(hours=1)),
        make_article(column=column, published_at=now - timedelta(seconds=1)),
        make_article(column=column, is_ready_my=False),
        make_article(column=column, is_ready_en=False, title_en=""),
        # Two at one time: the id breaks the tie.
        make_article(column=column, published_at=now - timedelta(days=2)),
        make_article(column=column, published_at=now - timedelta(days=2)),
        make_article(),  # another column
    ]
    for article in cases:
        ArticleCard.objects.create(
            article=article, language=language, release="r1", version=article.version, html=f"card {article.pk}"
        )
    stale = cases[0]
    ArticleCard.objects.filter(article=stale, language=language).update(version=stale.version + 1)
    public = list(
        Article.objects.published(language).in_column("local").newest_first().values_list("published_at", "pk")
    )
    assert 2 <= len(public) < len(cases)
    rows = ArticleCard.objects.column_page("local", language, "r1", public[0], 100)
    assert [pk for pk, _html in rows] == [pk for _at, pk in public]
    assert dict(rows) == {pk: None if pk == stale.pk else f"card {pk}" for _at, pk in public}
    # From a row on, `count` of them; another release matches no card; an unknown column or language lists nothing.
    assert [pk for pk, _html in ArticleCard.objects.column_page("local", language, "r1", public[1], 2)] == [
        pk for _at, pk in public[1:3]
    ]
    assert all(html is None for _pk, html in ArticleCard.objects.column_page("local", language, "r2", public[0], 100))
    assert ArticleCard.objects.column_page("elsewhere", language, "r1", public[0], 100) == []
    assert ArticleCard.objects.column_page("local", "xx", "r1", public[0], 100) == []
