"""What `make bench` measures: each endpoint's path, request headers and SQL query counts.

Run by scripts/bench.py as its own Django process pointed at the benchmark database (it prints the endpoints as
JSON); kept out of the apps so that no request path imports benchmark code. Query counts come from
Django's own test client with CaptureQueriesContext: once with the page cache off, endpoint after endpoint in the
order listed (what a view does with empty caches, apart from what an earlier page already read: the site chrome),
and once for a page-cache hit.
"""

import json
import os
import sys
from pathlib import Path

import django


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
    hit_queries = []
    with override_settings(PAGE_CACHE_SECONDS=300):
        for _name, path, _headers in paths:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            hit_queries.append(len(queries))
    return [(*endpoint, view, hit) for endpoint, view, hit in zip(paths, view_queries, hit_queries, strict=True)]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps(benchmark_paths()))
