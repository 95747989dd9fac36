"""Malformed input against every URL pattern of the site: no request may end in a server error (5xx).

The URL patterns come from the resolver itself, so a new page is fuzzed without touching this file; each converter
is filled with good values (ids and slugs of a small published data set) and bad ones that still match it. The query
parameters are the ones the site's forms and filters declare. A fixed seed and a fixed number of requests per phase
keep the run repeatable and bounded; every failure is collected and printed before the test fails.
"""

import os
import random
import re
from dataclasses import dataclass, field
from itertools import product

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from news.forms import SearchForm
from projects.filters import ProjectFilter
from projects.forms import StatsForm
from projects.views import ProgrammeViewForm
from tests.factories import make_article, make_edition, make_investor, make_project, make_register_session

# Fixed, so that a failure repeats; FUZZ_SEED=… explores other draws.
SEED = int(os.environ.get("FUZZ_SEED", "20231203"))
LANGUAGES = ("zh-hans", "en", "my")

# Values that still match a converter's regex, so that they reach the view.
BAD_PATH_VALUES = {
    "int": ["0", "00000001", "99999999999999999999", "9223372036854775808", "2147483648"],
    "slug": ["-", "_", "x" * 3000, "0", "a--b"],
    # <path:…> and <str:…> (the admin's object ids) take anything but an empty string (str: no slash).
    "path": ["abc", "99999999999999999999", "-1", "%00", "%ff", "..%2f..", "1.5", "%E2%80%AE1", "x" * 3000],
}
BAD_PATH_VALUES["str"] = [value for value in BAD_PATH_VALUES["path"] if "%2f" not in value]

# Query-string values, already percent-encoded where they must be.
BAD_VALUES = [
    "",
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "-99999999999999999999",
    "0",
    "1e400",
    "nan",
    "inf",
    "1.5",
    "0x10",
    "%00",
    "a%00b",
    "%ff",
    "%c3%28",
    "%ed%a0%80",
    "x" * 5000,
    "%E2%80%AE%E2%80%8F",
    "..%2f..%2fetc%2fpasswd",
    "%3Cscript%3E",
    "'%20OR%201=1--",
    "%F0%9F%92%A9",
    "\u202e",
    "%20%20",
]

BAD_HEADERS = [
    {"HTTP_HOST": "localhost:99999"},
    {"HTTP_HOST": "localhost:65536"},
    {"HTTP_HOST": "localhost:abc"},
    {"HTTP_HOST": "localhost:0"},
    {"HTTP_HOST": "[::1]:99999"},
    {"HTTP_HOST": "x" * 300},
    {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
    {"HTTP_ACCEPT_LANGUAGE": "zh-hans;q=abc, my;q=-1, *;q=1e400"},
    {"HTTP_ACCEPT_LANGUAGE": "../../etc, %00, \u202e"},
    {"HTTP_IF_MODIFIED_SINCE": "garbage"},
    {"HTTP_IF_MODIFIED_SINCE": "Sat, 29 Feb 99999 00:00:00 GMT"},
    {"HTTP_IF_MODIFIED_SINCE": "Tue, 15 Nov 1994 08:12:31 GMT"},
    {"HTTP_IF_NONE_MATCH": "garbage"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000},
    {"HTTP_IF_NONE_MATCH": "*", "HTTP_IF_MATCH": "W/garbage"},
    {"HTTP_IF_UNMODIFIED_SINCE": "garbage", "HTTP_IF_RANGE": "garbage"},
    {"HTTP_RANGE": "bytes=99999999999999999999-"},
    {"HTTP_ACCEPT_ENCODING": "gzip;q=abc, x" * 100},
    {"HTTP_COOKIE": "django_language=xx; sessionid=%00; csrftoken=" + "x" * 500},
    {"HTTP_COOKIE": "django_language=" + "x" * 5000},
    {"HTTP_USER_AGENT": "\u202e" + "x" * 5000},
    {"HTTP_X_FORWARDED_FOR": "not-an-address, 999.999.999.999", "HTTP_X_FORWARDED_PROTO": "gopher"},
]
METHODS = ["HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE"]


@dataclass
class Route:
    """One URL pattern as a path template: literal text and converter slots."""

    parts: list
    name: str
    is_admin: bool
    slots: list = field(default_factory=list)
    # The pattern without its language prefix: the three languages of one page share it.
    key: str = ""

    def fill(self, values):
        it = iter(values)
        return "/" + "".join(part if isinstance(part, str) else next(it) for part in self.parts)


def walk(patterns, parts=(), names=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, (*parts, pattern.pattern), names + (pattern.namespace or "",))
        elif isinstance(pattern, URLPattern):
            yield (*parts, pattern.pattern), ":".join(name for name in (*names, pattern.name or "") if name)


ROUTE_SLOT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
# The regex patterns the site has (django-reversion's and the admin's): a group and the converter it stands for.
REGEX_SLOT = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)|\((?P<body>[^)]*)\)|\.\*")


