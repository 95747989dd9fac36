"""In a real browser: the edition page switches its programme between by day and by theme."""

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def programme_page(browser_page):
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    errors = []
    browser_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    browser_page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
    return browser_page, errors


def headings(page):
    return page.locator("section.programme h3").all_inner_texts()


# `demo` comes first: once Playwright's event loop runs, Django code in this thread gets a connection of its own
# that nothing closes, and PostgreSQL then refuses to drop the test database.
def test_programme_switches_between_by_day_and_by_theme(demo, live_server, programme_page):
    page, errors = programme_page
    page.goto(f"{live_server.url}/en/events/2023-yunnan/")
    assert page.locator("[data-view=day]").get_attribute("aria-current") == "true"
    assert headings(page) == [
        "3 September 2023 Sunday",
        "4 September 2023 Monday",
        "5 September 2023 Tuesday",
    ]
    assert page.locator("li.session").count() == 21

    page.click("[data-view=theme]")
    page.wait_for_url("**view=theme")
    assert page.locator("[data-view=theme]").get_attribute("aria-current") == "true"
    by_theme = headings(page)
    assert by_theme[0] == "Main activity"
    assert by_theme[-1] == "Extension activities"
    assert len(by_theme) == 9
    assert by_theme[1] == "Collaboration between industry, universities and research institutes"
    assert page.locator("li.session").count() == 21

    page.click("[data-view=day]")
    page.wait_for_url("**view=day")
    assert headings(page)[0] == "3 September 2023 Sunday"
    assert errors == []
