"""In a phone-sized browser: filter the register, then read its statistics."""

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def register_loaded(transactional_db, demo):
    """The demo with its programme and register (tests/conftest.py), put in before the browser starts, on the test
    thread's own connection, and committed so that the live server's thread sees it."""


def test_phone_reader_filters_the_register_and_opens_statistics(register_loaded, browser_page):
    page = browser_page
    page.goto("/en/projects/")
    page.select_option("#id_band", "10bn")
    page.select_option("#id_sort", "-amount")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/en/projects/?*band=10bn*")
    rows = page.locator("table.project-table tbody tr")
    assert rows.count() == 6
    assert "billion" in rows.first.locator("td.num").inner_text()

    page.get_by_role("link", name="Statistics of the register").click()
    page.wait_for_url("**/en/projects/stats/")
    assert page.locator("h1").inner_text().startswith("Register statistics")
    assert "382 projects" in page.locator("p.lead").inner_text()
    chart = page.locator("figure.chart").first
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
