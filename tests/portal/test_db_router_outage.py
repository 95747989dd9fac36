"""A read replica that is down: readers are served from the primary, and /readyz says which replica is down.

replica_1 points at a database that cannot be opened (on PostgreSQL a closed port, on SQLite a file in a folder that
does not exist), so every connection attempt fails in the driver. It is marked as a test mirror only so that the
test runner neither creates nor flushes it. The same with a real PostgreSQL and gunicorn is in
tests/portal/test_database_outage.py.
"""

import copy
import socket
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext

from portal import db_router
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module", autouse=True)
def replica_1(django_db_setup):
    replica = copy.deepcopy(connections["default"].settings_dict)
    if replica["ENGINE"] == "django.db.backends.postgresql":
        replica.update(HOST="127.0.0.1", PORT=closed_port())
    else:
        replica["NAME"] = "/nonexistent-portal-replica/replica.sqlite3"
    replica["TEST"] = {**replica["TEST"], "MIRROR": "default"}
    django_settings.DATABASES["replica_1"] = replica
    yield
    connections["replica_1"].close()
    del connections["replica_1"]
    del django_settings.DATABASES["replica_1"]


@pytest.fixture(autouse=True)
def replicas(settings, monkeypatch):
    settings.DATABASE_ROUTERS = ["portal.db_router.PrimaryReplicaRouter"]
    monkeypatch.setattr(db_router, "_down_until", {})


@pytest.fixture
def column():
    column = make_column(slug="local")
    make_article(column=column, title_zh_hans="主库上的稿件")
    cache.delete(db_router.RECENT_WRITE_KEY)
    return column


def test_readers_are_served_from_the_primary_while_the_replica_is_down(client, column):
    with CaptureQueriesContext(connections["default"]) as primary:
        responses = [client.get("/zh-hans/news/column/local/") for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    assert all("主库上的稿件" in response.content.decode() for response in responses)
    assert primary.captured_queries
    assert db_router.replica_is_down("replica_1")


def test_a_replica_that_is_down_is_tried_again_only_after_the_retry_time(client, column, settings, monkeypatch):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 30
    replica = connections["replica_1"]
    with mock.patch.object(replica, "ensure_connection", wraps=replica.ensure_connection) as attempts:
        assert client.get("/zh-hans/news/column/local/").status_code == 200
        assert attempts.call_count == 1
        assert client.get("/en/news/column/local/").status_code == 200
        assert attempts.call_count == 1
        later = db_router.monotonic() + 31
        monkeypatch.setattr(db_router, "monotonic", lambda: later)
        assert client.get("/my/news/column/local/").status_code == 200
        assert attempts.call_count == 2


def test_readyz_reports_the_replica_that_is_down(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "replica_1": "unavailable", "cache": "ok"}
    assert db_router.replica_is_down("replica_1")


def test_a_replica_lost_during_a_request_fails_only_that_request(client, column):
    # As if the replica went away between the router's check and the query: the check says yes, the query fails.
    with mock.patch.object(db_router, "replica_answers", return_value=True):
        first = client.get("/zh-hans/news/column/local/")
    assert (first.status_code, first["Retry-After"]) == (503, "30")
    assert db_router.replica_is_down("replica_1")
    second = client.get("/zh-hans/news/column/local/")
    assert second.status_code == 200
    assert "主库上的稿件" in second.content.decode()
