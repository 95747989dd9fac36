"""The fault drill behind docs/reliability-cache.md: real gunicorn, a throw-away Redis, PostgreSQL behind a proxy.

It creates a PostgreSQL database (DRILL_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_cache_drill),
loads the demo, starts a throw-away redis-server and gunicorn (2 workers) of the checkout given (default: this one)
with the database reached through a TCP proxy this script owns, then:
1. Redis stopped: readers over every public page, an editor logs in and saves the site name, /readyz, the logs;
2. Redis back (empty): is any page from before the editor's save served?
3. Redis frozen (SIGSTOP, keeps its data), a save, Redis thawed: is any page from before the save served?
4. Database down (the proxy stops) with cached pages: what readers get;
5. Query-string flood: random query strings on every page; Redis keys and memory before and after.
It prints a markdown table. Usage: python scripts/cache_faults.py [--checkout DIR] [--requests 300]
"""

import argparse
import contextlib
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0", "Accept-Encoding": "gzip"}
PASSWORD = "a-long-drill-password-for-the-chief-editor"  # noqa: S105


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Proxy:
    """A TCP proxy to PostgreSQL; stopping it is the database going away for the app (others keep the server)."""

    def __init__(self, target_port):
        self.port = free_port()
        self.target_port = target_port
        self.up = threading.Event()
        self.connections = []
        self.listener = socket.create_server((HOST, self.port))
        self.listener.settimeout(0.2)
        self.up.set()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            server = socket.create_connection((HOST, self.target_port))
            self.connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    def pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for each in (source, sink):
                with contextlib.suppress(OSError):
                    each.close()

    def stop(self):
        self.up.clear()
        for each in self.connections:
            with contextlib.suppress(OSError):
                each.shutdown(socket.SHUT_RDWR)
        self.connections = []

    def start(self):
        self.up.set()


class Redis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop(self):
        self.process.send_signal(signal.SIGCONT)
        self.process.kill()
        self.process.wait()

    def cli(self, *args):
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, check=False
        ).stdout.strip()


