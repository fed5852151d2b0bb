"""Real Chromium (Debian's package) driven by Playwright, against the live test server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls that
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Two test processes share two cores: give pages time rather than fail on a busy machine.
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("DACASE_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it stands."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    violations = results.response["violations"]
    assert not violations, results.generate_report()
