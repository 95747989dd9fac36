"""Large print and the article's tools in headless Chromium: a reader's choice stays in the browser, the page stays
the same for everyone, and the article prints alone."""

import re

import pytest
from django.utils import timezone
from django.utils.translation import override

from news.models import Article

pytestmark = pytest.mark.e2e

# The computed styles the large print changes, read from the page.
STYLES_SCRIPT = """() => {
  const body = getComputedStyle(document.body);
  const meta = getComputedStyle(document.querySelector('.meta, .today'));
  return {
    rootSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    bodySize: parseFloat(body.fontSize),
    lineHeight: parseFloat(body.lineHeight) / parseFloat(body.fontSize),
    mutedColor: meta.color,
  };
}"""


@pytest.fixture
def demo_site(transactional_db, demo):
    """The session's demo (tests/conftest.py), committed so that the live server's thread sees it."""


def contrast_with_white(css_color):
    """WCAG contrast ratio of an `rgb(r, g, b)` colour against white."""
    channels = [int(value) / 255 for value in re.findall(r"\d+", css_color)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def newest_article(language="en"):
    """The newest article in `language`, and its path in that language."""
    article = Article.objects.published(language).newest_first().first()
    with override(language):
        return article, article.get_absolute_url()


@pytest.mark.parametrize(("language", "label"), [("zh-hans", "大字版"), ("en", "Large print"), ("my", "စာလုံးကြီး")])
def test_large_print_switch_is_remembered_without_a_cookie(demo_site, browser_page, language, label):
    page = browser_page
    first = page.goto(f"/{language}/")
    html_before = first.body()
    before = page.evaluate(STYLES_SCRIPT)
    switch = page.locator(".topbar").get_by_role("button", name=label)
    assert switch.get_attribute("aria-pressed") == "false"

    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.classList.contains('large-print')")

    again = page.reload()
    assert page.evaluate("document.documentElement.classList.contains('large-print')")
    assert page.locator(".topbar").get_by_role("button", name=label).get_attribute("aria-pressed") == "true"
    after = page.evaluate(STYLES_SCRIPT)
    # The page's HTML does not know the reader's choice: the same bytes are served with the mode on.
    assert again.body() == html_before
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.getItem('portal:large-print')") == "on"

    assert after["rootSize"] == before["rootSize"] * 1.25 == 20
    assert after["bodySize"] == 20
    assert after["lineHeight"] > before["lineHeight"]
    assert after["lineHeight"] >= 2
    assert contrast_with_white(after["mutedColor"]) >= 7 > contrast_with_white(before["mutedColor"])

    # Off again, and it stays off.
    page.locator(".topbar").get_by_role("button", name=label).click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('large-print')")
    assert page.evaluate(STYLES_SCRIPT) == before


def test_large_print_is_applied_before_the_first_paint(demo_site, browser_page):
    """The stored choice is on <html> before the body is parsed: a script at the body's start already sees it."""
    page = browser_page
    page.goto("/en/")
    page.evaluate("localStorage.setItem('portal:large-print', 'on')")
    seen = []
    page.on("console", lambda message: seen.append(message.text))
    page.add_init_script(
        "new MutationObserver((changes, observer) => { if (document.body) { observer.disconnect(); "
        "console.log('body ' + document.documentElement.className); } })"
        ".observe(document, {childList: true, subtree: true});"
    )
    page.reload()
    body_line = next(line for line in seen if line.startswith("body "))
    assert "large-print" in body_line.split()


def test_article_page_with_large_print_is_the_cached_page(demo_site, browser_page, page_cache):
    """With the page cache on, the article is stored for everyone (no nonce, no cookie) and served from it with the
    reader's large print on."""
    page = browser_page
    _article, path = newest_article()
    page.goto(path)  # an article is written to the page cache when read again
    html_before = page.goto(path).body()
    page.locator(".topbar").get_by_role("button", name="Large print").click()
    again = page.reload()
    assert again.headers.get("x-page-cache") == "hit"
    assert again.body() == html_before
    assert page.evaluate("document.documentElement.classList.contains('large-print')")


def test_article_text_size_steps_up_and_down_and_is_remembered(demo_site, browser_page):
    page = browser_page
    page.goto(newest_article()[1])
    body_size = "() => parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)"
    larger = page.get_by_role("button", name="Larger text")
    smaller = page.get_by_role("button", name="Smaller text")
    assert page.evaluate(body_size) == 17
    assert smaller.is_disabled()

    sizes = []
    for _ in range(3):
        larger.click()
        sizes.append(page.evaluate(body_size))
    assert sizes == [20, 24, 28]
    assert larger.is_disabled()

    page.reload()
    assert page.evaluate(body_size) == 28
    page.get_by_role("button", name="Smaller text").click()
    assert page.evaluate(body_size) == 24
    assert page.context.cookies() == []


def test_copy_link_puts_the_address_on_the_clipboard_and_says_so(demo_site, chromium, live_server):
    article, path = newest_article("zh-hans")
    context = chromium.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    try:
        page.goto(path)
        status = page.locator("#copy-link-status")
        assert status.is_hidden()
        page.get_by_role("button", name="复制链接").click()
        page.wait_for_function("document.getElementById('copy-link-status').textContent !== ''")
        assert status.inner_text() == "链接已复制。"
        assert status.is_visible()
        assert page.evaluate("navigator.clipboard.readText()") == live_server.url + path
    finally:
        context.close()


def test_print_shows_the_article_alone_with_its_address_and_date(demo_site, browser_page, live_server):
    page = browser_page
    article, path = newest_article()
    page.goto(path)
    address = page.locator(".article-address")
    assert address.is_hidden()
    assert page.locator(".site-header").is_visible()

    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", ".breadcrumb", ".article-tools", ".related", ".article-neighbours"]:
        assert page.locator(hidden).first.is_hidden() or page.locator(hidden).count() == 0, hidden
    assert page.locator(".related").count() == 1, "the demo's newest article has related articles to hide"
    assert address.is_visible()
    assert address.inner_text() == f"Address of this article: {live_server.url}{path}"
    published = page.locator(".article .meta time")
    assert published.is_visible()
    assert published.inner_text() == timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")
    assert page.locator(".article-body").is_visible()
    qr_code = page.locator(".article-qr img.qr-code")
    assert qr_code.is_visible()
    # The QR code is an image of its own (news.views.ArticleQrCodeView): it must have loaded, for the printout.
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