class Browser:
    def __init__(self, port, headers=BROWSER):
        self.port = port
        self.headers = headers
        self.cookies = {}

    def request(self, path, fields=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        try:
            connection.request("POST" if body is not None else "GET", path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as error:
            return 0, {}, str(error).encode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        headers = {name.lower(): value for name, value in response.getheaders()}
        if headers.get("content-encoding") == "gzip":
            import gzip

            data = gzip.decompress(data)
        return response.status, headers, data


class FormFields(HTMLParser):
    """The fields a browser would submit from the first form with method=post on the page."""

    def __init__(self):
        super().__init__()
        self.fields, self.in_form, self.select, self.textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and not self.fields:
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image") or (
                kind in ("checkbox", "radio") and "checked" not in attrs
            ):
                return
            self.fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select" and attrs.get("name"):
            self.select = [attrs["name"], None]
        elif tag == "option" and self.select is not None and ("selected" in attrs or self.select[1] is None):
            self.select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if self.select[1] is not None:
                self.fields.append(self.select)
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_fields(html):
    parser = FormFields()
    parser.feed(html)
    return dict(parser.fields)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    checkout = Path(args.checkout)
    database_url = os.environ.get("DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_cache_drill")
    name = database_url.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", HOST, "-U", "postgres", "-T", "template0", "-E", "UTF8", name], check=True)
    redis = Redis()
    redis.start()
    tmp = Path(tempfile.mkdtemp())
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "drill-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://{HOST}:{redis.port}/0",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    python = sys.executable

    def manage(*command):
        subprocess.run([python, "manage.py", *command], cwd=checkout, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput")
    manage("load_demo")
    manage("collectstatic", "--noinput")
    manage("shell", "-c", _make_editor())
    proxy = Proxy(int(database_url.split(":")[-1].split("/")[0]) if database_url.count(":") > 2 else 5432)
    app_env = {**env, "DATABASE_URL": database_url.replace(":5432/", f":{proxy.port}/")}
    port = free_port()
    log_path = tmp / "gunicorn.log"
    log = open(log_path, "wb")  # noqa: SIM115 -- open for the server's life
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "portal.wsgi", "--bind", f"{HOST}:{port}", "--workers", "2"],
        cwd=checkout,
        env=app_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    rows = []
    try:
        reader = Browser(port)
        for _ in range(100):
            if reader.request("/healthz")[0] == 200:
                break
            time.sleep(0.2)
        urls = public_urls(reader)
        for url in urls * 2:
            reader.request(url)

        def read_all(count):
            statuses, kinds = {}, {}
            for number in range(count):
                status, headers, _ = reader.request(urls[number % len(urls)])
                statuses[status] = statuses.get(status, 0) + 1
                kind = headers.get("x-page-cache", "rendered")
                kinds[kind] = kinds.get(kind, 0) + 1
            return statuses, kinds

        def log_lines(pattern):
            return len(re.findall(pattern, log_path.read_text(errors="replace")))

        # 1. Redis stopped.
        views_before = article_views(manage_output=lambda code: shell(checkout, env, code))
        redis.stop()
        started = time.monotonic()
        statuses, kinds = read_all(args.requests)
        editor = Browser(port, headers={"User-Agent": BROWSER["User-Agent"]})
        status, _, page = editor.request("/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        login = editor.request(
            "/admin/login/?next=/admin/",
            {
                "username": "drill-chief",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            },
        )[0]
        save = save_site_name(editor, "停机时改的站名")
        ready = reader.request("/readyz")
        views_after = article_views(manage_output=lambda code: shell(checkout, env, code))
        article_requests = sum(
            1
            for number in range(args.requests)
            if "/news/" in urls[number % len(urls)] and "/column/" not in urls[number % len(urls)]
        )
        rows.append(
            (
                "Redis stopped",
                f"{args.requests} reader requests over {len(urls)} pages in {time.monotonic() - started:.1f} s, "
                "editor log-in + save, /readyz",
                f"statuses {statuses}, served {kinds}; editor log-in {login}, save {save}; "
                f"/readyz {ready[0]} {ready[2].decode()[:80]}",
                f"views counted {views_after - views_before} of {article_requests} article requests; "
                f"'Cache unavailable' log lines: {log_lines('Cache unavailable')}, "
                f"500 errors logged: {log_lines('Internal Server Error')}",
            )
        )

        # 2. Redis back, empty.
        redis.start()
        time.sleep(6)
        statuses, kinds = read_all(len(urls) * 2)
        old = sum(
            1
            for url in urls
            if "停机时改的站名" not in reader.request(url)[2].decode(errors="replace") and url.startswith("/zh-hans/")
        )
        rows.append(
            (
                "Redis back (restarted empty) after a save made while it was down",
                f"{len(urls) * 2} reader requests, then every zh-hans page once more",
                f"statuses {statuses}, served {kinds}",
                f"zh-hans pages without the new site name: {old}",
            )
        )

        # 3. Redis frozen (keeps its data), a save, thawed.
        for url in urls * 2:
            reader.request(url)
        redis.process.send_signal(signal.SIGSTOP)
        time.sleep(0.6)
        statuses, kinds = read_all(len(urls))
        save = save_site_name(editor, "冻结时改的站名")
        redis.process.send_signal(signal.SIGCONT)
        time.sleep(6)
        after_statuses, after_kinds = read_all(len(urls) * 2)
        old = sum(
            1
            for url in urls
            if "冻结时改的站名" not in reader.request(url)[2].decode(errors="replace") and url.startswith("/zh-hans/")
        )
        rows.append(
            (
                "Redis frozen (SIGSTOP, keeps its data), a save, thawed",
                f"{len(urls)} reader requests while frozen, {len(urls) * 2} after",
                f"frozen: {statuses}, served {kinds}; save {save}; after: {after_statuses}, served {after_kinds}",
                f"zh-hans pages without the new site name after the thaw: {old}",
            )
        )

        # 4. Database down with cached pages, which a save just before made out of date.
        for url in urls * 2:
            reader.request(url)
        save_site_name(editor, "停电前改的站名")
        proxy.stop()
        statuses, kinds = read_all(args.requests)
        ready = reader.request("/readyz")
        editor_page = editor.request("/admin/")[0]
        proxy.start()
        rows.append(
            (
                "Database down (proxy stopped) with cached pages, out of date since a save",
                f"{args.requests} reader requests over {len(urls)} pages, an editor's /admin/, /readyz",
                f"statuses {statuses}, served {kinds}; editor {editor_page}; /readyz {ready[0]}",
                "nothing (views buffered in Redis)",
            )
        )

        # 5. Query-string flood, on pages cached since the database came back.
        for url in urls * 2:
            reader.request(url)
        keys_before, memory_before = int(redis.cli("DBSIZE")), redis.cli("INFO", "memory")
        flood = Browser(port)
        started = time.monotonic()
        flood_statuses = {}
        for number in range(args.requests * 5):
            url = (
                f"{urls[number % len(urls)]}?{random.getrandbits(64):x}={random.getrandbits(64):x}&utm_source={number}"
            )
            status = flood.request(url)[0]
            flood_statuses[status] = flood_statuses.get(status, 0) + 1
        keys_after, memory_after = int(redis.cli("DBSIZE")), redis.cli("INFO", "memory")
        rows.append(
            (
                "Query-string flood (random parameters on every page)",
                f"{args.requests * 5} requests in {time.monotonic() - started:.1f} s",
                f"statuses {flood_statuses}",
                f"Redis keys {keys_before} → {keys_after}; used_memory {used(memory_before)} → {used(memory_after)}",
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        with contextlib.suppress(Exception):  # already stopped
            redis.stop()
    print("| fault | requests | what readers and editors saw | what was lost |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def used(info):
    return re.search(r"used_memory_human:(\S+)", info).group(1)


def public_urls(browser):
    urls = []
    for language in ("zh-hans", "en", "my"):
        urls.append(f"/{language}/")
        html = browser.request(f"/{language}/")[2].decode(errors="replace")
        urls += sorted(set(re.findall(rf'href="(/{language}/news/(?:column/[\w-]+/|\d+/))"', html)))[:12]
    return urls


def save_site_name(editor, name):
    status, _, page = editor.request("/admin/portal/sitesettings/")
    match = re.search(rb'href="(/admin/portal/sitesettings/\d+/change/)', page)
    if not match:
        return f"no change page ({status})"
    path = match.group(1).decode()
    status, _, page = editor.request(path)
    fields = form_fields(page.decode(errors="replace"))
    fields["site_name_zh_hans"] = name
    return editor.request(path, fields)[0]


def shell(checkout, env, code):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def article_views(manage_output):
    code = (
        "from django.db.models import Sum; from news.models import ArticleViews; "
        "print(ArticleViews.objects.aggregate(s=Sum('count'))['s'] or 0)"
    )
    return int(manage_output(code).strip() or 0)


def _make_editor():
    return (
        "from django.contrib.auth import get_user_model; User = get_user_model(); "
        "User.objects.filter(username='drill-chief').delete(); "
        f"User.objects.create_superuser('drill-chief', 'chief@example.org', '{PASSWORD}')"
    )


if __name__ == "__main__":
    main()
