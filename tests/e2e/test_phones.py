"""Readers on a phone (issue 14): the demo at 360 px and 1280 px in the three languages, in headless Chromium.

The header folds into a menu button, tables become one card per row, chart labels wrap instead of being cut, and a
session's title is on the first screen.
"""

import pytest
from django.utils import translation

from news.models import Article
from projects.models import Edition, Session

pytestmark = pytest.mark.e2e

LANGUAGES = ["zh-hans", "en", "my"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
HEADER_LIMIT = 120

# Cells whose text box is narrower than two characters of their own font: Chinese broke one character per line.
NARROW_CELLS = """() => [...document.querySelectorAll('td, th')].filter(cell => cell.checkVisibility() && cell.textContent.trim())
  .map(cell => {
    const style = getComputedStyle(cell);
    const text = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return {text: cell.textContent.trim().slice(0, 40), width: text, limit: 2 * parseFloat(style.fontSize)};
  }).filter(cell => cell.width < cell.limit)"""

# A label is cut when its text is wider or taller than its box, or its box leaves the chart's figure or the page.
CUT_LABELS = """() => [...document.querySelectorAll('figure.chart')].flatMap(figure => {
  const frame = figure.getBoundingClientRect();
  return [...figure.querySelectorAll('.bar-label')].map(label => {
    const box = label.getBoundingClientRect();
    return {
      text: label.textContent, fontSize: parseFloat(getComputedStyle(label).fontSize),
      cut: label.scrollWidth > label.clientWidth || label.scrollHeight > label.clientHeight + 1
        || box.left < frame.left || box.right > frame.right + 0.5 || box.right > window.innerWidth,
    };
  });
})"""


@pytest.fixture
def demo_site(transactional_db, demo):
    """The session's demo (tests/conftest.py), committed so that the live server's thread sees it."""


@pytest.fixture
def open_page(chromium, live_server):
    """A new page at the given viewport; JavaScript can be switched off."""
    contexts = []

    def opener(viewport, javascript=True):
        context = chromium.new_context(viewport=viewport, base_url=live_server.url, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.console_errors = errors  # CSP violations and failed loads show up here
        return page

    yield opener
    for context in contexts:
        context.close()


def longest_session(language):
    """The published session whose title takes the most room in `language`."""
    with translation.override(language):
        sessions = list(Session.objects.published(language).with_theme())
        session = max(sessions, key=lambda item: (len(item.title), item.pk))
        return session.get_absolute_url()


def reader_pages(language):
    with translation.override(language):
        edition = Edition.objects.published(language).first()
        article = Article.objects.published(language).newest_first().first()
        return {
            "register": f"/{language}/projects/",
            "statistics": f"/{language}/projects/stats/",
            "edition": edition.get_absolute_url(),
            "session": longest_session(language),
            "article": article.get_absolute_url(),
        }


def header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_folds_into_a_menu_button_on_a_phone(demo_site, open_page, language):
    page = open_page(PHONE)
    page.goto(f"/{language}/")
    button = page.locator(".menu-toggle")
    assert header_height(page) <= HEADER_LIMIT
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator("#" + button.get_attribute("aria-controls")).is_hidden()
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".site-search").is_hidden()
    assert page.console_errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_shows_the_whole_navigation_on_a_desktop(demo_site, open_page, language):
    page = open_page(DESKTOP)
    page.goto(f"/{language}/")
    assert page.locator(".menu-toggle").is_hidden()
    assert page.locator(".site-nav").is_visible()
    assert page.locator(".site-search").is_visible()
    # The columns stay on one row beside each other.
    assert page.evaluate("document.querySelector('.site-nav').getBoundingClientRect().height") < 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_button_opens_and_closes_by_mouse(demo_site, open_page, language):
    page = open_page(PHONE)
    page.goto(f"/{language}/")
    button = page.locator(".menu-toggle")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".site-nav").is_visible()
    assert page.locator(".site-search").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # Every column is a link the reader can follow from the open menu.
    page.locator(".site-nav a").last.click()
    page.wait_for_url(f"**/{language}/projects/")
    button = page.locator(".menu-toggle")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    button.click()
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-nav").is_hidden()


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_button_opens_and_closes_by_keyboard(demo_site, open_page, language):
    page = open_page(PHONE)
    page.goto(f"/{language}/")
    button = page.locator(".menu-toggle")
    for _press in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('menu-toggle')"):
            break
    else:
        pytest.fail("Tab never reached the menu button")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".site-nav").is_visible()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-nav").is_hidden()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "true"
    # The next Tab goes into the open menu; Escape closes it and brings the focus back to the button.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#site-menu')")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.locator(".site-nav").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")


