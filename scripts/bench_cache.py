"""What the page cache adds to a page nobody has read lately, in-process, to the microsecond.

`make bench` compares the page cache off and on through gunicorn and wrk, where a pass's rate moves by a few per cent
from one pass to the next: a difference of 1 % is beyond it. This one times Django's test client in one process. It
generates `--articles` articles (2,000) into a throw-away SQLite database, stores their pages as publishing does
(render_article_pages), points the cache at Redis (BENCH_REDIS_URL, default db 12) and reads every public article
page, in a shuffled order, once with the page cache off (PAGE_CACHE_SECONDS=0) and once on, one right after the
other, then twice more with it on (stored, then a hit).

It prints the median and 90th percentile of each case and the median of the pairs' differences.

Usage: python scripts/bench_cache.py [--articles 2000]   (run from the checkout to measure; about two minutes)
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ORIGIN = "http://testserver"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        measure(Path(directory) / "bench.sqlite3", options.articles)


def measure(database, articles):
    # Production settings, as `make bench` serves them.
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
            "DJANGO_PAGE_CACHE_SECONDS": "600",
        }
    )
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from news.models import Article

    with open(os.devnull, "w") as devnull:
        call_command("collectstatic", interactive=False, verbosity=0, stdout=devnull)
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("generate_content", articles=articles, projects=20, sessions=10, stdout=devnull, stderr=devnull)
        call_command("render_article_pages", origin=[ORIGIN], stdout=devnull)
    caches["default"].clear()
    caches["local"].clear()

    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
    paths = [
        f"/{language}/news/{pk}/"
        for language in ("zh-hans", "en", "my")
        for pk in Article.objects.published(language).values_list("pk", flat=True)
    ]
    random.Random(2024).shuffle(paths)
    warm_up, paths = paths[:50], paths[50:]
    for path in warm_up:  # the site chrome, Python's lazy imports
        client.get(path)

    def read(path):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, path
        return elapsed, response.headers.get("X-Page-Cache")

    # Each page is read once with the page cache off (which leaves no trace of the read) and once with it on, one
    # right after the other, which first alternating: the difference of each pair is the page cache's cost on that
    # page, with the machine's minute and the page's own size the same for both.
    without, first_reads, differences = [], [], []
    for number, path in enumerate(paths):
        timings = {}
        for seconds in (0, 600) if number % 2 else (600, 0):
            # Both cases through override_settings, which makes every read of a setting a little slower.
            with override_settings(PAGE_CACHE_SECONDS=seconds):
                timings[seconds], state = read(path)
            assert state is None, f"{path}: a first read was {state}"
        without.append(timings[0])
        first_reads.append(timings[600])
        differences.append(timings[600] - timings[0])
    second_reads, hits = [], []
    for path in paths:
        elapsed, state = read(path)
        assert state == "miss", f"{path}: a second read was {state}"
        second_reads.append(elapsed)
    for path in paths:
        elapsed, state = read(path)
        assert state == "hit", f"{path}: a third read was {state}"
        hits.append(elapsed)
    caches["default"].clear()

    print(f"{len(paths):,} article pages of {articles:,} articles, each read once in each case:")
    report("page cache off", without)
    report("page cache on, first read", first_reads)
    quartiles = statistics.quantiles(differences, n=4)
    print(
        f"  the page cache adds {statistics.median(differences) * 1e6:+.0f} µs to a first read (median of the pairs' "
        f"differences; quartiles {quartiles[0] * 1e6:+.0f} and {quartiles[2] * 1e6:+.0f} µs)"
    )
    print("The same pages read again, with the page cache on:")
    report("second read (looked up, stored)", second_reads)
    report("third read (a hit)", hits)


def report(name, timings):
    timings = sorted(timings)
    median = statistics.median(timings) * 1e6
    p90 = timings[int(len(timings) * 0.9)] * 1e6
    print(f"  {name:34} {len(timings):6,} requests  median {median:6.0f} µs  p90 {p90:6.0f} µs")


if __name__ == "__main__":
    main()
