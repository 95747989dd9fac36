"""Two app servers behind one load balancer: two real gunicorn processes sharing PostgreSQL and Redis.

An editor publishes through instance A's admin; instance B, whose page cache already holds the home page, the column
and the feed, serves the new article everywhere within one second. Both servers also have a read replica, which is
the same database (as if replication were instant), so the router and its middleware run in real servers too.
Only on PostgreSQL (the test database is shared with the servers, so the test's rows are committed); Redis must
answer on 127.0.0.1:6379 (db 15 is flushed before and after).
"""

import http.client
import os
import re
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode

import feedparser
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from news.models import Article
from tests.factories import make_article, make_column
from tests.servers import HOST, free_port, poll, production_env

SHARED_REDIS_URL = os.environ.get("PORTAL_TEST_SHARED_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "a-long-chief-editor-password-for-two-servers"

pytestmark = [
    pytest.mark.servers,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="two app servers can share only a PostgreSQL database: run with DATABASE_URL=postgres://… (CI does)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def shared_redis():
    import redis

    client = redis.Redis.from_url(SHARED_REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis does not answer at {SHARED_REDIS_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Redis for the two-server test. {message}")
        pytest.skip(message)
    client.flushdb()
    yield SHARED_REDIS_URL
    client.flushdb()


def database_url():
    """The test database, as the servers reach it."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server_env(shared_redis, tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL=database_url(),
        DATABASE_REPLICA_URLS=database_url(),
        REDIS_URL=shared_redis,
    )
    # Without DEBUG, whitenoise serves fingerprinted files from a manifest that collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return env


class Server:
    """One gunicorn instance, and an HTTP client for it that behaves like a browser behind the TLS proxy."""

    def __init__(self, name, env, log_path):
        self.name = name
        self.port = free_port()
        self.cookies = {}
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"{HOST}:{self.port}", "--workers", "1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_healthy(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn {self.name} exited:\n{self.output()}"
            try:
                if self.request("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"gunicorn {self.name} did not answer /healthz in {seconds} s:\n{self.output()}")

    def request(self, path, form=None):
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "Mozilla/5.0 (two-server test)"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
        client = http.client.HTTPConnection(HOST, self.port, timeout=10)
        try:
            client.request("POST" if form is not None else "GET", path, body=body, headers=headers)
            response = client.getresponse()
            content = response.read()
        finally:
            client.close()
        # The session and CSRF cookies are Secure: the proxy would have carried them over HTTPS.
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, path):
        status, headers, content = self.request(path)
        return status, headers, content.decode()

    def post_form(self, path, form_page, fields):
        """Post `fields` with the CSRF token of the form at `form_page`, as a browser submits a form."""
        status, _headers, page = self.get(form_page)
        assert status == 200, (form_page, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(path, {**fields, "csrfmiddlewaretoken": token})

    def output(self):
        self.log.flush()
        return open(self.log_path, encoding="utf-8", errors="replace").read()[-5000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def feed_titles(server):
    status, _headers, content = server.request("/zh-hans/feeds/latest.rss")
    assert status == 200
    return [entry.title for entry in feedparser.parse(content).entries]


def test_an_article_published_on_one_server_is_served_by_the_other_within_a_second(
    server_env, tmp_path, configured_password_hashing
):
    column = make_column(slug="shared")
    make_article(column=column, title_zh_hans="两台服务器的第一篇")
    new = make_article(
        column=column, title_zh_hans="经由甲服务器发布的新稿件", state=Article.State.IN_REVIEW, published_at=None
    )
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    pages = ["/zh-hans/", "/zh-hans/news/column/shared/", "/zh-hans/feeds/latest.rss"]

    servers = [Server(name, server_env, tmp_path / f"{name}.log") for name in ("A", "B")]
    a, b = servers
    try:
        for server in servers:
            server.wait_until_healthy()

        # B caches the public pages; the article is not public yet.
        for path in pages:
            status, headers, content = b.get(path)
            assert (status, headers["X-Page-Cache"]) == (200, "miss"), path
            assert "两台服务器的第一篇" in content, path
            status, headers, content = b.get(path)
            assert (status, headers["X-Page-Cache"]) == (200, "hit"), path
            assert new.title_zh_hans not in content, path
        assert b.get(f"/zh-hans/news/{new.pk}/")[0] == 404

        # The chief editor logs in on A and publishes with the changelist's action.
        status, headers, _content = a.post_form(
            "/admin/login/?next=/admin/",
            "/admin/login/?next=/admin/",
            {"username": "chief", "password": PASSWORD, "next": "/admin/"},
        )
        assert (status, headers["Location"]) == (302, "/admin/"), a.output()
        status, _headers, _content = a.post_form(
            "/admin/news/article/",
            "/admin/news/article/",
            {"action": "publish_selected", "_selected_action": [new.pk], "index": 0, "select_across": 0},
        )
        assert status == 302, a.output()
        published_at = time.monotonic()

        # B serves it at once: its article page, its feed and its cached pages all know it.
        assert poll(1, lambda: b.get(f"/zh-hans/news/{new.pk}/")[0] == 200)
        assert poll(1, lambda: new.title_zh_hans in feed_titles(b)), feed_titles(b)
        for path in pages[:2]:
            assert poll(1, lambda path=path: new.title_zh_hans in b.get(path)[2]), path
            assert b.get(path)[1]["X-Page-Cache"] == "hit", path
        assert time.monotonic() - published_at < 1
    except AssertionError as error:
        raise AssertionError(f"{error}\n--- gunicorn A ---\n{a.output()}\n--- gunicorn B ---\n{b.output()}") from error
    finally:
        for server in servers:
            server.stop()
    assert Article.objects.get(pk=new.pk).state == Article.State.PUBLISHED
