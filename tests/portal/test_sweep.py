"""One walk over every public page in the three languages, checking everything each page owes its readers.

Each page is fetched once and goes through every check below; the problems of all pages are collected and reported
together, one line per URL and problem, so one run shows everything that is wrong. The checks used to be eleven
walks of their own (sweep, metadata, foreign hosts, sitemap alternates); their helpers stay in those test modules.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from news.models import Article, Column
from portal.models import Page
from projects.models import Edition, Session, SignedProject
from tests.factories import make_article, make_column, make_edition, make_project, make_session
from tests.html import han_outside_chinese_elements, tags
from tests.portal.test_chrome import EXTERNAL, loaded_resources
from tests.portal.test_metadata import breadcrumbs, link, meta
from tests.portal.test_sitemaps import entries

LANGUAGES = {"zh-hans": "zh-Hans", "en": "en", "my": "my"}
LOCALES = {"zh-hans": "zh_CN", "en": "en_US", "my": "my_MM"}
SITEMAP_SECTIONS = ("pages", "site-pages", "articles", "columns", "editions", "sessions", "projects")
# Measured in this walk (fragments shared between pages are cached by then): most pages need 6 queries, the register
# statistics 7. A list that starts querying per row (article, session, project) goes past this.
MAX_QUERIES = 10
# Signed projects' pages are one template over one table, and the demo register has hundreds of them: most of the
# walk's time. The walk reads the first and last of them by key, and every project the test adds.
PROJECTS_SAMPLED = 10


def public_urls(language):
    """Every public page that exists in `language`."""
    with translation.override(language):
        urls = [
            reverse("home"),
            reverse("projects:edition-list"),
            reverse("projects:project-list"),
            reverse("projects:project-stats"),
            reverse("search") + "?q=" + {"zh-hans": "云南", "en": "Yunnan", "my": "ယူနန်"}[language],
        ]
        urls += [column.get_absolute_url() for column in Column.objects.all()]
        urls += [page.get_absolute_url() for page in Page.objects.published()]
        urls += [article.get_absolute_url() for article in Article.objects.published()]
        urls += [edition.get_absolute_url() for edition in Edition.objects.published()]
        urls += [f"{edition.get_absolute_url()}?view=theme" for edition in Edition.objects.published()]
        urls += [session.get_absolute_url() for session in Session.objects.published().select_related("edition")]
        urls += [project.get_absolute_url() for project in SignedProject.objects.published()]
    return urls


def unsampled_projects(demo_projects):
    """The page URLs, in every language, of the demo's projects the walk leaves out (PROJECTS_SAMPLED)."""
    left_out = demo_projects[PROJECTS_SAMPLED:-PROJECTS_SAMPLED]
    urls = set()
    for language in LANGUAGES:
        with translation.override(language):
            urls.update(project.get_absolute_url() for project in left_out)
    return urls


@dataclass
class Visit:
    """One page as the walk fetched it."""

    url: str
    language: str
    response: object
    queries: int
    alternates: dict | None  # {hreflang: href} the sitemap lists for this page, None when it is not in the sitemap

    @cached_property
    def html(self):
        return self.response.content.decode()

    @cached_property
    def absolute(self):
        # A view switch such as ?view=theme is the same page: its canonical URL has no query string.
        return f"http://testserver{self.url.split('?')[0]}"


def check_status_and_queries(visit):
    if visit.response.status_code != 200:
        return [f"status {visit.response.status_code}"]
    if visit.queries > MAX_QUERIES:
        return [f"{visit.queries} queries (at most {MAX_QUERIES})"]
    return []


def check_headings_language_and_policy(visit):
    problems = []
    if len(tags(visit.html, "h1")) != 1:
        problems.append(f"{len(tags(visit.html, 'h1'))} <h1> elements")
    if tags(visit.html, "html")[0].get("lang") != LANGUAGES[visit.language]:
        problems.append(f"<html lang={tags(visit.html, 'html')[0].get('lang')!r}>")
    hreflangs = {
        attrs["hreflang"]
        for attrs in tags(visit.html, "link")
        if attrs.get("rel") == "alternate" and "hreflang" in attrs
    }
    if not {LANGUAGES[visit.language], "x-default"} <= hreflangs:
        problems.append(f"hreflang {sorted(hreflangs)}")
    policy = visit.response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in policy or "unsafe-inline" in policy:
        problems.append(f"Content-Security-Policy {policy!r}")
    return problems


def check_search_box_in_the_header(visit):
    # Every page offers the search of its own language.
    forms = [attrs for attrs in tags(visit.html, "form") if attrs.get("class") == "site-search"]
    expected = f"/{visit.language}/search/"
    return [] if [form.get("action") for form in forms] == [expected] else [f"search forms {forms}"]


