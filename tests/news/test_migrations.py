"""Migrations that move data: what a site already holds arrives whole, and going back returns it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_VIEWS = [("news", "0014_search_grams")]
WITH_VIEWS = [("news", "0015_article_views")]


def migrate(targets):
    """Migrates to `targets`; returns the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_latest_afterwards():
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_views_move_to_their_own_table_and_back(at_latest_afterwards):
    apps = migrate(BEFORE_VIEWS)
    column = apps.get_model("news", "Column").objects.create(slug="local", name_zh_hans="本地")
    Article = apps.get_model("news", "Article")
    read = Article.objects.create(column=column, title_zh_hans="读过", view_count=1234)
    unread = Article.objects.create(column=column, title_zh_hans="没人读", view_count=0)

    apps = migrate(WITH_VIEWS)
    ArticleViews = apps.get_model("news", "ArticleViews")
    assert dict(ArticleViews.objects.values_list("article_id", "count")) == {read.pk: 1234}

    ArticleViews.objects.filter(article_id=read.pk).update(count=1300)
    apps = migrate(BEFORE_VIEWS)
    counts = dict(apps.get_model("news", "Article").objects.values_list("pk", "view_count"))
    assert counts == {read.pk: 1300, unread.pk: 0}
