"""Redis is a cache, not a single point of failure (issue 16): a real Redis server, stopped and started again.

Each test starts a throw-away `redis-server` on a free port, points the cache at it, and stops it for real: killed
(it comes back empty) or frozen with SIGSTOP (it comes back with its data, as after a network partition). CI fails
without redis-server; a developer's machine without it skips.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

import portal.cache
from portal.models import SiteSettings
from tests.conftest import redis_caches
from tests.factories import make_article, make_column, make_image, views_of
from tests.servers import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server(settings, monkeypatch):
    if not os.path.exists(REDIS_SERVER):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {REDIS_SERVER} for the Redis outage tests")
        pytest.skip(f"{REDIS_SERVER} is not installed")
    server = RedisServer()
    server.start()
    settings.CACHES = redis_caches(server.url)
    # A dead server is asked again after a second instead of five, so that the tests can watch it come back.
    monkeypatch.setattr(portal.cache, "RETRY_SECONDS", 1)
    yield server
    server.stop()


def wait_for_retry():
    time.sleep(portal.cache.RETRY_SECONDS + 0.1)


def site_settings_form(site, **changes):
    data = {
        field.name: getattr(site, field.name)
        for field in SiteSettings._meta.fields
        if field.name != "id" and getattr(site, field.name) is not None
    }
    return {**data, **changes}


def test_readers_and_editors_keep_working_while_redis_is_stopped(client, admin_user, redis_server, caplog):
    column = make_column(slug="local")
    # With a picture: its renditions are remembered in the cache too (sorl-thumbnail's key-value store).
    article = make_article(column=column, title_zh_hans="停机前的稿件", cover=make_image())
    site = SiteSettings.objects.create(site_name_zh_hans="临沧新闻网")
    article_url = f"/zh-hans/news/{article.pk}/"
    public = ["/zh-hans/", "/zh-hans/news/column/local/", article_url, "/en/", "/my/"]
    for url in public:
        if url == article_url:
            client.get(url, **BROWSER)  # an article is written to the page cache when read again
        assert client.get(url, **BROWSER)["X-Page-Cache"] == "miss", url
        assert client.get(url, **BROWSER)["X-Page-Cache"] == "hit", url

    redis_server.stop()
    caplog.set_level(logging.WARNING, logger="portal.cache")
    started = time.monotonic()
    # For half a second readers may still get this process's copies; then pages are rendered without the cache.
    time.sleep(portal.cache.LOCAL_GENERATION_SECONDS + 0.1)
    for round_number in range(4):
        for url in public:
            response = client.get(url, **BROWSER)
            assert response.status_code == 200, url
            assert "X-Page-Cache" not in response, url
        if round_number == 1:
            wait_for_retry()  # the breaker lets one call through, which fails again
    assert "停机前的稿件" in client.get(article_url, **BROWSER).content.decode()
    # The view counts went straight to the database.
    assert views_of(article) >= 5

    editor = client.__class__()
    login = editor.post("/admin/login/?next=/admin/", {"username": "admin", "password": "password"})
    assert login.status_code == 302 and login["Location"] == "/admin/"
    saved = editor.post(
        f"/admin/portal/sitesettings/{site.pk}/change/", site_settings_form(site, site_name_zh_hans="停机时改的站名")
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert SiteSettings.objects.get().site_name_zh_hans == "停机时改的站名"
    assert "停机时改的站名" in client.get("/zh-hans/", **BROWSER).content.decode()

    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"database": "ok", "cache": "degraded"}
    # One line for the whole outage (at most one a minute), however many requests and retries it took.
    outage_lines = [record for record in caplog.records if "Cache unavailable" in record.getMessage()]
    assert len(outage_lines) == 1
    assert time.monotonic() - started < 30

    redis_server.start()  # empty, as after a restart without persistence
    wait_for_retry()
    response = client.get("/zh-hans/", **BROWSER)
    assert response["X-Page-Cache"] == "miss"
    assert "停机时改的站名" in response.content.decode()
    assert client.get("/zh-hans/", **BROWSER)["X-Page-Cache"] == "hit"
    assert client.get("/readyz").json() == {"database": "ok", "cache": "ok"}
    assert [record for record in caplog.records if "available again" in record.getMessage()] != []


def test_no_page_from_before_a_change_made_while_redis_was_unreachable_is_served_after(client, redis_server):
    column = make_column(slug="local")
    article = make_article(column=column, title_zh_hans="断开前的标题")
    article_url = f"/zh-hans/news/{article.pk}/"
    for _ in range(2):
        client.get("/zh-hans/news/column/local/", **BROWSER)
    for _ in range(2):  # an article is written to the page cache when read again
        client.get(article_url, **BROWSER)
    assert client.get(article_url, **BROWSER)["X-Page-Cache"] == "hit"

    # Frozen, Redis keeps its data: the pages above, stored under the current generation, are still in it.
    redis_server.freeze()
    time.sleep(portal.cache.LOCAL_GENERATION_SECONDS + 0.1)
    assert client.get("/zh-hans/news/column/local/", **BROWSER).status_code == 200  # finds Redis unreachable
    article.title_zh_hans = "断开时改的标题"
    article.save()  # the generation cannot be bumped
    response = client.get(article_url, **BROWSER)
    assert "断开时改的标题" in response.content.decode()

    redis_server.thaw()
    wait_for_retry()
    for url in ("/zh-hans/news/column/local/", article_url):
        response = client.get(url, **BROWSER)
        # Rendered again, never the copy from before (the article read before: stored again at once).
        assert response.get("X-Page-Cache") == "miss", url
        assert "断开时改的标题" in response.content.decode(), url
        assert "断开前的标题" not in response.content.decode(), url
