"""In a phone-sized browser: filter the register, then read its statistics."""

import os
import shutil

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def phone_page(live_server):
    """A 360 px wide page in Debian's Chromium; skipped without a browser unless CI requires one."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs chromium at {CHROMIUM} for the browser tests.")
        pytest.skip("No chromium found; browser tests skipped on this machine.")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
            yield context.new_page()
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def test_phone_reader_filters_the_register_and_opens_statistics(phone_page):
    from projects.demo import load_programme, load_register

    load_programme()
    load_register()
    page = phone_page
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
    chart = page.locator("svg.bar-chart").first
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
