"""Read replicas through Django's router: replica_1 is a test mirror of the test database.

The tests are transactional: rows must be committed for the replica's own connection to see them, and a test inside
a transaction would read from the primary anyway. `replica_reads()` is what the middleware opens for a request that
may read from replicas.
"""

import copy

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from news.models import Article, Column
from portal.db_router import RECENT_WRITE_KEY, PrimaryReplicaMiddleware, replica_reads
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


@pytest.fixture(scope="module", autouse=True)
def replica_1(django_db_setup):
    """What DATABASE_REPLICA_URLS configures under test: a replica with TEST MIRROR, set up as Django sets mirrors.

    Only for this module: the rest of the suite has no router, and checks would open every configured database.
    """
    replica = copy.deepcopy(connections["default"].settings_dict)
    replica["TEST"] = {**replica["TEST"], "MIRROR": "default"}
    django_settings.DATABASES["replica_1"] = replica
    connections["replica_1"].creation.set_as_test_mirror(connections["default"].settings_dict)
    yield
    connections["replica_1"].close()
    del connections["replica_1"]
    del django_settings.DATABASES["replica_1"]


@pytest.fixture
def replicas(settings):
    settings.DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]


@pytest.fixture
def column(replicas):
    column = make_column(slug="local")
    make_article(column=column, title_zh_hans="副本上的稿件")
    # Content just changed, so requests read from the primary for a while; here the replica has caught up.
    cache.delete(RECENT_WRITE_KEY)
    return column


class Queries:
    """The SQL each database saw inside the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in ("default", "replica_1")}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc_info):
        for context in self.contexts.values():
            context.__exit__(*exc_info)

    def on(self, alias):
        return [query["sql"] for query in self.contexts[alias].captured_queries]


def test_reads_go_to_the_replica_and_writes_to_the_primary(column):
    with replica_reads():
        assert Article.objects.all().db == "replica_1"
        article = Article.objects.get(column=column)
        assert article._state.db == "replica_1"
        assert Article.objects.select_for_update().db == "default"
        created = make_article(column=column)
        assert created._state.db == "default"
        assert router.db_for_write(Article) == "default"


def test_outside_requests_reads_go_to_the_primary(column):
    # Management commands, cron and the shell write after they read.
    assert Article.objects.all().db == "default"
    assert Article.objects.get(column=column)._state.db == "default"


def test_a_rows_relations_come_from_the_database_it_came_from(column):
    with replica_reads():
        from_replica = Article.objects.get(column=column)
        from_primary = Article.objects.using("default").get(column=column)
        with Queries() as queries:
            assert from_replica.column.slug == from_primary.column.slug == "local"
    assert len(queries.on("replica_1")) == 1
    assert len(queries.on("default")) == 1


def test_a_transaction_reads_its_own_writes_from_the_primary(column):
    with replica_reads(), transaction.atomic():
        Column.objects.filter(pk=column.pk).update(slug="renamed")
        assert Column.objects.all().db == "default"
        assert Column.objects.get(pk=column.pk).slug == "renamed"


def test_sessions_and_users_are_always_read_from_the_primary(replicas):
    with replica_reads():
        assert Session.objects.all().db == "default"
        assert get_user_model().objects.all().db == "default"


def test_migrations_run_on_the_primary_only(replicas):
    assert router.allow_migrate("default", "news")
    assert not router.allow_migrate("replica_1", "news")


def test_anonymous_readers_are_served_from_the_replica(client, column):
    # The first read stores the column's cards (news/pages.py): a write, so on the primary.
    client.get("/zh-hans/news/column/local/")
    with Queries() as queries:
        response = client.get("/zh-hans/news/column/local/")
    assert response.status_code == 200
    assert "副本上的稿件" in response.content.decode()
    assert queries.on("replica_1")
    assert queries.on("default") == []


def test_logged_in_users_read_from_the_primary(admin_client, column):
    with Queries() as queries:
        public = admin_client.get("/zh-hans/news/column/local/")
        changelist = admin_client.get("/admin/news/article/")
    assert (public.status_code, changelist.status_code) == (200, 200)
    assert queries.on("replica_1") == []
    assert queries.on("default")


def test_an_admin_post_reads_and_writes_on_the_primary(admin_client, column):
    draft = make_article(column=column, state=Article.State.IN_REVIEW, title_zh_hans="待发布")
    with Queries() as queries:
        response = admin_client.post(
            "/admin/news/article/", {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0}
        )
    assert response.status_code == 302
    assert Article.objects.using("default").get(pk=draft.pk).state == Article.State.PUBLISHED
    assert queries.on("replica_1") == []


def test_after_content_changed_readers_use_the_primary_until_replicas_catch_up(client, column, settings):
    make_article(column=column, title_zh_hans="刚刚发布")
    with Queries() as queries:
        response = client.get("/zh-hans/news/column/local/")
    assert "刚刚发布" in response.content.decode()
    assert queries.on("replica_1") == []
    assert cache.get(RECENT_WRITE_KEY) is not None
    # The flag lives DATABASE_REPLICA_LAG_SECONDS in the shared cache; once it is gone, reads go back to replicas.
    cache.delete(RECENT_WRITE_KEY)
    with Queries() as queries:
        client.get("/zh-hans/news/column/local/")
    assert queries.on("replica_1")


def test_requests_that_may_write_read_from_the_primary(column):
    seen = {}

    def view(request):
        seen[request.method] = Article.objects.all().db
        return HttpResponse()

    middleware = PrimaryReplicaMiddleware(view)
    for method in ("get", "head", "options", "post", "put", "patch", "delete"):
        request = getattr(RequestFactory(), method)("/zh-hans/")
        request.user = AnonymousUser()
        middleware(request)
    assert seen == {
        "GET": "replica_1",
        "HEAD": "replica_1",
        "OPTIONS": "default",
        "POST": "default",
        "PUT": "default",
        "PATCH": "default",
        "DELETE": "default",
    }
    # Outside a request, reads are back on the primary.
    assert Article.objects.all().db == "default"
