"""The hottest reads by key run as statements prepared once per PostgreSQL connection (news.models.execute_prepared).

Read through the real pages: an article's stored page (`ArticlePageQuerySet.servable`) and a column's page
(`ArticleCardQuerySet.column_page`). What PostgreSQL holds is read from `pg_prepared_statements`, the session's own
list.
"""

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from news.models import ArticlePage
from tests.factories import make_article, make_column
from tests.news.test_stored_pages import BROWSER
from tests.news.test_stored_pages import path_of as article_path

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite runs the same SQL directly")


@pytest.fixture
def fresh_connection():
    """A connection that has prepared nothing yet (the test's transaction is on it, so it is opened, not closed)."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    # What this process believes it prepared on the connection goes with the statements.
    from news import models

    models._prepared.pop(connection.connection, None)


def prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY name")
        return [name for (name,) in cursor.fetchall()]


def test_a_stored_page_is_read_by_a_statement_prepared_once_per_connection(
    client, fresh_connection, django_assert_num_queries
):
    first, second = make_article(title_en="Kunming"), make_article(title_en="Lincang")
    for article in (first, second):
        assert client.get(article_path(article, "en"), **BROWSER).status_code == 200  # renders and stores
    assert ArticlePage.objects.count() == 2
    assert prepared() == ["portal_servable_en"]

    # Each read is the one EXECUTE, the same for the first article read and the second: nothing is prepared again.
    for article in (first, second):
        with django_assert_num_queries(1) as queries:
            response = client.get(article_path(article, "en"), **BROWSER)
        assert response.status_code == 200
        assert article.title_en in response.content.decode()
        assert queries.captured_queries[0]["sql"].startswith("EXECUTE portal_servable_en(")
    assert prepared() == ["portal_servable_en"]

    # Each language has its own statement (the language picks the availability column).
    assert client.get(article_path(first, "zh-hans"), **BROWSER).status_code == 200
    assert client.get(article_path(first, "zh-hans"), **BROWSER).status_code == 200
    assert prepared() == ["portal_servable_en", "portal_servable_zh_hans"]


def test_the_prepared_statement_keeps_the_public_rule(client, fresh_connection):
    article = make_article(title_en="Kunming")
    path = article_path(article, "en")
    client.get(path, **BROWSER)
    assert client.get(path, **BROWSER).status_code == 200
    # Without signals: the stored row stays, and the prepared statement's own rule must refuse it.
    type(article).objects.filter(pk=article.pk).update(state=article.State.UNPUBLISHED)
    assert ArticlePage.objects.filter(article=article).exists()
    assert client.get(path, **BROWSER).status_code == 404


def test_a_statement_prepared_in_a_transaction_rolled_back_is_still_there(client, fresh_connection):
    article = make_article(title_en="Kunming")
    path = article_path(article, "en")
    client.get(path, **BROWSER)

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        assert client.get(path, **BROWSER).status_code == 200  # prepares, inside the savepoint
        raise RolledBack
    assert prepared() == ["portal_servable_en"]
    assert client.get(path, **BROWSER).status_code == 200


def test_a_column_page_is_read_by_a_prepared_statement(client, fresh_connection):
    column = make_column(slug="local")
    for number in range(3):
        make_article(column=column, title_en=f"Yunnan {number}")
    with translation.override("en"):
        path = reverse("news:column-detail", kwargs={"slug": "local"})
    response = client.get(path, **BROWSER)
    assert response.status_code == 200
    assert all(f"Yunnan {number}" in response.content.decode() for number in range(3))
    assert "portal_column_page_en" in prepared()
    # A second page read prepares nothing more and shows the same rows.
    again = client.get(path, **BROWSER)
    assert all(f"Yunnan {number}" in again.content.decode() for number in range(3))
    assert prepared().count("portal_column_page_en") == 1


def test_switched_off_nothing_is_prepared(client, fresh_connection, settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    article = make_article(title_en="Kunming")
    path = article_path(article, "en")
    client.get(path, **BROWSER)
    response = client.get(path, **BROWSER)
    assert response.status_code == 200 and "Kunming" in response.content.decode()
    assert prepared() == []


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again(client):
    """The statements belong to the session: a connection opened later (after a database restart, say) has none, and
    the process must not take the old connection's word for them."""
    article = make_article(title_en="Kunming")
    path = article_path(article, "en")
    client.get(path, **BROWSER)
    client.get(path, **BROWSER)
    assert "portal_servable_en" in prepared()
    connection.close()
    response = client.get(path, **BROWSER)
    assert response.status_code == 200 and "Kunming" in response.content.decode()
    assert prepared() == ["portal_servable_en"]  # on the new session: prepared again, and nothing else yet


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_before_preparing_is_an_outage_page_not_an_error(client):
    """The PREPARE goes through the driver's own cursor; a connection that died under it must still be what Django
    calls a lost database (the maintenance page, 503), not an unknown error (500)."""
    import psycopg2

    article = make_article(title_en="Kunming")
    path = article_path(article, "en")
    assert client.get(path, **BROWSER).status_code == 200  # renders and stores the page
    connection.close()
    connection.ensure_connection()  # a new session: nothing prepared on it
    settings_dict = connection.settings_dict
    admin = psycopg2.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        dbname="postgres",
    )
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.get_backend_pid()])
    finally:
        admin.close()
    try:
        response = client.get(path, **BROWSER)
        assert response.status_code == 503
        assert response["Retry-After"]
    finally:
        connection.close()
    assert client.get(path, **BROWSER).status_code == 200  # the next request connects again
