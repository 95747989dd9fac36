"""axe-core in headless Chromium: every kind of public page, in the three languages, on a phone and a desktop.

axe comes from the copy in tests/e2e/vendor/axe-core/ (its README says which version and from where), never from
the network. The pages keep their real Content-Security-Policy while it runs: `page.add_script_tag(path=...)` would
put axe's source into an inline <script>, which the policy (script-src 'self' + nonce) refuses, so the source is
run with `page.evaluate` instead, through the DevTools protocol, which the page's CSP does not govern.
"""

from pathlib import Path

import pytest
from django.utils.translation import override

from news.models import Article, Column
from portal.models import Page
from projects.models import Edition, Session, SignedProject

pytestmark = pytest.mark.e2e

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")

# WCAG 2.1 A and AA, and axe's best practices; `region` and the like are part of them.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(violation => ({
    id: violation.id, impact: violation.impact, help: violation.help,
    nodes: violation.nodes.map(node => node.target.join(' ')),
  }));
}"""

# Nothing is excused: every page type must be free of violations.
EXCUSED = {}


@pytest.fixture
def demo_site(transactional_db, demo):
    """The session's demo (tests/conftest.py), committed so that the live server's thread sees it."""


def page_paths(language):
    """One path for each kind of public page, with content that exists in `language`."""
    article = Article.objects.published(language).newest_first().first()
    column = Column.objects.filter(pk=article.column_id).get()
    page = Page.objects.published(language).first()
    edition = Edition.objects.published(language).first()
    session = Session.objects.published(language).filter(edition=edition).first()
    project = SignedProject.objects.published(language).first()
    assert None not in (article, page, edition, session, project), "the demo has every kind of page"
    # A word of the article's own title, so that the search finds something.
    word = getattr(article, f"title_{language.replace('-', '_')}")[:2]
    prefix = f"/{language}"
    with override(language):
        return {
            "home": f"{prefix}/",
            "column": column.get_absolute_url(),
            "article": article.get_absolute_url(),
            "search": f"{prefix}/search/?q={word}",
            "simple page": page.get_absolute_url(),
            "edition by day": edition.get_absolute_url(),
            "edition by theme": f"{edition.get_absolute_url()}?view=theme",
            "session": session.get_absolute_url(),
            "register": f"{prefix}/projects/",
            "project": project.get_absolute_url(),
            "statistics": f"{prefix}/projects/stats/",
            "not found": f"{prefix}/no-such-page/",
        }


def axe_violations(page):
    page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE)


def is_excused(kind, violation):
    boxes = EXCUSED.get((kind, violation["id"]))
    return boxes is not None and all(boxes in node for node in violation["nodes"])


def walk(page, paths):
    """Every page's violations, one line each, but the excused."""
    problems = []
    for kind, path in paths.items():
        response = page.goto(path)
        assert response.status == (404 if kind == "not found" else 200), path
        if kind == "search":
            assert page.locator(".search-results li time").count() > 0, "the search finds the article"
        for violation in axe_violations(page):
            if not is_excused(kind, violation):
                problems.append(f"{kind} {path}: {violation['id']} ({violation['impact']}) at {violation['nodes']}")
    return problems


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_axe_finds_no_violation_on_any_kind_of_page(demo_site, chromium, live_server, language, width):
    paths = page_paths(language)
    context = chromium.new_context(viewport={"width": width, "height": 800}, base_url=live_server.url)
    try:
        problems = walk(context.new_page(), paths)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("language", "width"), [("en", 360), ("my", 1280)])
def test_axe_finds_no_violation_with_large_print_and_the_largest_article_text(
    demo_site, chromium, live_server, language, width
):
    """The reader's choices (tests/e2e/test_reading.py) change sizes and colours: the pages stay accessible."""
    paths = page_paths(language)
    context = chromium.new_context(viewport={"width": width, "height": 800}, base_url=live_server.url)
    context.add_init_script(
        "localStorage.setItem('portal:large-print', 'on'); localStorage.setItem('portal:article-text-step', '3');"
    )
    try:
        page = context.new_page()
        problems = walk(page, paths)
        assert page.evaluate("document.documentElement.className") == "js large-print text-step-3"
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_axe_reports_a_violation_it_is_shown(demo_site, chromium, live_server):
    """The check can fail: an image without a text alternative, added to a real page, is reported."""
    context = chromium.new_context(viewport={"width": 360, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/en/")
        page.evaluate(
            "document.querySelector('main').append(Object.assign(new Image(1, 1), {src: '/static/favicon.svg'}))"
        )
        violations = axe_violations(page)
    finally:
        context.close()
    assert [violation["id"] for violation in violations] == ["image-alt"]
