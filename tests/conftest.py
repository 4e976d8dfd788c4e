"""The tests' fixtures, which pytest finds here without any test module importing them.

- The built website (tests/support_site.py says where each edition is):
  book_site and taught_site, served on 127.0.0.1 as book_url and taught_url,
  and the parameters book_page and taught_page (every page of an edition).
- Headless Chromium (tests/support_chromium.py): chromium, browser_context
  and browser_page. Everything of the browser is session-scoped: one server,
  one browser, one context and one reused page for the whole run.

(And, for every test: no warm grader, see below.)

Plain helpers and constants live in the support modules (tests/support*.py),
which test modules import; no test module imports conftest or another test
module (tests/test_core.py checks).
"""

import os

import pytest
from support_chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium
from support_site import require_site, serve_directory, site_directory, site_pages

# Every `python -m grader grade` of the tests grades in its own process: a warm grader (grader.pipeline.server) left
# by one test would answer the next one's. tests/test_server.py turns it on where it tests it.
os.environ["GRADER_SERVER"] = "off"


def pytest_generate_tests(metafunc):
    """Parametrize `book_page` (`taught_page`) with every page of the open (taught) site: a failure names its page."""
    for name, edition in (("book_page", "open"), ("taught_page", "taught")):
        if name in metafunc.fixturenames:
            directory = site_directory(edition)
            pages = site_pages(directory) if directory.is_dir() else []
            # Without a site, one test per check stands in for the pages and fails with NO_SITE.
            metafunc.parametrize(name, pages or [None], ids=lambda page: page or "no-pages")


@pytest.fixture(scope="session")
def book_site():
    """The built website's directory (see require_site)."""
    return require_site()


@pytest.fixture(scope="session")
def book_url(book_site):
    """The base URL (ending in /) of the built website, served on 127.0.0.1."""
    with serve_directory(book_site) as url:
        yield url


@pytest.fixture(scope="session")
def taught_site():
    """The taught edition's directory (see require_site)."""
    return require_site("taught")


@pytest.fixture(scope="session")
def taught_url(taught_site):
    """The base URL (ending in /) of the taught edition, served on 127.0.0.1."""
    with serve_directory(taught_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium driven by Playwright (see require_chromium)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser_context(chromium):
    """The one browser context of the session (one viewport, English locale, no service workers)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", service_workers="block")
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(30_000)
    yield context
    context.close()


@pytest.fixture(scope="session")
def browser_page(browser_context):
    """The one page (tab) reused by every browser test."""
    page = browser_context.new_page()
    yield page
    page.close()
