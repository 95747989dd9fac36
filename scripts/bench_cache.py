"""A small in-process benchmark of the page cache, for a before/after comparison on a busy machine.

`make bench` drives gunicorn with wrk over 100,000 generated rows; this one needs a minute. It loads the demo
content into a throw-away SQLite database, points the cache at Redis (BENCH_REDIS_URL, default db 12) with the
settings of the checkout it runs from, and times through Django's test client:
- page-cache hits over every public article, column and the home page in three languages (gzip);
- cold article pages: every cache emptied (Redis and the process's local copies) before each request.

Usage: python scripts/bench_cache.py [--hits 3000] [--cold 150]   (run from the checkout to measure)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=int, default=3000)
    parser.add_argument("--cold", type=int, default=150)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        DJANGO_PAGE_CACHE_SECONDS="600",
    )
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    from news.models import Article, Column

    with open(os.devnull, "w") as devnull:
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("load_demo", stdout=devnull)
    caches["default"].clear()

    def clear_local():
        try:  # this branch: the "local" cache alias
            caches["local"].clear()
        except Exception:  # before: the hand-written stores
            from portal.middleware import local_pages, local_values

            local_pages.clear()
            local_values.clear()

    client = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
    urls = []
    for language in ("zh-hans", "en", "my"):
        urls.append(f"/{language}/")
        urls += [f"/{language}/news/column/{column.slug}/" for column in Column.objects.all()]
        urls += [f"/{language}/news/{pk}/" for pk in Article.objects.published(language).values_list("pk", flat=True)]
    urls = [url for url in urls if client.get(url).status_code == 200]
    for url in urls:  # warm
        assert client.get(url)["X-Page-Cache"] in ("hit", "miss")
    timings = []
    for number in range(args.hits):
        url = urls[number % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response["X-Page-Cache"] == "hit", url
    report("page-cache hit", timings, len(urls))

    articles = [url for url in urls if "/news/" in url and "/column/" not in url]
    client.get(articles[0])
    timings = []
    for number in range(args.cold):
        url = articles[number % len(articles)]
        caches["default"].clear()
        clear_local()
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss", url
    report("cold article", timings, len(articles))
    caches["default"].clear()


def report(name, timings, pages):
    timings.sort()
    median = statistics.median(timings) * 1000
    p90 = timings[int(len(timings) * 0.9)] * 1000
    print(
        f"{name}: {len(timings)} requests over {pages} pages, median {median:.2f} ms, p90 {p90:.2f} ms, "
        f"{len(timings) / sum(timings):.0f} req/s"
    )


if __name__ == "__main__":
    main()
