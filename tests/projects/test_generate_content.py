import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from news.models import Article
from projects.models import Session, SignedProject


def generate(**sizes):
    call_command("generate_content", stdout=io.StringIO(), stderr=io.StringIO(), **sizes)


def test_generate_content_makes_every_article_in_three_languages(db):
    generate(articles=30, projects=12, sessions=8, batch=7)
    assert Article.objects.count() == 30
    assert Article.objects.published("my").count() == 30
    assert Article.objects.published("en").count() == 30
    assert Session.objects.published("my").count() == 8
    assert SignedProject.objects.published("zh-hans").count() == 12
    article = Article.objects.first()
    assert len(article.body_zh_hans) > 1000 and len(article.body_en) > 1000 and len(article.body_my) > 1000


class Rollback(Exception):
    pass


def test_generate_content_is_deterministic(db):
    with pytest.raises(Rollback), transaction.atomic():
        generate(articles=5, projects=3, sessions=4)
        first = list(Article.objects.order_by("published_at").values_list("title_zh_hans", "body_my"))
        raise Rollback
    generate(articles=5, projects=3, sessions=4)
    assert list(Article.objects.order_by("published_at").values_list("title_zh_hans", "body_my")) == first


def test_generate_content_refuses_to_run_twice(db):
    generate(articles=2, projects=1, sessions=3)
    with pytest.raises(CommandError):
        generate(articles=2, projects=1, sessions=3)


def test_generate_content_keeps_the_search_indexes(db):
    from django.db import connection

    def trigram_indexes():
        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef, attstattarget FROM pg_indexes "
                "JOIN pg_attribute ON attrelid = format('%I', indexname)::regclass AND attnum = 1 "
                "WHERE tablename = 'news_article' ORDER BY indexname"
            )
            return [row for row in cursor.fetchall() if "gin_trgm_ops" in row[0] or "string_to_array" in row[0]]

    before = trigram_indexes()
    generate(articles=3, projects=1, sessions=3)
    assert trigram_indexes() == before
    # Title and body text by trigrams, grams by element (with their raised statistics target), per language.
    assert connection.vendor != "postgresql" or len(before) == 9
    assert Article.objects.search("云南", "zh-hans").exists()
