"""portal.outage in one process: the primary refuses connections, and every request that needs it gets a 503.

The fault: Django's connection to the primary is closed and every attempt to open it fails with the driver's own
OperationalError, as when PostgreSQL is stopped (an in-memory SQLite test database cannot really be closed). The
same fault with a real PostgreSQL stopped under a real gunicorn is tests/portal/test_database_outage.py.
The tests are transactional: the admin's save opens a transaction, which needs the connection that is down.
"""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError, connection, connections
from django.test import Client
from django.urls import path

from news.models import Article
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import make_article
from tests.news.conftest import change_url, form_data

pytestmark = pytest.mark.django_db(transaction=True)

MAINTENANCE = {"zh-hans": "网站维护中", "en": "Under maintenance", "my": "ပြုပြင်ထိန်းသိမ်းနေဆဲ"}
NOT_SAVED = {
    "zh-hans": "您的修改没有保存。",
    "en": "Your changes were NOT saved.",
    "my": "သင့်ပြင်ဆင်ချက်များကို သိမ်းဆည်း၍ မရခဲ့ပါ။",
}


def lost_connection(request):
    raise OperationalError("server closed the connection unexpectedly")


def duplicate_row(request):
    raise IntegrityError("duplicate key value violates unique constraint")


def wrong_sql(request):
    raise ProgrammingError("syntax error at or near SELEKT")


def missing_table(request):
    # SQLite reports this as an OperationalError, PostgreSQL as a ProgrammingError: a bug either way.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")


urlpatterns = [
    *portal_urlpatterns,
    path("lost/", lost_connection),
    path("duplicate/", duplicate_row),
    path("wrong-sql/", wrong_sql),
    path("missing-table/", missing_table),
]


@contextmanager
def primary_down():
    """Every connection to the primary fails inside the block, raised by the driver and wrapped by Django."""
    primary = connections["default"]

    def refuse():
        with primary.wrap_database_errors:
            raise primary.Database.OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')

    with mock.patch.object(primary, "ensure_connection", side_effect=refuse):
        yield


@pytest.fixture
def database_down():
    with primary_down():
        yield


@pytest.fixture
def article():
    return make_article(title_zh_hans="停机前的稿件", body_zh_hans="<p>停机前的正文</p>")


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_uncached_page_during_outage_answers_503_in_the_urls_language(client, article, database_down, language):
    response = client.get(f"/{language}/news/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en" if language != "en" else "my")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Language"] == language
    assert "no-store" in response["Cache-Control"]
    assert f"<h1>{MAINTENANCE[language]}</h1>" in html
    assert html.count("<h1>") == 1
    assert "停机前的稿件" not in html


def test_retry_after_follows_the_setting(client, article, database_down, settings):
    settings.DATABASE_OUTAGE_RETRY_AFTER_SECONDS = 120
    assert client.get("/zh-hans/")["Retry-After"] == "120"


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_admin_during_outage_answers_503_in_the_accepted_language(admin_client, database_down, language):
    # The session is in the database: the page cache's "is this a logged-in user?" fails before any view runs.
    admin_client.raise_request_exception = False
    response = admin_client.get("/admin/news/article/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert MAINTENANCE[language] in response.content.decode()


def test_logged_in_reader_during_outage_gets_503_not_500(admin_client, article, database_down):
    admin_client.raise_request_exception = False
    response = admin_client.get(f"/en/news/{article.pk}/")
    assert response.status_code == 503
    assert MAINTENANCE["en"] in response.content.decode()


def test_maintenance_page_queries_nothing(client, article, django_assert_num_queries, settings):
    settings.ROOT_URLCONF = "tests.portal.test_outage"
    with django_assert_num_queries(0):
        response = client.get("/lost/", HTTP_ACCEPT_LANGUAGE="my")
    assert response.status_code == 503
    assert MAINTENANCE["my"] in response.content.decode()
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.urls("tests.portal.test_outage")
@pytest.mark.parametrize("url", ["/duplicate/", "/wrong-sql/", "/missing-table/"])
def test_programming_errors_stay_500(client, url):
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_admin_save_during_outage_is_refused_and_gives_the_text_back(admin_client, article):
    data = {
        **form_data(admin_client.get(change_url(article))),
        "title_zh_hans": "停机时写的标题",
        "body_zh_hans": "<p>停机时写的正文</p>",
        "_save": "保存",
    }
    admin_client.raise_request_exception = False
    with primary_down():
        response = admin_client.post(change_url(article), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 503
    assert NOT_SAVED["zh-hans"] in html
    assert "停机时写的标题" in html
    assert "&lt;p&gt;停机时写的正文&lt;/p&gt;" in html
    assert "csrfmiddlewaretoken" not in html
    # Nothing was written; once the database is back, the same save, from a fresh form, goes through.
    article.refresh_from_db()
    assert (article.title_zh_hans, article.body_zh_hans) == ("停机前的稿件", "<p>停机前的正文</p>")
    fresh = form_data(admin_client.get(change_url(article)))
    changes = {name: data[name] for name in ("title_zh_hans", "body_zh_hans", "_save")}
    response = admin_client.post(change_url(article), {**fresh, **changes})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_zh_hans, article.body_zh_hans) == ("停机时写的标题", "<p>停机时写的正文</p>")
    assert Article.objects.count() == 1


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_a_login_during_outage_never_shows_the_password(client, database_down, language):
    response = client.post(
        "/admin/login/", {"username": "chief", "password": "the-secret-password-123"}, HTTP_ACCEPT_LANGUAGE=language
    )
    html = response.content.decode()
    assert response.status_code == 503
    assert NOT_SAVED[language] in html
    assert "chief" in html
    assert "the-secret-password-123" not in html


def test_a_post_without_a_valid_csrf_token_gets_nothing_back(admin_user):
    # A logged-in user's request fails before CSRF is checked (reading the session); the page checks it itself.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(admin_user)
    with primary_down():
        response = client.post("/admin/news/article/add/", {"title_zh_hans": "别的网站伪造的文字"})
    assert response.status_code == 503
    assert "别的网站伪造的文字" not in response.content.decode()
