import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(transactional_db, demo):
    """The session's demo (tests/conftest.py), committed so that the live server's thread sees it."""


@pytest.mark.parametrize(
    ("language", "lang", "site_name"),
    [
        ("zh-hans", "zh-Hans", "临沧新闻门户（演示）"),
        ("en", "en", "Lincang News Portal (demo)"),
        ("my", "my", "လင်ချန်း သတင်းပေါ်တယ် (နမူနာ)"),
    ],
)
def test_home_page_loads_in_each_language(demo_site, browser_page, language, lang, site_name):
    errors = []
    browser_page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    browser_page.goto(f"/{language}/")
    assert browser_page.locator("html").get_attribute("lang") == lang
    assert browser_page.locator(".site-name").inner_text() == site_name
    assert errors == []  # CSP violations and failed loads show up here


def test_language_switcher_keeps_the_page(demo_site, browser_page):
    browser_page.goto("/zh-hans/pages/about/")
    browser_page.click("[data-language=my]")
    browser_page.wait_for_url("**/my/pages/about/")
    assert browser_page.locator("h1").inner_text() == "ကျွန်ုပ်တို့အကြောင်း"
    browser_page.click("[data-language=en]")
    browser_page.wait_for_url("**/en/pages/about/")
    assert browser_page.locator("h1").inner_text() == "About us"


@pytest.mark.parametrize("language", ["zh-hans", "en", "my"])
def test_nothing_overflows_a_360px_phone(demo_site, browser_page, language):
    for path in ["/", "/pages/about/", "/events/", "/projects/"]:
        browser_page.goto(f"/{language}{path}")
        scroll_width = browser_page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 360, f"{language}{path} is {scroll_width}px wide"


def test_burmese_text_is_rendered_with_a_myanmar_font(demo_site, browser_page):
    browser_page.goto("/my/")
    line_height = browser_page.evaluate(
        "parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize)"
    )
    assert line_height >= 1.8
    assert browser_page.evaluate("getComputedStyle(document.body).textAlign") != "justify"