def test_menu_stays_open_without_javascript(demo_site, open_page):
    page = open_page(PHONE, javascript=False)
    page.goto("/en/")
    assert page.locator(".menu-toggle").is_hidden()
    assert page.locator(".site-nav").is_visible()
    assert page.locator(".site-search").is_visible()


@VIEWPORTS
@pytest.mark.parametrize("language", LANGUAGES)
def test_reader_pages_fit_the_width_with_readable_cells(demo_site, open_page, language, viewport):
    page = open_page(viewport)
    problems = []
    for name, path in reader_pages(language).items():
        response = page.goto(path)
        assert response.status == 200, path
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if scroll_width > inner_width:
            problems.append(f"{name} {path}: {scroll_width}px wide in {inner_width}px")
        problems += [f"{name} {path}: cell {cell}" for cell in page.evaluate(NARROW_CELLS)]
    assert problems == []
    assert page.console_errors == []


@VIEWPORTS
@pytest.mark.parametrize("language", LANGUAGES)
def test_register_tables_are_read_without_scrolling_sideways(demo_site, open_page, language, viewport):
    page = open_page(viewport)
    for path in (f"/{language}/projects/", f"/{language}/projects/stats/"):
        page.goto(path)
        tables = page.evaluate(
            "[...document.querySelectorAll('main table')].map(t => [t.scrollWidth, t.parentElement.clientWidth])"
        )
        assert len(tables) >= 1
        assert all(width <= room for width, room in tables), (path, tables)
    # Where a table could still scroll (between the two widths), its region is focusable and named (axe's
    # scrollable-region-focusable).
    regions = page.evaluate(
        """[...document.querySelectorAll('.table-scroll')].map(region => [region.tabIndex,
        document.getElementById(region.getAttribute('aria-labelledby'))?.textContent.trim() || ''])"""
    )
    assert regions and all(index == 0 and name for index, name in regions), regions


@VIEWPORTS
@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_labels_are_never_cut(demo_site, open_page, language, viewport):
    page = open_page(viewport)
    page.goto(f"/{language}/projects/stats/")
    labels = page.evaluate(CUT_LABELS)
    assert len(labels) >= 10
    assert [label["text"] for label in labels if label["cut"]] == []
    assert min(label["fontSize"] for label in labels) >= 13
    # Each bar stays inside its chart.
    assert page.evaluate(
        """[...document.querySelectorAll('figure.chart')].every(figure => [...figure.querySelectorAll('svg')]
        .every(bar => bar.getBoundingClientRect().right <= figure.getBoundingClientRect().right + 0.5))"""
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_session_title_is_on_the_first_screen(demo_site, open_page, language):
    page = open_page(PHONE)
    page.goto(longest_session(language))
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.querySelector('h1').getBoundingClientRect().bottom") <= PHONE["height"]


def test_burmese_links_pass_beneath_stacked_vowels(demo_site, open_page):
    page = open_page({"width": 360, "height": 740})
    page.goto("/my/")
    link = page.locator("main a").first
    style = link.evaluate(
        "element => { const s = getComputedStyle(element); "
        "return [s.textUnderlineOffset, s.textDecorationSkipInk, parseFloat(s.fontSize)]; }"
    )
    offset, skip_ink, font_size = style
    # Below the lowest medials and vowels (about a third of the font size under the baseline), never through them.
    assert skip_ink == "auto"
    assert offset.endswith("px") and float(offset[:-2]) >= 0.3 * font_size
    chinese = open_page({"width": 360, "height": 740})
    chinese.goto("/zh-hans/")
    assert chinese.locator("main a").first.evaluate("e => getComputedStyle(e).textUnderlineOffset") == "auto"
