"""Page weight and layout stability in headless Chromium: the home page and an article, on a phone and a desktop.

The live server does not compress, so the sizes measured here (encoded bodies of the document, CSS, JS and fonts) are
an upper bound of what a reader downloads through whitenoise's gzip and the page's own compression.
"""

from urllib.parse import urlparse

import pytest

from news.models import Article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WEIGHT_LIMIT = 150 * 1024

SIZES_SCRIPT = """() => {
  const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
  return entries.map(entry => ({
    name: entry.name, type: entry.initiatorType, bytes: entry.encodedBodySize || entry.transferSize || 0,
  }));
}"""

# Layout shifts are reported to a buffered observer; what the reader caused (input) does not count.
SHIFT_SCRIPT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 300);
})"""

IMAGES_SCRIPT = """() => [...document.images].map(img => ({
  src: img.currentSrc || img.src, width: img.getAttribute('width'), height: img.getAttribute('height'),
  loading: img.getAttribute('loading'), lead: !!img.closest('.article-cover'),
}))"""


@pytest.fixture
def demo_site(transactional_db, demo):
    """The session's demo (tests/conftest.py), committed so that the live server's thread sees it."""


def article_with_cover():
    return Article.objects.published("zh-hans").filter(cover__isnull=False).newest_first().first()


def load(page, path, live_server):
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(urlparse(request.url).netloc))
    page.goto(path, wait_until="load")
    # Let lazy pictures below the fold load too, as a reader scrolling down would.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert requested_hosts == {urlparse(live_server.url).netloc}, "the page must not contact another host"
    return page.evaluate(SIZES_SCRIPT)


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 667}, {"width": 1280, "height": 900}])
@pytest.mark.parametrize("which", ["home", "burmese home", "article"])
def test_pages_stay_light_and_images_do_not_shift_the_layout(demo_site, chromium, live_server, viewport, which):
    article = article_with_cover()
    assert article is not None, "the demo has an article with a cover picture"
    path = {"home": "/zh-hans/", "burmese home": "/my/", "article": article.get_absolute_url()}[which]
    context = chromium.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    try:
        entries = load(page, path, live_server)
        weight = sum(entry["bytes"] for entry in entries if entry["type"] in ("navigation", "link", "script", "css"))
        fonts = sum(entry["bytes"] for entry in entries if entry["name"].endswith(".woff2"))
        assert weight + fonts < WEIGHT_LIMIT, entries
        # The subset Burmese font is fetched only for Burmese text (unicode-range), and only where the reader's
        # system has no Myanmar font of its own.
        if which != "burmese home":
            assert fonts == 0, entries
        assert page.evaluate(SHIFT_SCRIPT) < 0.01
        images = page.evaluate(IMAGES_SCRIPT)
        if which == "article":
            assert any(image["lead"] for image in images)
        for image in images:
            assert image["width"] and image["height"], image
            assert image["lead"] or image["loading"] == "lazy", image
    finally:
        context.close()


def test_no_javascript_framework_is_loaded(demo_site, browser_page, live_server):
    entries = load(browser_page, "/en/", live_server)
    scripts = [entry for entry in entries if entry["name"].endswith(".js")]
    assert sum(entry["bytes"] for entry in scripts) < 10 * 1024, scripts