def check_burmese_shows_no_chinese(visit):
    if visit.language != "my":
        return []
    han = han_outside_chinese_elements(visit.html)
    return [f"Han characters outside lang=zh-Hans: {''.join(han)}"] if han else []


def check_nothing_from_another_host(visit):
    foreign = [resource for resource in loaded_resources(visit.html) if resource.startswith(EXTERNAL)]
    return [f"loads from another host: {foreign}"] if foreign else []


def check_metadata(visit):
    found = meta(visit.html)
    expected = {
        "canonical": ([attrs["href"] for attrs in link(visit.html, "canonical")], [visit.absolute]),
        "og:url": (found.get("og:url"), visit.absolute),
        "twitter:title": (found.get("twitter:title"), found.get("og:title")),
        "og:description": (found.get("og:description"), found.get("description")),
        "twitter:description": (found.get("twitter:description"), found.get("description")),
        "twitter:card": (found.get("twitter:card"), "summary_large_image"),
        "og:locale": (found.get("og:locale"), LOCALES[visit.language]),
    }
    problems = [
        f"{name} is {actual!r}, not {wanted!r}" for name, (actual, wanted) in expected.items() if actual != wanted
    ]
    for name in ("description", "og:title"):
        if not found.get(name):
            problems.append(f"no {name}")
    if not (found.get("og:image") or "").startswith("http://testserver/"):
        problems.append(f"og:image {found.get('og:image')!r}")
    for kind in ("rss", "atom"):
        if not link(visit.html, "alternate", type=f"application/{kind}+xml"):
            problems.append(f"no {kind} feed advertised")
    trails = breadcrumbs(visit.html)
    if len(trails) != 1:
        return [*problems, f"{len(trails)} BreadcrumbList blocks"]
    items = trails[0]["itemListElement"]
    if [item["position"] for item in items] != list(range(1, len(items) + 1)):
        problems.append(f"breadcrumb positions {[item['position'] for item in items]}")
    if items[0]["item"] != f"http://testserver/{visit.language}/":
        problems.append(f"breadcrumb starts at {items[0]['item']}")
    if not items[-1]["item"].startswith("http://testserver/"):
        problems.append(f"breadcrumb ends at {items[-1]['item']}")
    return problems


def check_sitemap_alternates(visit):
    """The page's hreflang links are exactly the alternates the sitemap lists for it."""
    if visit.alternates is None:
        return []
    links = {
        attrs["hreflang"]: attrs["href"]
        for attrs in tags(visit.html, "link")
        if attrs.get("rel") == "alternate" and "hreflang" in attrs
    }
    return [] if links == visit.alternates else [f"hreflang {links} but the sitemap says {visit.alternates}"]


CHECKS = [
    check_status_and_queries,
    check_headings_language_and_policy,
    check_search_box_in_the_header,
    check_burmese_shows_no_chinese,
    check_nothing_from_another_host,
    check_metadata,
    check_sitemap_alternates,
]


def test_every_public_page_passes_every_check(client, demo):
    demo_projects = list(SignedProject.objects.order_by("pk"))
    # Besides the demo: content missing in one language, so that alternates have something to leave out.
    column = make_column()
    make_article(column=column, is_ready_my=False)
    make_article(column=column, is_ready_zh_hans=False)
    make_project(name_en="", is_ready_en=True)
    make_session(edition=make_edition(), title_my="")

    in_sitemap = {}
    for section in SITEMAP_SECTIONS:
        for location, alternates in entries(client, section).items():
            in_sitemap[location.removeprefix("http://testserver")] = alternates
    every_page = {url: language for language in LANGUAGES for url in public_urls(language)}
    assert len(every_page) >= 150 and len(in_sitemap) >= 60, (len(every_page), len(in_sitemap))
    # The sitemap lists no page that the walk would not find from the database.
    assert sorted(set(in_sitemap) - set(every_page)) == []
    left_out = unsampled_projects(demo_projects)
    walk = {url: language for url, language in every_page.items() if url not in left_out}
    assert len(walk) >= 150, len(walk)

    problems = defaultdict(list)
    for url, language in walk.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        visit = Visit(url, language, response, len(queries), in_sitemap.get(url))
        if response.status_code != 200:
            problems[url] += check_status_and_queries(visit)
            continue
        for check in CHECKS:
            problems[url] += check(visit)
    report = [f"{url}: {problem}" for url, found in problems.items() for problem in found]
    assert report == [], "\n".join(report)