def parts_of(pattern, language):
    """The path pieces of one pattern: strings, and ("converter",) slots."""
    if isinstance(pattern, LocalePrefixPattern):
        return [f"{language}/"]
    if isinstance(pattern, RoutePattern):
        route, pieces, position = str(pattern), [], 0
        for match in ROUTE_SLOT.finditer(route):
            pieces += [route[position : match.start()], (match["converter"] or "str",)]
            position = match.end()
        return [*pieces, route[position:]]
    assert isinstance(pattern, RegexPattern), pattern
    regex, pieces, position = str(pattern).removeprefix("^").removesuffix("$"), [], 0
    for match in REGEX_SLOT.finditer(regex):
        slot = ("app_label",) if match["name"] == "app_label" else ("int",) if match["body"] == r"\d+" else ("str",)
        pieces += [regex[position : match.start()], slot]
        position = match.end()
    return [*pieces, regex[position:]]


def site_routes():
    """Every URL pattern of the site, the i18n ones once per language."""
    routes = []
    for chain, name in walk(get_resolver().url_patterns):
        localized = any(isinstance(pattern, LocalePrefixPattern) for pattern in chain)
        for language in LANGUAGES if localized else (None,):
            parts = [piece for pattern in chain for piece in parts_of(pattern, language)]
            parts = [piece for piece in parts if piece != ""]
            routes.append(
                Route(
                    parts,
                    name,
                    is_admin=str(chain[0]) == "admin/",
                    slots=[piece[0] for piece in parts if not isinstance(piece, str)],
                    key="".join(str(pattern) for pattern in chain if not isinstance(pattern, LocalePrefixPattern)),
                )
            )
    return routes


def query_parameters():
    """Every query parameter the public views read: their forms' and filters' fields, and pagination."""
    names = {"page"}
    names |= set(ProjectFilter.base_filters)
    for form in (SearchForm, StatsForm, ProgrammeViewForm):
        names |= set(form.base_fields)
    return sorted(names)


def admin_parameters(model_admin):
    """What an admin change list reads: paging, ordering, search, its filters, the popup and to-field switches."""
    names = ["p", "o", "q", "e", "_popup", "_to_field", "_changelist_filters", "all"]
    for list_filter in model_admin.list_filter:
        if isinstance(list_filter, str):
            names += [f"{list_filter}__exact", f"{list_filter}__id__exact", f"{list_filter}__gte"]
        elif isinstance(list_filter, tuple):
            names += [f"{list_filter[0]}__exact"]
        else:
            names += [getattr(list_filter, "parameter_name", None) or "filter"]
    return names


def build_data_set():
    """One published article, column, page, edition, session and project: the good ids and slugs."""
    from portal.models import Page

    article = make_article()
    draft = make_article(column=article.column, state="draft", published_at=None)
    edition = make_edition()
    session = make_register_session(edition)
    project = make_project(edition, session=session, investor=make_investor())
    page = Page.objects.create(
        slug="about",
        **{f"title_{suffix}": "About" for suffix in ("zh_hans", "en", "my")},
        **{f"body_{suffix}": "<p>About</p>" for suffix in ("zh_hans", "en", "my")},
    )
    return {
        "int": [str(article.pk), str(draft.pk), str(session.pk), str(project.pk)],
        "slug": [article.column.slug, edition.slug, page.slug],
        "str": [str(article.pk), str(project.pk), "1"],
        "path": [str(article.pk), str(project.pk), "1"],
        "app_label": ["news", "projects", "portal", "auth", "axes"],
    }


@pytest.fixture
def data_set(db):
    return build_data_set()


class Fuzzer:
    def __init__(self, client, rng):
        self.client, self.rng = client, rng
        self.failures, self.count = [], 0

    def request(self, method, path, **headers):
        self.count += 1
        response = self.client.generic(method, path, **headers)
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            reason = f"{error[0].__name__}: {error[1]}"[:300] if error else response.reason_phrase
            shown = {key: value[:80] for key, value in headers.items()}
            self.failures.append(f"{response.status_code} {method} {path[:200]} {shown} -> {reason}")
        return response


def good_paths(routes, good, rng, per_route):
    """Each route with good values in every slot (all combinations, sampled)."""
    paths = []
    for route in routes:
        combinations = list(product(*(good[slot] for slot in route.slots)))
        for values in rng.sample(combinations, min(per_route, len(combinations))):
            paths.append(route.fill(values))
    return paths


def one_language(routes, rng):
    """Each localized pattern once, in a language picked at random (the three share their views)."""
    chosen, seen = [], set()
    for route in rng.sample(routes, len(routes)):
        if route.key not in seen:
            seen.add(route.key)
            chosen.append(route)
    return chosen


def parameters_read_by(path):
    """The query parameters the view at `path` reads, from its filter set or forms; None for a view that reads none."""
    with translation.override(path.split("/")[1]):
        view = getattr(resolve(path).func, "view_class", None)
    reads = {
        "ProjectListView": [*ProjectFilter.base_filters, "page"],
        "ProjectExportView": list(ProjectFilter.base_filters),
        "SearchView": [*SearchForm.base_fields, "page"],
        "ProjectStatsView": list(StatsForm.base_fields),
        "EditionDetailView": list(ProgrammeViewForm.base_fields),
        "ColumnDetailView": ["page"],
    }
    return reads.get(getattr(view, "__name__", ""))


