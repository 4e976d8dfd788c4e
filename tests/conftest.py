"""Fixtures for the browser tests (tests/test_browser.py): the built site, a local server, headless Chromium.

(And, for every test: no warm grader, see below.)

The open edition of the site is `_build/html` unless the environment
variable BOOK_HTML names another directory; the taught edition (`make book
EDITION=taught`) is `_build/taught/_build/html` unless TAUGHT_HTML names one.
Playwright drives Debian's /usr/bin/chromium; it never downloads a browser.
Everything is session-scoped: one server, one browser, one context and one reused page for the whole run.
"""

import contextlib
import functools
import http.server
import os
import pathlib
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Every `python -m grader grade` of the tests grades in its own process: a warm grader (grader.pipeline.server) left
# by one test would answer the next one's. tests/test_server.py turns it on where it tests it.
os.environ["GRADER_SERVER"] = "off"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) to run the browser tests"
)
NO_SITE = "build the book first: make book"
NO_TAUGHT_SITE = "build the taught edition first: make book EDITION=taught"
# Each edition of the site: (its environment variable, its default directory, how to build it).
EDITIONS = {
    "open": ("BOOK_HTML", ROOT / "_build" / "html", NO_SITE),
    "taught": ("TAUGHT_HTML", ROOT / "_build" / "taught" / "_build" / "html", NO_TAUGHT_SITE),
}
# Sphinx's own pages are checked too; only the theme's Jinja fragments in _static are not pages.
NOT_PAGES = ("_static/", "_sources/", "_images/")


def site_directory(edition="open"):
    """The directory of an edition of the built website (it may not exist)."""
    variable, default, _ = EDITIONS[edition]
    return pathlib.Path(os.environ.get(variable) or default).resolve()


def site_pages(directory):
    """Every HTML page of a built site, as paths relative to it, sorted."""
    return sorted(
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*.html")
        if not path.relative_to(directory).as_posix().startswith(NOT_PAGES)
    )


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that is quiet and never lists a directory (a missing index.html is a 404)."""

    def log_message(self, format, *args):
        pass

    def list_directory(self, path):
        self.send_error(404, "No index.html in this directory")
        return None


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the browser cancelling a request on navigation is not an error of the site


@contextlib.contextmanager
def serve_directory(directory):
    """Serve `directory` on 127.0.0.1 at a free port in a background thread; yields the base URL (ending in /)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name=f"http-{directory}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def pytest_generate_tests(metafunc):
    """Parametrize `book_page` (`taught_page`) with every page of the open (taught) site: a failure names its page."""
    for name, edition in (("book_page", "open"), ("taught_page", "taught")):
        if name in metafunc.fixturenames:
            directory = site_directory(edition)
            pages = site_pages(directory) if directory.is_dir() else []
            # Without a site, one test per check stands in for the pages and fails with NO_SITE.
            metafunc.parametrize(name, pages or [None], ids=lambda page: page or "no-pages")


def require_site(edition="open"):
    """The directory of an edition of the built website; fails the calling test when it has not been built."""
    directory = site_directory(edition)
    if not (directory / "index.html").is_file():
        pytest.fail(f"{EDITIONS[edition][2]} (no index.html in {directory})", pytrace=False)
    return directory


def require_chromium():
    """Chromium must be there: fails the calling test in CI (CI set), skips it elsewhere."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so the browser tests must run: {NO_CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)


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
