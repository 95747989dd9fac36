"""The reproducible benchmark behind `make bench` and docs/performance.md.

It needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_bench) and Debian's
`wrk`; Redis is used when BENCH_REDIS_URL is set (its database, and the next one for the server with the page
cache). It (re)creates the database, generates the dataset, serves it with gunicorn and production settings on
127.0.0.1, twice side by side (the page cache off on BENCH_PORT, on at the port after), drives load on loopback only
with wrk for a bounded time per endpoint, and writes the figures to docs/performance.md.

Besides one path per endpoint, it measures the long tail: workloads whose every request asks for a different path of
a list (scripts/bench_paths.py), cold pages that no cache has seen, and a crawler reading them while browsers read
the hot pages. `--only REGEX` measures just the workloads it matches, with /healthz as the reference.
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
# Both servers are asked for this host: pages are stored per origin (render_article_pages --origin BASE), and the
# server with the page cache, listening on PORT + 1, must find the same ones.
HOST_HEADER = {"Host": f"{HOST}:{PORT}"}

NOTES_HEADING = "## Reading these figures"
# The second server's rows: with the page cache, or in a --control run without it, like the first.
SUFFIXES = (" (page cache)", " (control)")
# Every request asks for gzip, as every browser and feed reader does.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
BROWSER = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
}
CRAWLER = {"User-Agent": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"}
# Given a file of paths and the number of threads after `--`, each thread requests its own share of the lines (every
# thread-count-th one), one path a request, and counts the requests that repeat a path once its share has run out.
# Without, no `request` function is defined and wrk sends its one prepared request, as fast as it can.
WRK_LUA = r"""
local threads = {}

setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

