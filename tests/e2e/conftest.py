"""Headless Chromium for browser tests, driven by Playwright with Debian's browser.

CI (CI=true) requires the browser; elsewhere the tests skip with a clear message.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium(live_server):
    # Asks for the live server so that the browser, and the connections it keeps alive, close before the server
    # stops: a request thread closing its connection after that found the in-memory SQLite connection no longer
    # shared with it, and on PostgreSQL kept a session open while the test database was being dropped.
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Debian's chromium at {CHROMIUM} for the browser tests.")
        pytest.skip("No chromium found (apt-get install chromium); browser tests skipped on this machine.")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread, where the tests also use the ORM.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # While a loop runs, asgiref keeps this thread's database connections apart from the ones it had before (per
    # context, not per thread): the connections opened before the browser and those opened while it runs are two
    # sets, each invisible from the other side. Each is closed on its own side, or the one left open keeps a
    # PostgreSQL session on the test database, which then cannot be dropped at the end of the run.
    connections.close_all()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh phone-sized page (360 px wide); tests resize it when they need a desktop."""
    context = chromium.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


PASSWORD = "e2e-password-only-for-tests"


def admin_page(browser, live_server, username, locale="zh-CN"):
    """A new browser (its own cookies) logged in to the admin as `username`, in the language `locale` asks for."""
    page = browser.new_context(locale=locale).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
