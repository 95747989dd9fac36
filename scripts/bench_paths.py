"""What `make bench` measures: each endpoint's path, request headers and SQL query counts.

Run by scripts/bench.py as its own Django process pointed at the benchmark database (it prints the endpoints as
JSON); kept out of the apps so that no request path imports benchmark code. Query counts come from
Django's own test client with CaptureQueriesContext: once with the page cache off, endpoint after endpoint in the
order listed (what a view does with empty caches, apart from what an earlier page already read: the site chrome),
and once for a page-cache hit.

The long-tail workloads get lists of paths instead, shuffled with a fixed seed so that reruns draw the same ones, every
path once: articles in the languages they are public in, column pages, and searches for words of the generated titles.
Their query counts are those of each list's first path with every cache empty, the site chrome included.
"""

import json
import math
import os
import random
import re
import sys
from pathlib import Path
from urllib.parse import quote

import django

LANGUAGES = ("zh-hans", "en", "my")
ARTICLES = 25_000
COLUMN_PAGES = 12_000
SEARCHES_PER_LANGUAGE = 2_000
# What a search asks for, per language: two Chinese characters in a row (overlapping pairs), an English word of four
# letters or more, a Burmese syllable (a consonant, its dependent signs, and a closing consonant with its asat).
SEARCH_WORDS = {
    "zh-hans": re.compile(r"(?=([\u4e00-\u9fff]{2}))"),
    "en": re.compile(r"[A-Za-z]{4,}"),
    "my": re.compile(r"[\u1000-\u1021][\u102b-\u103e\u1056-\u1059]*(?:[\u1000-\u1021]\u103a[\u102b-\u103e]*)?"),
}


def benchmark_paths():
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from news.models import Article, Column
    from projects.models import Edition, Region, Sector

    column = Column.objects.filter(slug__startswith="gen-").order_by("pk").first()
    article = Article.objects.published("zh-hans").newest_first().first()
    edition = Edition.objects.published("zh-hans").order_by("-starts_on").first()
    sector = Sector.objects.order_by("pk").first()
    region = Region.objects.order_by("pk").first()
    paths = [
        ("healthz", "/healthz", {}),
        ("home", "/zh-hans/", {}),
        ("column page 1", f"/zh-hans/news/column/{column.slug}/", {}),
        ("column page 2000", f"/zh-hans/news/column/{column.slug}/?page=2000", {}),
        ("article", f"/zh-hans/news/{article.pk}/", {}),
        ("search zh 云南", "/zh-hans/search/?q=%E4%BA%91%E5%8D%97", {}),
        ("search en Yunnan", "/en/search/?q=Yunnan", {}),
        ("search my ယူနန်", "/my/search/?q=%E1%80%9A%E1%80%B0%E1%80%94%E1%80%94%E1%80%BA", {}),
        ("feed", "/zh-hans/feeds/latest.rss", {}),
        ("feed 304", "/zh-hans/feeds/latest.rss", {}),
        ("projects, two filters", f"/zh-hans/projects/?sector={sector.slug}&region={region.code}", {}),
        ("statistics", f"/zh-hans/projects/stats/?edition={edition.slug}", {}),
        ("edition", f"/zh-hans/events/{edition.slug}/", {}),
        ("sitemap index", "/sitemap.xml", {}),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    view_queries = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for _name, path, _headers in paths:
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            view_queries.append(len(queries))
    with override_settings(PAGE_CACHE_SECONDS=300):
        hit_queries = [hit_query_count(client, path) for _name, path, _headers in paths]
    endpoints = [
        {"name": name, "path": path, "headers": headers, "view_queries": view, "hit_queries": hit}
        for (name, path, headers), view, hit in zip(paths, view_queries, hit_queries, strict=True)
    ]

    rng = random.Random(2024)
    path_lists = {"articles": article_paths(rng), "column pages": column_page_paths(rng), "searches": search_paths(rng)}
    for name, path_list in (
        ("random article", "articles"),
        ("random column page", "column pages"),
        ("random search", "searches"),
    ):
        view, hit = cold_queries(client, path_lists[path_list][0])
        endpoints.append(
            {"name": name, "path_list": path_list, "headers": {}, "view_queries": view, "hit_queries": hit}
        )
    return {"endpoints": endpoints, "path_lists": path_lists}


def cold_queries(client, path):
    """What the view runs for `path` with every cache empty, and what a page-cache hit runs."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    for alias in settings.CACHES:
        caches[alias].clear()
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        client.get(path)
    view = len(queries)
    with override_settings(PAGE_CACHE_SECONDS=300):
        return view, hit_query_count(client, path)


def hit_query_count(client, path):
    """The SQL queries of a page-cache hit on `path`. A page whose view caches it only when read again is stored on
    its second read, so it is read until the cache serves it; a page never stored counts as what its view runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _read in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.headers.get("X-Page-Cache") == "hit":
            break
    return len(queries)


def article_paths(rng):
    """The pages of ARTICLES random articles, in each language each is public in, shuffled.

    Pages are stored when articles are published; bench.py stores those of these articles with
    `render_article_pages` (all 100,000 take about 19 minutes on 2 cores, these a few).
    """
    from news.models import Article

    ids = list(Article.objects.published("zh-hans").order_by("pk").values_list("pk", flat=True))
    chosen = set(rng.sample(ids, min(len(ids), ARTICLES)))
    pages = [
        f"/{code}/news/{pk}/"
        for code in LANGUAGES
        for pk in Article.objects.published(code).filter(pk__in=chosen).order_by("pk").values_list("pk", flat=True)
    ]
    rng.shuffle(pages)
    return pages


def column_page_paths(rng):
    """Up to COLUMN_PAGES distinct column pages: a random column and language, a random page of it."""
    from news.models import Article, Column

    last_pages = {}
    for column in Column.objects.order_by("pk"):
        for code in LANGUAGES:
            count = Article.objects.published(code).filter(column=column).count()
            last_pages[code, column.slug] = max(1, math.ceil(count / 20))
    choices = list(last_pages)
    paths = {}  # a dict keeps the order drawn
    while len(paths) < min(COLUMN_PAGES, sum(last_pages.values())):
        code, slug = rng.choice(choices)
        paths[f"/{code}/news/column/{slug}/?page={rng.randint(1, last_pages[code, slug])}"] = None
    return list(paths)


def search_paths(rng):
    """Up to SEARCHES_PER_LANGUAGE distinct searches a language for words of published titles, languages mixed."""
    from news.models import Article

    paths = []
    for code, pattern in SEARCH_WORDS.items():
        titles = (
            Article.objects.published(code).order_by("pk").values_list(f"title_{code.replace('-', '_')}", flat=True)
        )
        words = sorted({word for title in titles for word in pattern.findall(title)})
        paths += [
            f"/{code}/search/?q={quote(word)}" for word in rng.sample(words, min(len(words), SEARCHES_PER_LANGUAGE))
        ]
    rng.shuffle(paths)
    return paths


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps(benchmark_paths()))
