"""The reproducible benchmark behind `make bench` and docs/performance.md.

It needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_bench) and Debian's
`wrk`; Redis is used when BENCH_REDIS_URL is set. It (re)creates the database, generates the dataset, serves it with
gunicorn and production settings on 127.0.0.1, drives load on loopback only with wrk for a bounded time per
endpoint, and writes the figures to docs/performance.md.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"

NOTES_HEADING = "## Reading these figures"
# Every request asks for gzip, as every browser and feed reader does.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"duration_us\\": %d, "
    .. "\\"p50_us\\": %d, \\"p99_us\\": %d, "
    .. "\\"non2xx\\": %d, \\"errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run(*args, env=None, check=True, **kwargs):
    print("+", " ".join(str(arg) for arg in args), flush=True)
    return subprocess.run(args, cwd=ROOT, env=env, check=check, **kwargs)


def production_env(database_url, redis_url):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def endpoints(env, page_cache):
    """Name, path and extra wrk headers of each measured endpoint, read from the generated data."""
    output = run(
        PYTHON,
        str(ROOT / "scripts" / "bench_paths.py"),
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def fetch(path, headers=None):
    request = urllib.request.Request(BASE + path, headers={**BROWSER_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- loopback only
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def wrk(path, seconds, headers):
    script = ROOT / "var" / "bench.lua"
    script.write_text(WRK_LUA)
    args = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-s", str(script)]
    for name, value in {**BROWSER_HEADERS, **headers}.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, BASE + path], capture_output=True, text=True, timeout=seconds + 60).stdout
    match = re.search(r"^JSON (.*)$", output, re.MULTILINE)
    figures = json.loads(match.group(1))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def worker_rss_mb(master_pid):
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the existing benchmark database")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    options = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "")
    env = production_env(database_url, redis_url)
    database = database_url.rsplit("/", 1)[1]

    started = time.monotonic()
    if not options.skip_generate:
        run("psql", "-h", HOST, "-U", "postgres", "-qc", f'DROP DATABASE IF EXISTS "{database}"', "postgres")
        run(
            "psql",
            "-h",
            HOST,
            "-U",
            "postgres",
            "-qc",
            f"CREATE DATABASE \"{database}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
            "postgres",
        )
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
        run(
            PYTHON,
            "manage.py",
            "generate_content",
            "--articles",
            str(options.articles),
            "--projects",
            str(options.projects),
            "--sessions",
            str(options.sessions),
            env=env,
        )
    generated_in = time.monotonic() - started
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)

    results = {}
    for page_cache in (False, True):
        server_env = {**env, "DJANGO_PAGE_CACHE_SECONDS": "300" if page_cache else "0"}
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=server_env,
        )
        try:
            for _attempt in range(100):
                try:
                    if fetch("/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            for name, path, headers, view_queries, hit_queries in endpoints(server_env, page_cache):
                # The reference is measured again in each round: each round's ratios are to its own.
                label = f"{name} (page cache)" if page_cache else name
                query_count = hit_queries if page_cache else view_queries
                status, body, response_headers = fetch(path, headers)
                if name.startswith("feed 304"):
                    headers = {"If-None-Match": response_headers.get("ETag", "")}
                    status, body, _headers = fetch(path, headers)
                # Warm both workers (their derived-figure caches, Python's lazy imports) before measuring.
                wrk(path, 1, headers)
                figures = wrk(path, options.seconds, headers)
                figures.update(status=status, bytes_sent=len(body), queries=query_count, path=path)
                results[label] = figures
                print(
                    f"{label:40} {figures['rps']:8.0f} req/s  p50 {figures['p50_us'] / 1000:7.1f} ms  "
                    f"p99 {figures['p99_us'] / 1000:7.1f} ms  {status}",
                    flush=True,
                )
            rss_first = worker_rss_mb(server.pid)
            # A second round on the heaviest page shows whether workers grow.
            wrk(results["article"]["path"], options.seconds, {})
            rss_second = worker_rss_mb(server.pid)
            results[f"worker RSS MB{' (page cache)' if page_cache else ''}"] = {
                "first": rss_first,
                "second": rss_second,
            }
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    write_report(Path(options.output), results, options, generated_in, bool(redis_url))


def write_report(path, results, options, generated_in, with_redis):
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` (scripts/bench.py) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
        f"{os.cpu_count()} cores, PostgreSQL, {'Redis' if with_redis else 'local-memory'} cache, gunicorn with 2 sync "
        f"workers and production settings, wrk -t2 -c8 for {options.seconds} s per endpoint on loopback, every request "
        "accepting gzip as browsers do. Dataset: "
        f"{options.articles:,} articles in three languages, {options.projects:,} projects, {options.sessions} sessions "
        f"({'reused from an earlier run' if options.skip_generate else f'generated in {generated_in:.0f} s'}). "
        "The reference is `/healthz`, measured first in each round. SQL queries: what the view runs with empty caches "
        "(scripts/bench_paths.py); for page-cache rows, what a hit runs.",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | SQL queries | body bytes sent | ratio to /healthz | status |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, figures in results.items():
        if "rps" not in figures:
            continue
        reference = results["healthz (page cache)" if label.endswith("(page cache)") else "healthz"]["rps"]
        lines.append(
            f"| {label} | {figures['rps']:.0f} | {figures['p50_us'] / 1000:.1f} | {figures['p99_us'] / 1000:.1f} | "
            f"{figures['queries']} | {figures['bytes_sent']:,} | {figures['rps'] / reference:.0%} | "
            f"{figures['status']} |"
        )
    lines += ["", "Worker RSS (MB) after each round, then after a second round on the article page:", ""]
    for label, figures in results.items():
        if "first" in figures:
            lines.append(
                f"- {label}: {', '.join(f'{size:.0f}' for size in figures['first'])} → "
                f"{', '.join(f'{size:.0f}' for size in figures['second'])}"
            )
    # The hand-written reading of the figures, below its heading, survives a rerun.
    previous = path.read_text() if path.exists() else ""
    notes = previous[previous.index(NOTES_HEADING) :] if NOTES_HEADING in previous else f"{NOTES_HEADING}\n"
    path.write_text("\n".join(lines) + "\n\n" + notes)
    print(f"Wrote {path}")


if __name__ == "__main__":
    main()
