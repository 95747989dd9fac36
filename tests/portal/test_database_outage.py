"""A real PostgreSQL stopped under a real gunicorn, while readers keep asking: every request that needs the database
gets an honest 503 (Retry-After, the maintenance page in the reader's language), an editor's save is refused and
given back, a save cut off in the middle of its transaction leaves nothing, and once the database is back pages
and saves work again.

The test brings its own throw-away PostgreSQL (initdb into a temporary folder, a free port, stopped with
`pg_ctl -m immediate`, as if the machine had lost power), so it runs in both CI passes, SQLite and PostgreSQL. The
server's read replica points at a closed port: readers are served from the primary and /readyz says so.
Without the PostgreSQL binaries it is skipped, or fails under CI=true. 20 to 35 s; docs/reliability-database.md.
"""

import glob
import http.client
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import psycopg2.errors
import pytest
from django.conf import settings

from tests.servers import HOST, free_port, poll, production_env

PASSWORD = "a-long-chief-editor-password-for-the-outage"
MAINTENANCE = {"zh-hans": "网站维护中", "en": "Under maintenance", "my": "ပြုပြင်ထိန်းသိမ်းနေဆဲ"}
NOT_SAVED = "您的修改没有保存。"

ARTICLE_TEXT = "SELECT title_zh_hans, body_zh_hans, title_en, version FROM news_article WHERE id = %s"
REVISIONS = "SELECT count(*) FROM reversion_version WHERE object_id = %s"
WAITING_ON_A_LOCK = (
    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%%reversion_version%%'"
)

pytestmark = pytest.mark.servers

SETUP_ROWS = f"""
import json
from django.contrib.auth import get_user_model
from tests.factories import make_article, make_column
column = make_column(slug="outage")
articles = [make_article(column=column, title_zh_hans=f"停机测试稿件{{n}}", title_en=f"Outage story {{n}}") for n in range(3)]
get_user_model().objects.create_superuser("chief", "chief@example.org", "{PASSWORD}")
print(json.dumps([article.pk for article in articles]))
"""


def require(condition, message):
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs this for the database outage test: {message}")
        pytest.skip(message)


def postgres_bindir():
    for each in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]), reverse=True):
        if os.access(Path(each) / "initdb", os.X_OK) and os.access(Path(each) / "pg_ctl", os.X_OK):
            return Path(each)
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    return None