def test_fuzz_no_request_ends_in_a_server_error(data_set, django_user_model, settings):
    rng = random.Random(SEED)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    fuzz = Fuzzer(client, rng)
    routes = site_routes()
    public = [route for route in routes if not route.is_admin]
    sitemap = client.get("/sitemap.xml").content.decode()
    data_set["slug"] += sorted(set(re.findall(r"sitemap-([\w-]+)\.xml", sitemap)))
    assert len(public) >= 60 and data_set["slug"][3:], "the walk found too few patterns or sitemap sections"
    counts = {}

    # 1. Paths: every pattern (each language) with good values, then with bad ones that still match the converters.
    for path in good_paths(routes, data_set, rng, per_route=1):
        fuzz.request("GET", path)
    for route in routes:
        for _ in range(2 if route.slots else 0):
            values = [
                rng.choice(BAD_PATH_VALUES.get(slot, BAD_PATH_VALUES["str"]) + data_set[slot]) for slot in route.slots
            ]
            fuzz.request("GET", route.fill(values))
    for raw in ["/%ff/", "/zh-hans/%00/", "/zh-hans/news/%ff/", "/zh-hans/../../etc/passwd", "/en/news/1/%2e%2e/"]:
        fuzz.request("GET", raw)
    counts["paths"] = fuzz.count

    # 2. Query strings: every parameter the site reads, with a bad value, on every public page; then every bad value
    # of every parameter on the views that read it.
    parameters = query_parameters()
    pages = good_paths(one_language(public, rng), data_set, rng, per_route=1)
    for path in pages:
        for name in parameters:
            fuzz.request("GET", f"{path}?{name}={rng.choice(BAD_VALUES)}")
        # Arrays, repeats, names without values, everything at once.
        everything = "&".join(f"{name}={rng.choice(BAD_VALUES)}" for name in parameters)
        for query in [f"{rng.choice(parameters)}[]=1&a[]=", "page=1&page=2&page=%ff", "&&=&==", everything]:
            fuzz.request("GET", f"{path}?{query}")
    for path in pages:
        for name in parameters_read_by(path) or ():
            for value in BAD_VALUES if "export" not in path else rng.sample(BAD_VALUES, 6):
                fuzz.request("GET", f"{path}?{name}={value}")
    counts["query strings"] = fuzz.count - sum(counts.values())

    # 3. Headers and methods, without and then with the page cache (a hit answers conditional requests itself).
    for page_cache_seconds in (0, 60):
        settings.PAGE_CACHE_SECONDS = page_cache_seconds
        for path in pages:
            for headers in rng.sample(BAD_HEADERS, 6):
                fuzz.request("GET", path, **headers)
            for method in rng.sample(METHODS, 3):
                content_type = rng.choice(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"])
                fuzz.request(method, path, data="x=%00&csrfmiddlewaretoken=bad", content_type=content_type)
    for headers in BAD_HEADERS:
        fuzz.request("GET", "/zh-hans/feeds/latest.rss", **headers)
        fuzz.request("GET", "/admin/login/", **headers)
    counts["headers and methods"] = fuzz.count - sum(counts.values())

    # 4. The admin, logged in: change lists with bad parameters, change pages with bad ids, the login form itself.
    for payload in ["username=%00&password=x", "username=" + "x" * 5000 + "&password=x", "username[]=a&password[]=b"]:
        fuzz.request("POST", "/admin/login/", data=payload, content_type="application/x-www-form-urlencoded")
    client.force_login(django_user_model.objects.create_superuser("fuzz", password="a-long-fuzz-passphrase"))
    for model, model_admin in admin.site._registry.items():
        changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for name in admin_parameters(model_admin):
            fuzz.request("GET", f"{changelist}?{name}={rng.choice(BAD_VALUES)}")
        for value in rng.sample(BAD_PATH_VALUES["str"], 2):
            fuzz.request("GET", f"{changelist}{value}/change/")
        fuzz.request("POST", changelist, data="action=delete_selected&_selected_action=%00", content_type="text/plain")
    counts["admin"] = fuzz.count - sum(counts.values())

    print(f"fuzz: {fuzz.count} requests {counts}, {len(fuzz.failures)} server errors")
    assert fuzz.failures == [], "\n".join([f"{len(fuzz.failures)} server errors:", *fuzz.failures])


@pytest.mark.urls("tests.portal.test_errors")
def test_fuzz_reports_each_server_error_with_its_exception(db):
    fuzz = Fuzzer(Client(raise_request_exception=False), random.Random(SEED))
    fuzz.request("GET", "/broken/")
    fuzz.request("GET", "/zh-hans/")
    assert fuzz.count == 2
    assert fuzz.failures == ["500 GET /broken/ {} -> RuntimeError: a bug the reader must never see"]