init = function(args)
  repeated = 0
  if args[1] == nil then return end
  local paths, index, sent = {}, 0, 0
  for line in io.lines(args[1]) do
    if index % tonumber(args[2]) == id then table.insert(paths, line) end
    index = index + 1
  end
  request = function()
    sent = sent + 1
    if sent > #paths then repeated = repeated + 1 end
    return wrk.format("GET", paths[(sent - 1) % #paths + 1])
  end
end

done = function(summary, latency, requests)
  local repeated = 0
  for _, thread in ipairs(threads) do repeated = repeated + thread:get("repeated") end
  io.write(string.format("JSON {\"requests\": %d, \"duration_us\": %d, "
    .. "\"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, "
    .. "\"non2xx\": %d, \"errors\": %d, \"repeated\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, repeated))
end
"""


@dataclass
class Server:
    """One of the two gunicorns measured side by side: the page cache off or on, each with its own Redis database."""

    page_cache: bool
    port: int
    redis_url: str
    suffix: str = ""  # what its rows' labels end with
    process: subprocess.Popen | None = None

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def label(self, stream):
        return f"{stream.label}{self.suffix}"


@dataclass
class Stream:
    """One wrk process of a workload: one path, or from `path_list` a different path for every request."""

    label: str
    threads: int
    connections: int
    queries: tuple  # what the view runs, what a page-cache hit runs
    path: str = ""
    path_list: str = ""
    headers: dict = field(default_factory=dict)


class PathPool:
    """A shuffled list of paths handed out in disjoint parts, each as long as its share of the seconds the list must
    last (warm-ups and measurements of every pass), so that no server is asked for a path twice. Each server has a
    pool of its own over the same list, used in the same order: both read the same pages."""

    def __init__(self, paths, seconds):
        self.paths = paths
        self.per_second = max(1, len(paths) // max(1, seconds))
        self.used = 0

    def take(self, seconds):
        return self.next_paths(self.per_second * seconds)

    def sample(self):
        """A path of its own, for a look at one response."""
        return self.next_paths(1)[0]

    def next_paths(self, count):
        # A list too short for its seconds starts over; a part never holds a path twice (wrk counts the repeats).
        part = [self.paths[(self.used + index) % len(self.paths)] for index in range(min(count, len(self.paths)))]
        self.used += len(part)
        return part


def run(*args, env=None, check=True, **kwargs):
    print("+", " ".join(str(arg) for arg in args), flush=True)
    return subprocess.run(args, cwd=ROOT, env=env, check=check, **kwargs)


# Every table and index of the benchmark database into the operating system's cache (pg_prewarm's "read" mode), before
# each long-tail workload (LONG_TAIL), as on a database server whose memory holds it (about 3 GB at 100,000 articles).
# The virtual machines here hand unused cache back to their host within minutes (3.2 GB read in, 1.3 GB left five
# minutes later): without this, a workload reads from disk whatever was evicted meanwhile, and its figures say more
# about the disk than about the portal (--no-prewarm measures that case). The other workloads read a few pages that
# stay in PostgreSQL's own buffers, and before them a prewarm only adds a disturbance (the host taking the memory
# back): page-cache hits measured 62–94 % of /healthz with a prewarm before each workload, 75–101 % without any.
LONG_TAIL = re.compile(r"^random |^crawler")
PREWARM_SQL = (
    "CREATE EXTENSION IF NOT EXISTS pg_prewarm; "
    "SELECT pg_size_pretty(sum(pg_prewarm(c.oid, 'read')) * current_setting('block_size')::bigint) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 'i', 't', 'm')"
)


def prewarm(database):
    started = time.monotonic()
    read = run("psql", "-h", HOST, "-U", "postgres", "-qAtc", PREWARM_SQL, database, capture_output=True, text=True)
    print(f"read {read.stdout.strip()} of the database into the OS cache in {time.monotonic() - started:.0f} s")


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


def benchmark_paths(env):
    """The endpoints (name, path or path list, headers, query counts) and path lists, read from the generated data."""
    output = run(
        PYTHON,
        str(ROOT / "scripts" / "bench_paths.py"),
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def fetch(server, path, headers=None):
    request = urllib.request.Request(server.base + path, headers={**BROWSER_HEADERS, **HOST_HEADER, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 -- loopback only
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def workloads(endpoints):
    """(name, streams) of every workload: one an endpoint, with 16 connections for a list of paths; then a crawler
    reading random articles while browsers read the home page and the hot article."""

    def stream(endpoint, label, threads, connections, headers):
        return Stream(
            label,
            threads,
            connections,
            (endpoint["view_queries"], endpoint["hit_queries"]),
            path=endpoint.get("path", ""),
            path_list=endpoint.get("path_list", ""),
            headers=headers,
        )

    measured = [
        (
            endpoint["name"],
            [stream(endpoint, endpoint["name"], 2, 16 if "path_list" in endpoint else 8, endpoint["headers"])],
        )
        for endpoint in endpoints
    ]
    by_name = {endpoint["name"]: endpoint for endpoint in endpoints}
    name = "crawler + readers"
    crawler_and_readers = [
        stream(by_name["random article"], f"{name}: crawler", 1, 4, CRAWLER),
        stream(by_name["home"], f"{name}: home reader", 1, 4, BROWSER),
        stream(by_name["article"], f"{name}: hot-article reader", 1, 4, BROWSER),
    ]
    return [*measured, (name, crawler_and_readers)]


def wrk(runs, seconds, pools):
    """Runs one wrk process for each (server, stream) of `runs`, all at the same time for `seconds`; their figures in
    order. A list's paths come from the server's own pools (`pools` by port)."""
    script = ROOT / "var" / "bench.lua"
    script.write_text(WRK_LUA)
    processes = []
    for index, (server, stream) in enumerate(runs):
        args = [
            "wrk",
            f"-t{stream.threads}",
            f"-c{stream.connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
        ]
        for name, value in {**BROWSER_HEADERS, **HOST_HEADER, **stream.headers}.items():
            args += ["-H", f"{name}: {value}"]
        args.append(server.base + (stream.path or "/"))
        if stream.path_list:
            paths = ROOT / "var" / f"bench-paths-{index}.txt"
            paths.write_text("\n".join(pools[server.port][stream.path_list].take(seconds)) + "\n")
            args += ["--", str(paths), str(stream.threads)]
        processes.append(subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, text=True))
    results = []
    for process in processes:
        output = process.communicate(timeout=seconds + 60)[0]
        figures = json.loads(re.search(r"^JSON (.*)$", output, re.MULTILINE).group(1))
        figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
        results.append(figures)
    return results


def worker_rss_mb(master_pid):
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def next_database(redis_url):
    """The Redis database after `redis_url`'s, for the server with the page cache: each server's cache is its own."""
    if not redis_url:
        return ""
    parts = urlsplit(redis_url)
    return parts._replace(path=f"/{int(parts.path.strip('/') or 0) + 1}").geturl()


def start_server(server, env):
    """Starts `server`'s gunicorn with an empty cache, and waits until it answers."""
    if server.redis_url:
        redis.Redis.from_url(server.redis_url).flushdb()
    server_env = {**env, "DJANGO_PAGE_CACHE_SECONDS": "300" if server.page_cache else "0"}
    if server.redis_url:
        server_env["REDIS_URL"] = server.redis_url
    server.process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"{HOST}:{server.port}",
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
    for _attempt in range(100):
        try:
            if fetch(server, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server on port {server.port} does not answer")


def measure(server, streams, seconds, pools):
    """One pass of a workload on `server`: each stream's figures, by label."""
    streams = list(streams)
    samples = []
    for index, stream in enumerate(streams):
        # Status and size of one path; for a list, a path of its own, so that the measured ones stay cold.
        path = stream.path or pools[server.port][stream.path_list].sample()
        status, body, response_headers = fetch(server, path, stream.headers)
        if stream.label.startswith("feed 304"):
            streams[index] = replace(stream, headers={"If-None-Match": response_headers.get("ETag", "")})
            status, body, _headers = fetch(server, path, streams[index].headers)
        samples.append((status, len(body)))
    # Warm both workers (their derived-figure caches, Python's lazy imports) before measuring; a list's warm-up takes
    # paths of its own.
    runs = [(server, stream) for stream in streams]
    wrk(runs, 1, pools)
    measured = {}
    for stream, (status, size), figures in zip(streams, samples, wrk(runs, seconds, pools), strict=True):
        figures.update(
            status=status,
            bytes_sent=size,
            queries=stream.queries[1] if server.page_cache else stream.queries[0],
            path=stream.path or f"{stream.path_list} list",
        )
        measured[server.label(stream)] = figures
    return measured


def measured_at_once(streams):
    """Whether a workload is also measured on both servers at once: the long tail's one-stream workloads."""
    return len(streams) == 1 and bool(streams[0].path_list)


def measure_at_once(servers, stream, seconds, pools):
    """One pass of a one-stream workload on both servers at the same time, sharing the machine: each one's req/s.

    The page cache's cost on a first read is a few tens of µs, a few per cent at most, and a pass measured after
    another moves by more than that on this machine; loaded together, the two servers meet the same minute of it."""
    runs = [(server, stream) for server in servers]
    wrk(runs, 1, pools)
    return [figures["rps"] for figures in wrk(runs, seconds, pools)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=12, help="wrk duration per endpoint, over all its passes")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the existing benchmark database")
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument("--only", metavar="REGEX", help="measure only the workloads whose name matches (and /healthz)")
    parser.add_argument(
        "--passes",
        type=int,
        default=3,
        help="times each round measures every workload, /healthz first; a row's figures are their medians",
    )
    parser.add_argument(
        "--page-cache-first",
        action="store_true",
        help="the server with the page cache measured first in the first pass: whether a difference is the order's",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="the second server without the page cache too: how far apart two servers that do not differ measure",
    )
    parser.add_argument(
        "--no-prewarm", action="store_true", help="leave the database's files wherever the OS cache has them"
    )
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

    found = benchmark_paths(env)
    selected = select_workloads(found, options)
    # What publishing would have stored, for the workloads that read it (all of them without --only): the pages of
    # every article the run reads, and the cards column pages list, of every article (news/pages.py).
    if any(re.search("article|crawler", name) for name, _streams in selected):
        ids = sorted({int(pk) for pk in re.findall(r"/news/(\d+)/", json.dumps(found))})
        (ROOT / "var" / "bench-article-ids.txt").write_text("\n".join(map(str, ids)) + "\n")
        rendering_started = time.monotonic()
        run(
            PYTHON,
            "manage.py",
            "render_article_pages",
            "--origin",
            BASE,
            "--ids-from",
            str(ROOT / "var" / "bench-article-ids.txt"),
            "--processes",
            str(os.cpu_count()),
            env=env,
        )
        print(f"stored the pages of {len(ids):,} articles in {time.monotonic() - rendering_started:.0f} s", flush=True)
    if any("column" in name for name, _streams in selected):
        rendering_started = time.monotonic()
        run(PYTHON, "manage.py", "render_article_pages", "--cards", "--processes", str(os.cpu_count()), env=env)
        print(f"stored the column cards in {time.monotonic() - rendering_started:.0f} s", flush=True)
    # Rendering again after a code change rewrites every stored page and card: measure the tables as autovacuum
    # leaves them, not with the dead rows of the last few renderings (578,000 in the cards table after three runs
    # in a row halved the random column pages' rate).
    run("psql", "-h", HOST, "-U", "postgres", "-qc", "VACUUM ANALYZE news_articlepage, news_articlecard", database)
    # The SQL queries counted again, with the pages stored as publishing leaves them (after a code change they were
    # counted before rendering: a cold article showed 13 queries instead of 5). The lists are the same: seeded.
    found = benchmark_paths(env)
    selected = select_workloads(found, options)
    # Each use of a list by a server, a warm-up second and the measurement of each pass, gets paths of its own.
    pass_seconds = seconds_per_pass(options)
    uses = [stream.path_list for _name, streams in selected for stream in streams if stream.path_list]
    uses += [streams[0].path_list for _name, streams in selected if measured_at_once(streams)]
    servers = [
        Server(page_cache=False, port=PORT, redis_url=redis_url),
        Server(
            page_cache=not options.control,
            port=PORT + 1,
            redis_url=next_database(redis_url),
            suffix=" (control)" if options.control else " (page cache)",
        ),
    ]
    pools = {
        server.port: {
            name: PathPool(paths, options.passes * uses.count(name) * (1 + pass_seconds))
            for name, paths in found["path_lists"].items()
        }
        for server in servers
    }
    for name, paths in found["path_lists"].items():
        print(
            f"{name}: {len(paths):,} paths ({len(set(paths)):,} distinct), {pools[PORT][name].per_second:,} a second",
            flush=True,
        )

    results, rss, at_once = {}, {}, {}
    try:
        for server in servers:
            start_server(server, env)
        # The passes take turns over the workloads, so that a slower minute of the machine weighs on every row, not
        # on one; and each workload is measured on one server right after the other, the first alternating from pass
        # to pass, so that such a minute, or what the first leaves in PostgreSQL's buffers, weighs on both.
        for number in range(options.passes):
            for name, streams in selected:
                if not options.no_prewarm and LONG_TAIL.search(name):
                    prewarm(database)
                first_off = (number % 2 == 0) != options.page_cache_first
                for server in servers if first_off else servers[::-1]:
                    for label, figures in measure(server, streams, pass_seconds, pools).items():
                        results.setdefault(label, []).append(figures)
                        print(
                            f"{label:50} {number + 1}/{options.passes} {figures['rps']:8.0f} req/s  "
                            f"p50 {figures['p50_us'] / 1000:7.1f} ms  "
                            f"p95 {figures['p95_us'] / 1000:7.1f} ms  p99 {figures['p99_us'] / 1000:7.1f} ms  "
                            f"{figures['status']}  non-2xx/3xx {figures['non2xx']}  socket errors {figures['errors']}  "
                            f"repeated {figures['repeated']}",
                            flush=True,
                        )
                if measured_at_once(streams):
                    rates = measure_at_once(servers, streams[0], pass_seconds, pools)
                    at_once.setdefault(name, []).append(rates)
                    print(f"{name}, both servers at once: {rates[0]:.0f} req/s off, {rates[1]:.0f} on", flush=True)
        if not options.only:
            # A second round on the heaviest page shows whether workers grow.
            article = next(streams[0] for name, streams in selected if name == "article")
            for server in servers:
                rss_first = worker_rss_mb(server.process.pid)
                wrk([(server, article)], options.seconds, pools)
                rss[f"worker RSS MB{server.suffix}"] = {
                    "first": rss_first,
                    "second": worker_rss_mb(server.process.pid),
                }
    finally:
        for server in servers:
            if server.process is not None:
                server.process.send_signal(signal.SIGTERM)
                server.process.wait(timeout=30)

    rows = {label: medians(passes) for label, passes in results.items()}
    write_report(Path(options.output), rows | rss, at_once, options, generated_in, bool(redis_url))


def select_workloads(found, options):
    return [
        (name, streams)
        for name, streams in workloads(found["endpoints"])
        if name == "healthz" or not options.only or re.search(options.only, name)
    ]


def seconds_per_pass(options):
    # The passes share the duration, so that the long-tail lists serve as many requests as one long pass would.
    return max(1, math.ceil(options.seconds / options.passes))


def medians(passes):
    """One row of the report from the figures of each pass: the median of each rate and latency (so neither the
    best nor the worst pass), the sum of each count, and every pass's rate."""
    row = dict(passes[len(passes) // 2])
    for name in ("rps", "p50_us", "p95_us", "p99_us"):
        row[name] = statistics.median(figures[name] for figures in passes)
    for name in ("requests", "non2xx", "errors", "repeated"):
        row[name] = sum(figures[name] for figures in passes)
    row["rps_per_pass"] = [figures["rps"] for figures in passes]
    return row


def write_report(path, results, at_once, options, generated_in, with_redis):
    pass_seconds = seconds_per_pass(options)
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` (scripts/bench.py) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: "
        f"{os.cpu_count()} cores, PostgreSQL, {'Redis' if with_redis else 'local-memory'} cache, gunicorn with 2 sync "
        f"workers and production settings, wrk -t2 -c8 for {pass_seconds} s per pass on loopback, every request "
        "accepting gzip as browsers do. Dataset: "
        f"{options.articles:,} articles in three languages, {options.projects:,} projects, {options.sessions} sessions "
        f"({'reused from an earlier run' if options.skip_generate else f'generated in {generated_in:.0f} s'}). "
        + (
            "The database's files were left wherever the OS cache had them (--no-prewarm). "
            if options.no_prewarm
            else "Before each long-tail workload (`random …`, `crawler + readers`) every table and index was read "
            "into the OS cache (pg_prewarm), as on a database server whose memory holds the database. "
        )
        + "Two servers run side by side, one with the page cache off and one with it on, each with a Redis "
        f"database of its own, emptied when it starts. Each of {options.passes} passes measures every workload in "
        "turn, `/healthz` first, on one server right after the other (which one first alternates from pass to pass): "
        "a row's rates and latencies are the medians of its passes, its counts their sums, and its ratio is to its "
        "server's median `/healthz`. SQL queries: what the view runs with empty caches (scripts/bench_paths.py); for "
        "page-cache rows, what a hit runs.",
        "",
        "The long tail: each request of a `random …` row (wrk -t2 -c16) asks for a different path of a shuffled list,"
        " each wrk thread walking its own part, and the warm-up second takes other paths, so the pages measured are "
        "cold (the site chrome is warm); both servers are asked for the same paths: articles in the languages they "
        "are public in, pages of any column, searches for words of the titles. Their SQL queries are those of the "
        "list's first path with every cache empty, the chrome included; their body bytes those of one path. `crawler "
        "+ readers` runs three wrk -t1 -c4 at once: Baiduspider reading random articles, browsers reading the home "
        "page and the `article` page. non-2xx/3xx: responses with a status of 400 or more (a crawler may be answered "
        "429); status: that of a first request.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | SQL queries | body bytes sent | ratio to /healthz "
        "| non-2xx/3xx | status | req/s of each pass |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    if options.only:
        lines[2:2] = [f"Only the workloads matching `{options.only}` were measured.", ""]
    repeated, errors = [], []
    for label, figures in results.items():
        if "rps" not in figures:
            continue
        suffix = next((suffix for suffix in SUFFIXES if label.endswith(suffix)), "")
        reference = results[f"healthz{suffix}"]["rps"]
        lines.append(
            f"| {label} | {figures['rps']:.0f} | {figures['p50_us'] / 1000:.1f} | {figures['p95_us'] / 1000:.1f} | "
            f"{figures['p99_us'] / 1000:.1f} | {figures['queries']} | {figures['bytes_sent']:,} | "
            f"{figures['rps'] / reference:.0%} | {figures['non2xx']:,} | {figures['status']} | "
            f"{', '.join(f'{rps:.0f}' for rps in figures['rps_per_pass'])} |"
        )
        if figures["repeated"]:
            repeated.append(f"{label}: {figures['repeated']:,} of {figures['requests']:,}")
        if figures["errors"]:
            errors.append(f"{label}: {figures['errors']:,}")
    comparisons = [
        f"{name}: {', '.join(f'{on / off:.0%}' for off, on in passes)} (median "
        f"{statistics.median(on / off for off, on in passes):.0%}; {statistics.median(on for _off, on in passes):.0f} "
        f"against {statistics.median(off for off, _on in passes):.0f} req/s)"
        for name, passes in at_once.items()
    ]
    if comparisons:
        lines += [
            "",
            (
                "Control run (--control), the second server without the page cache too: "
                if options.control
                else "A miss against no cache: "
            )
            + "each long-tail workload measured once more in each pass on both servers at the same time, sharing the "
            "machine, the same paths on both; the second server's req/s over the first's, pass by pass: "
            f"{'; '.join(comparisons)}.",
        ]
    if repeated:
        lines += ["", f"Requests that repeated a path, the list being too short: {'; '.join(repeated)}."]
    if errors:
        lines += ["", f"Socket errors and timeouts (2 s, not in the latencies): {'; '.join(errors)}."]
    if any("first" in figures for figures in results.values()):
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