class ThrowAwayPostgres:
    """A PostgreSQL cluster of its own in a temporary folder, on a free port, trusting local connections."""

    def __init__(self, bindir):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="portal-outage-pg-"))
        self.port = free_port()
        self.as_owner = []
        if os.geteuid() == 0:
            # PostgreSQL will not run as root: the postgres OS user owns the folder and runs the server.
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.run("initdb", "-D", self.root / "data", "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.start()
        self.run("createdb", "-h", HOST, "-p", self.port, "-U", "postgres", "portal")

    def run(self, program, *args):
        command = [*self.as_owner, str(self.bindir / program), *map(str, args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}\n{self.log()}"

    def start(self):
        options = f"-p {self.port} -k {self.root} -c listen_addresses={HOST} -c fsync=off"
        self.run(
            "pg_ctl", "-D", self.root / "data", "-l", self.root / "server.log", "-w", "-t", "30", "-o", options, "start"
        )

    def stop(self):
        self.run("pg_ctl", "-D", self.root / "data", "-m", "immediate", "-w", "stop")

    def url(self):
        return f"postgres://postgres@{HOST}:{self.port}/portal"

    def connect(self):
        return psycopg2.connect(host=HOST, port=self.port, user="postgres", dbname="portal")

    def sql(self, query, *params):
        connection = self.connect()
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def log(self):
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def destroy(self):
        subprocess.run(
            [*self.as_owner, str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def postgres():
    bindir = postgres_bindir()
    require(bindir is not None, "the PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0:
        require(shutil.which("runuser") is not None, "running as root needs runuser to start PostgreSQL")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            require(False, "running as root needs a postgres OS user to start PostgreSQL")
    server = ThrowAwayPostgres(bindir)
    yield server
    server.destroy()


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"manage.py {args[0]}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def portal_env(postgres, tmp_path):
    """A production-like environment on the throw-away database, migrated, with a column, 3 articles and an editor."""
    env = production_env(tmp_path, DATABASE_URL=postgres.url())
    manage(env, "migrate", "--noinput", "-v0")
    env["ARTICLE_PKS"] = manage(env, "shell", "-v0", "-c", SETUP_ROWS).strip().splitlines()[-1]
    manage(env, "collectstatic", "--noinput", "-v0")
    # A read replica that is down from the start: nothing listens on its port.
    env["DATABASE_REPLICA_URLS"] = f"postgres://postgres@{HOST}:{free_port()}/portal"
    return env


class Server:
    """gunicorn (one process, four threads: one local page cache) and a browser-like client behind the TLS proxy."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.cookies = {}
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"{HOST}:{self.port}"]
            + ["--workers", "1", "--threads", "4", "--worker-class", "gthread"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.output()}"
            try:
                if self.request("/healthz", keep_cookies=False)[0] == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not answer:\n{self.output()}"
                time.sleep(0.1)

    def request(self, path, form=None, language=None, keep_cookies=True):
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "Mozilla/5.0 (outage test)"}
        if language:
            headers["Accept-Language"] = language
        if keep_cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
        client = http.client.HTTPConnection(HOST, self.port, timeout=20)
        try:
            client.request("POST" if form is not None else "GET", path, body=body, headers=headers)
            response = client.getresponse()
            content = response.read().decode()
        finally:
            client.close()
        if keep_cookies:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def output(self):
        self.log.flush()
        return Path(self.log_path).read_text(errors="replace")[-6000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class FormReader(HTMLParser):
    """What a browser would submit for the form with the given id: inputs, checked boxes, textareas, selections."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.data.append((name, attributes.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.data.append((name, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attributes:
            self.data.append((self.select, attributes.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline right after <textarea>.
            self.data.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None


def change_form(server, pk):
    status, _headers, page = server.request(f"/admin/news/article/{pk}/change/")
    assert status == 200, (status, page[:500])
    reader = FormReader("article_form")
    reader.feed(page)
    fields = {}
    for name, value in reader.data:
        fields.setdefault(name, []).append(value)
    assert "title_zh_hans" in fields and "csrfmiddlewaretoken" in fields, sorted(fields)
    return fields


class Readers(threading.Thread):
    """Anonymous readers asking all along: pages cached before the outage, and searches no cache can answer."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.phase, self.done = server, "before", threading.Event()
        self.seen = []

    def run(self):
        paths = ["/zh-hans/", "/en/", "/my/", "/zh-hans/news/column/outage/"]
        number = 0
        while not self.done.is_set():
            number += 1
            path = paths[number % len(paths)] if number % 2 else f"/en/search/?q={uuid.uuid4().hex[:8]}"
            phase = self.phase
            try:
                status = self.server.request(path, keep_cookies=False)[0]
            except OSError as error:
                status = type(error).__name__
            self.seen.append((phase, "search" if "search" in path else "cached page", status))
            time.sleep(0.02)

    def statuses(self, phase, kind):
        return {status for seen_phase, seen_kind, status in self.seen if (seen_phase, seen_kind) == (phase, kind)}


class Background(threading.Thread):
    """Calls `function(*args)` in a thread at once; `result()` waits for what it returned."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self.function, self.args, self.returned, self.error = function, args, None, None
        self.start()

    def run(self):
        try:
            self.returned = self.function(*self.args)
        except Exception as error:
            self.error = error

    def result(self, seconds=30):
        self.join(seconds)
        assert not self.is_alive(), "still waiting"
        if self.error is not None:
            raise self.error
        return self.returned


def test_a_stopped_database_gets_an_honest_503_and_nothing_is_lost(postgres, portal_env, tmp_path):
    pks = json.loads(portal_env["ARTICLE_PKS"])
    server = Server(portal_env, tmp_path / "gunicorn.log")
    readers = Readers(server)
    try:
        # The replica is down from the start: readers are served from the primary, /readyz reports it.
        status, _headers, content = server.request("/readyz", keep_cookies=False)
        assert (status, json.loads(content)) == (200, {"database": "ok", "replica_1": "unavailable", "cache": "ok"})
        for path in ("/zh-hans/", "/en/", "/my/", "/zh-hans/news/column/outage/"):
            status, _headers, content = server.request(path, keep_cookies=False)
            assert status == 200, path
        assert "停机测试稿件0" in content

        # The chief editor logs in and opens an article.
        status, _headers, page = server.request("/admin/login/?next=/admin/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        login = {"username": "chief", "password": PASSWORD, "next": "/admin/", "csrfmiddlewaretoken": token}
        status, headers, _content = server.request("/admin/login/?next=/admin/", login)
        assert (status, headers["Location"]) == (302, "/admin/")
        changes = {"title_zh_hans": ["停机时写的标题"], "body_zh_hans": ["<p>停机时写的正文，一字不能丢。</p>"]}
        form = {**change_form(server, pks[0]), **changes, "_save": ["保存"]}

        before = postgres.sql(ARTICLE_TEXT, pks[0])
        readers.start()
        time.sleep(0.5)
        postgres.stop()
        readers.phase = "outage"

        # Readers: every page that needs the database is a 503, in the language of its URL.
        for language, pk in zip(("zh-hans", "en", "my"), pks, strict=True):
            status, headers, content = server.request(f"/{language}/news/{pk}/", keep_cookies=False)
            assert (status, headers["Retry-After"]) == (503, "30"), (language, status, content[:300])
            assert f"<h1>{MAINTENANCE[language]}</h1>" in content
            assert "no-store" in headers["Cache-Control"]
        # The editor, logged in, reading the site: the session read fails in a middleware, before any view.
        status, headers, content = server.request(f"/zh-hans/news/{pks[2]}/")
        assert (status, headers["Retry-After"]) == (503, "30"), (status, content[:300])
        assert f"<h1>{MAINTENANCE['zh-hans']}</h1>" in content
        # The editor: the admin (the session is in the database) in the browser's language, and the refused save.
        for language in ("zh-hans", "en", "my"):
            status, headers, content = server.request("/admin/news/article/", language=language)
            assert (status, headers["Retry-After"]) == (503, "30"), (language, status, content[:300])
            assert MAINTENANCE[language] in content
        status, headers, content = server.request(f"/admin/news/article/{pks[0]}/change/", form, language="zh-hans")
        assert (status, headers["Retry-After"]) == (503, "30"), content[:500]
        assert NOT_SAVED in content
        assert "停机时写的标题" in content and "&lt;p&gt;停机时写的正文，一字不能丢。&lt;/p&gt;" in content
        status, _headers, content = server.request("/readyz", keep_cookies=False)
        assert (status, json.loads(content)) == (
            503,
            {"database": "unavailable", "replica_1": "unavailable", "cache": "ok"},
        )
        assert server.request("/healthz", keep_cookies=False)[0] == 200
        time.sleep(0.5)

        # The database comes back: pages at once; the refused save left nothing.
        readers.phase = "restart"
        postgres.start()
        assert poll(10, lambda: server.request(f"/en/news/{pks[1]}/", keep_cookies=False)[0] == 200)
        readers.phase = "between"
        assert postgres.sql(ARTICLE_TEXT, pks[0]) == before

        # The database stops in the middle of a save: the article row is updated, the revision is waiting for a
        # table another session holds locked. Nothing of it may survive.
        blocker = postgres.connect()
        blocker.cursor().execute("LOCK TABLE reversion_version IN EXCLUSIVE MODE")
        saving = Background(
            server.request,
            f"/admin/news/article/{pks[0]}/change/",
            {**change_form(server, pks[0]), **changes, "_save": ["保存"]},
        )
        assert poll(10, lambda: postgres.sql(WAITING_ON_A_LOCK) == [(1,)])
        # The save has written the article (its transaction holds the row), but nothing is committed.
        with pytest.raises(psycopg2.errors.LockNotAvailable):
            postgres.sql("SELECT id FROM news_article WHERE id = %s FOR UPDATE NOWAIT", pks[0])
        assert postgres.sql(ARTICLE_TEXT, pks[0]) == before
        postgres.stop()
        readers.phase = "outage during a save"
        status, _headers, content = saving.result()
        assert status == 503, content[:500]
        assert NOT_SAVED in content and "停机时写的标题" in content
        blocker.close()
        time.sleep(0.5)
        readers.phase = "restart after a save"
        postgres.start()
        assert poll(10, lambda: server.request(f"/en/news/{pks[1]}/", keep_cookies=False)[0] == 200)
        readers.phase = "after"
        assert postgres.sql(ARTICLE_TEXT, pks[0]) == before
        assert postgres.sql(REVISIONS, str(pks[0])) == [(0,)]

        # Once it is back, the same save from a freshly opened form (new CSRF token, new version) goes through whole;
        # the article is published, so the chief editor publishes the correction with it (docs/newsroom.md).
        status, headers, _content = server.request(
            f"/admin/news/article/{pks[0]}/change/",
            {**change_form(server, pks[0]), **changes, "_workflow": ["publish_correction"]},
        )
        assert status == 302, server.output()
        time.sleep(0.5)
    except AssertionError as error:
        raise AssertionError(
            f"{error}\n--- gunicorn ---\n{server.output()}\n--- postgres ---\n{postgres.log()}"
        ) from error
    finally:
        readers.done.set()
        readers.join(timeout=30)
        server.stop()

    assert postgres.sql(ARTICLE_TEXT, pks[0]) == [
        # Two versions on: the save (which holds the correction) and its publication.
        ("停机时写的标题", "<p>停机时写的正文，一字不能丢。</p>", "Outage story 0", before[0][3] + 2)
    ]
    assert postgres.sql("SELECT count(*) FROM news_article") == [(3,)]
    # One save, one revision: the refused one left nothing behind.
    assert postgres.sql(REVISIONS, str(pks[0])) == [(1,)]

    # Readers saw a 200 or a 503, never a 500: cached pages stayed up, what needed the database said so.
    # (A request in flight when the database stopped is counted in the phase before; while it restarts, either is
    # right. The save cut off in the middle had already emptied the page cache: portal.signals forgets the pages at
    # each save, not only at commit; so from then on the pages needed the database too.)
    assert readers.statuses("before", "cached page") == {200}
    assert 200 in readers.statuses("before", "search") and readers.statuses("before", "search") <= {200, 503}
    assert readers.statuses("outage", "cached page") == {200}
    assert readers.statuses("outage", "search") == {503}
    assert readers.statuses("outage during a save", "search") == {503}
    for phase in ("restart", "between", "outage during a save", "restart after a save"):
        for kind in ("cached page", "search"):
            assert readers.statuses(phase, kind) <= {200, 503}, (phase, kind)
    assert readers.statuses("after", "cached page") == readers.statuses("after", "search") == {200}
