"""Search at /<lang>/search/?q=: published articles in the reader's language, highlighted, paginated."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from news.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def search(client, language, q=None, **params):
    with translation.override(language):
        url = reverse("search")
    if q is not None:
        params["q"] = q
    return client.get(url, params)


def titles(response):
    return [article.title for article in response.context["page_obj"]]


def test_two_character_chinese_word_is_found(client):
    make_article(title_zh_hans="产业转移对接活动在昆明开幕", body_zh_hans="<p>活动在云南举办。</p>")
    make_article(title_zh_hans="临沧茶叶", body_zh_hans="<p>茶园</p>")
    response = search(client, "zh-hans", "云南")
    assert titles(response) == ["产业转移对接活动在昆明开幕"]
    assert "<mark>云南</mark>" in response.content.decode()


def test_burmese_substring_is_found(client):
    make_article(title_my="ကူမင်းတွင် ချိတ်ဆက်ပွဲ စတင်")
    response = search(client, "my", "ချိတ်ဆက်")
    assert titles(response) == ["ကူမင်းတွင် ချိတ်ဆက်ပွဲ စတင်"]


def test_english_title_is_found_and_highlighted(client):
    make_article(title_en="Matchmaking opens in Kunming")
    response = search(client, "en", "Kunming")
    assert titles(response) == ["Matchmaking opens in Kunming"]
    assert "<mark>Kunming</mark>" in response.content.decode()


def test_search_only_in_current_language(client):
    make_article(title_zh_hans="云南稿", title_en="Yunnan story", title_my="", body_my="", is_ready_my=False)
    assert titles(search(client, "en", "Yunnan")) == ["Yunnan story"]
    # The Burmese page never searches Chinese or English text.
    assert titles(search(client, "my", "Yunnan")) == []
    assert titles(search(client, "my", "云南")) == []


@pytest.mark.parametrize(
    "state_fields",
    [
        {"state": Article.State.DRAFT},
        {"state": Article.State.IN_REVIEW},
        {"state": Article.State.UNPUBLISHED},
    ],
)
def test_unpublished_articles_are_never_found(client, state_fields):
    make_article(title_en="Hidden Yunnan", **state_fields)
    assert titles(search(client, "en", "Hidden")) == []


def test_results_are_paginated(client):
    for number in range(12):
        make_article(title_en=f"Yunnan item {number}")
    first = search(client, "en", "Yunnan")
    second = search(client, "en", "Yunnan", page="2")
    assert (len(titles(first)), len(titles(second))) == (10, 2)
    assert search(client, "en", "Yunnan", page="abc").status_code == 200
    assert search(client, "en", "Yunnan", page="99999").status_code == 200


def test_results_are_counted_once_the_last_page_is_reached(client):
    for number in range(12):
        make_article(title_en=f"Yunnan item {number}", title_my=f"ယူနန် {number}", title_zh_hans=f"云南{number}")
    make_article(title_en="Kunming alone")
    first = search(client, "en", "Yunnan").content.decode()
    assert "More than 10 articles found." in first
    assert 'rel="next" href="?q=Yunnan&amp;page=2"' in first
    assert "Page 1" in first
    assert 'rel="prev"' not in first
    assert "ထက် ပို၍" in search(client, "my", "ယူနန်").content.decode()
    assert "找到超过 10 篇文章" in search(client, "zh-hans", "云南").content.decode()
    last = search(client, "en", "Yunnan", page="2").content.decode()
    assert "12 articles found." in last
    assert 'rel="prev" href="?q=Yunnan&amp;page=1"' in last
    assert 'rel="next"' not in last
    rare = search(client, "en", "Kunming").content.decode()
    assert "1 article found." in rare
    assert "More than" not in rare
    assert 'class="pagination"' not in rare


def test_pages_stop_at_the_last_offered_and_past_the_results_give_the_first(client, monkeypatch):
    from news.pagination import LookaheadPaginator

    monkeypatch.setattr(LookaheadPaginator, "max_pages", 2)
    for number in range(25):
        make_article(title_en=f"Yunnan item {number}")
    second = search(client, "en", "Yunnan", page="2")
    assert len(titles(second)) == 10
    assert "More than 20 articles found." in second.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert titles(search(client, "en", "Yunnan", page="3")) == titles(second)
    only_one = make_article(title_en="Kunming alone")
    beyond = search(client, "en", "Kunming", page="2")
    assert titles(beyond) == [only_one.title_en]
    assert "1 article found." in beyond.content.decode()


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Type a word to search for."),
        ("   ", "Type a word to search for."),
        ("\x00\x01", "Type a word to search for."),
        ("。！", "Type a word to search for."),
        ("%", "Type a word to search for."),
        ("x" * 5000, "Please search for at most 100 characters."),
    ],
)
def test_bad_queries_get_a_friendly_page(client, q, message):
    response = search(client, "en", q)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "search-count" not in response.content.decode()


def test_no_query_shows_the_form_only(client):
    response = search(client, "en")
    assert response.status_code == 200
    assert "search-count" not in response.content.decode()
    assert "errorlist" not in response.content.decode()


def test_malformed_encoding_gives_friendly_page(client):
    make_article(title_en="Yunnan news")
    with translation.override("en"):
        response = client.get(reverse("search") + "?q=%ED%A0%80%FF&page=%00")
    assert response.status_code == 200
    html = response.content.decode()
    # Bytes that are not UTF-8 become replacement characters, which are no word: the reader is asked for one.
    assert "search-count" not in response.content.decode()
    assert "Type a word to search for." in html
    assert "\x00" not in html


def test_query_is_escaped_in_page(client):
    make_article(title_en="Yunnan <b>")
    html = search(client, "en", "<script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in html


def test_nul_inside_word_is_dropped(client):
    make_article(title_en="Kunming news")
    assert titles(search(client, "en", "Kun\x00ming")) == ["Kunming news"]


def test_postgres_has_trigram_gin_index_per_language_column(django_db_setup, db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'news_article'")
        definitions = dict(cursor.fetchall())
    for field in ("title", "body_text"):
        for suffix in ("zh_hans", "en", "my"):
            definition = definitions[f"news_{field}_{suffix}_trgm"]
            assert "USING gin" in definition and "gin_trgm_ops" in definition
    # Search never reads the HTML bodies, so they carry no trigram index to slow down saves.
    assert not any(name.startswith("news_body_") and "text" not in name for name in definitions if "trgm" in name)


def test_markup_is_not_searched(client):
    make_article(title_en="Plain", body_en='<p><strong>Bold</strong> <a href="https://example.org/">link</a></p>')
    assert titles(search(client, "en", "strong")) == []
    assert titles(search(client, "en", "example.org")) == []
    assert titles(search(client, "en", "Bold link")) == ["Plain"]


def test_entities_are_searched_as_text(client):
    make_article(title_en="Trade", body_en="<p>China &amp; South Asia</p>")
    assert titles(search(client, "en", "China & South")) == ["Trade"]


def test_excerpt_cuts_burmese_at_spaces(client):
    words = " ".join(["ကုန်သွယ်မှု"] * 30)
    make_article(title_my="ကုန်သွယ်ရေး", body_my=f"<p>{words} ကူမင်း {words}</p>")
    html = search(client, "my", "ကူမင်း").content.decode()
    excerpt = html[html.index("<mark>") - 200 : html.index("</mark>") + 200]
    assert "ကုန်သွယ်မှု…" in html and "…ကုန်သွယ်မှု" in html
    assert "ကုန်သွယ်မ…" not in excerpt


def test_search_finding_nothing_links_to_the_languages_that_find_something(client, django_assert_num_queries):
    make_article(title_zh_hans="临沧茶叶节开幕", title_en="Lincang tea festival", title_my="လင်ချန်း လက်ဖက်ပွဲ")
    make_article(title_zh_hans="临沧茶叶出口", title_en="Lincang tea exports", title_my="လင်ချန်း လက်ဖက် တင်ပို့")
    # As many as a search that finds something: chrome (3), the capped count, the next scheduled publication, and
    # one query counting the other languages instead of the page of rows (none to read).
    with django_assert_num_queries(6):
        response = search(client, "en", "茶叶")
    html = response.content.decode()
    assert titles(response) == []
    # Only Chinese finds the word: one link, to the Chinese search for the same words.
    assert re.findall(r'<ul class="search-elsewhere">\s*(.*?)\s*</ul>', html, re.S) == [
        '<li><a href="/zh-hans/search/?q=%E8%8C%B6%E5%8F%B6" hreflang="zh-Hans">2 results in '
        '<span lang="zh-Hans">简体中文</span></a></li>'
    ]


def test_search_elsewhere_reads_in_each_language(client):
    make_article(title_zh_hans="云南", title_en="Kunming talks", title_my="ကူမင်း ဆွေးနွေးပွဲ")
    chinese = search(client, "zh-hans", "Kunming").content.decode()
    burmese = search(client, "my", "Kunming").content.decode()
    assert '1 result in <span lang="en">English</span>' not in chinese
    assert '<span lang="en">English</span>中有 1 条结果' in chinese
    # Burmese counts in Myanmar digits; the link's URL keeps its ASCII.
    assert '<a href="/en/search/?q=Kunming" hreflang="en"><span lang="en">English</span> ဘာသာဖြင့် ရလဒ် ၁ ခု</a>' in burmese


def test_search_elsewhere_is_not_offered_when_the_page_finds_something(client):
    make_article(title_zh_hans="云南茶", title_en="Yunnan tea")
    html = search(client, "en", "Yunnan").content.decode()
    assert "search-elsewhere" not in html


def test_search_elsewhere_counts_only_published_articles(client):
    make_article(title_zh_hans="秘密草稿", state=Article.State.DRAFT)
    html = search(client, "en", "秘密").content.decode()
    assert "search-elsewhere" not in html


def test_search_result_shows_date_column_and_excerpt(client):
    from tests.factories import make_column

    column = make_column(name_en="Economy")
    make_article(column=column, title_en="Tea prices", body_en="<p>Tea prices rose in Lincang this spring.</p>")
    html = search(client, "en", "Lincang").content.decode()
    assert '<span class="card-column">Economy</span>' in html
    assert "Tea prices rose in <mark>Lincang</mark> this spring." in html
    assert '<time datetime="' in html


def test_search_page_has_breadcrumb(client):
    html = search(client, "en", "Yunnan").content.decode()
    assert '<span aria-current="page">Search</span>' in html


# Words of one or two characters: on PostgreSQL the grams index answers them (news/grams.py), with the same rows as
# reading every title and body would give.

SHORT_WORDS = ["云南", "南", "昆明", "茶", "明茶", "ယူ", "န", "နန်", "Ku", "K", "p", "。", "ab"]


def test_short_words_find_exactly_the_articles_that_contain_them(django_db_setup, db):
    articles = [
        make_article(title_zh_hans="云南临沧", body_zh_hans="<p>昆明的茶。</p>", title_my="ယူနန်", body_my="<p>ကူမင်း</p>"),
        make_article(title_zh_hans="昆明", body_zh_hans="<p>茶园</p>", title_en="Kunming", body_en="<p>Tea</p>"),
        make_article(title_zh_hans="临沧", body_zh_hans="<p>明</p><p>茶</p>", title_my="နေ", body_my="<p>စာ</p>"),
        make_article(title_en="Lab", body_en="<p>a <b>b</b></p>"),
    ]
    for language, suffix in (("zh-hans", "zh_hans"), ("en", "en"), ("my", "my")):
        for word in SHORT_WORDS:
            expected = {
                article.pk
                for article in articles
                if word in getattr(article, f"title_{suffix}") or word in getattr(article, f"body_text_{suffix}")
            }
            found = set(Article.objects.search(word, language).values_list("pk", flat=True))
            assert found == expected, (language, word)


def test_grams_follow_a_save_of_some_fields(db):
    article = make_article(title_zh_hans="临沧新闻")
    article.title_zh_hans = "普洱新闻"
    article.save(update_fields=["title_zh_hans"])
    assert list(Article.objects.search("普洱", "zh-hans")) == [article]
    assert list(Article.objects.search("临沧", "zh-hans")) == []


def test_postgres_answers_a_two_character_word_from_the_grams_index(django_db_setup, db):
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the grams index exists on PostgreSQL only")
    make_article(title_zh_hans="云南")
    query = Article.objects.search("云南", "zh-hans").order_by()
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of rows is read fastest without any index: tell the planner to use the GIN index if it can.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = query.values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "news_search_grams_zh_hans" in plan, plan
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attrelid = 'news_search_grams_zh_hans'::regclass AND attnum = 1"
        )
        # Statistics of up to 10,000 grams, so that the planner knows a common pair from a rare one.
        assert cursor.fetchone()[0] == 1000


def test_the_migration_fills_grams_as_saves_do():
    from importlib import import_module

    from news.grams import grams

    migration = import_module("news.migrations.0014_search_grams")
    for texts in [("云南临沧", "昆明的茶。"), ("ယူနန်", "ကူမင်း စာ"), ("Lab", "a b  c"), ("", "")]:
        assert migration._grams(*texts) == grams(*texts)


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_search_hits_are_the_rows_and_excerpts_of_the_queryset(language):
    """`Article.objects.search_hits` is SQL written once for speed: the rows, order, pages and excerpts of
    `published().search().with_card(excerpt=True)`, on both databases."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    text = {"zh-hans": "云南临沧的茶", "en": "Yunnan 50% tea_garden", "my": "ယူနန် လက်ဖက်"}[language]
    suffix = language.replace("-", "_")
    long_body = "<p>" + "x " * 200 + text + "</p>"
    cases = [
        make_article(**{f"title_{suffix}": text}),
        make_article(**{f"body_{suffix}": long_body}),
        make_article(state=Article.State.DRAFT, **{f"title_{suffix}": text}),
        make_article(state=Article.State.UNPUBLISHED, **{f"title_{suffix}": text}),
        make_article(published_at=now + timedelta(hours=1), **{f"title_{suffix}": text}),
        make_article(is_ready_my=False, is_ready_en=False, **{f"title_{suffix}": text}),
        make_article(published_at=now - timedelta(days=3), **{f"title_{suffix}": text}),
        make_article(published_at=now - timedelta(days=3), **{f"body_{suffix}": long_body}),
    ]
    words = [text[:2], text[2:4], text, text[-3:], "%", "_", "50%", "nothing-here"]
    with translation.override(language):
        for word in words:
            expected = [
                (row.pk, row.title, row.published_at, row.column.name, row.excerpt_text)
                for row in Article.objects.published(language)
                .search(word, language)
                .with_card(excerpt=True, around=word)
                .newest_first()
            ]
            hits = Article.objects.search_hits(word, language, 0, 100)
            found = [(hit.pk, hit.title, hit.published_at, hit.column_name, hit.excerpt_text) for hit in hits]
            assert found == expected, word
            assert [hit.pk for hit in Article.objects.search_hits(word, language, 1, 2)] == [
                row[0] for row in expected[1:3]
            ]
    assert len(Article.objects.search_hits(text, language, 0, 100)) < len(cases)
    assert Article.objects.search_hits(text, "xx", 0, 100) == []
