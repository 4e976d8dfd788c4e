"""The tests' fixtures, which pytest finds here without any test module importing them.

- The built website (tests/support_site.py says where each edition is):
  book_site and taught_site, served on 127.0.0.1 as book_url and taught_url,
  and the parameters book_page and taught_page (every page of an edition).
- Headless Chromium (tests/support_chromium.py): chromium, browser_context
  and browser_page. Everything of the browser is session-scoped: one server,
  one browser, one context and one reused page for the whole run.
- PostgreSQL (postgres_url): a throw-away server on 127.0.0.1 with an empty
  `gradebook` database, for the batch grader's tests against it
  (tests/test_postgres.py, tests/test_cluster.py).

(And, for every test: no warm grader, see below.)

Plain helpers and constants live in the support modules (tests/support*.py),
which test modules import; no test module imports conftest or another test
module (tests/test_core.py checks).
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

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


# ---------------------------------------------------------------------------
# PostgreSQL.


def _postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _unavailable(message):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def postgres_url():
    """The URL of an empty `gradebook` database on a throw-away PostgreSQL server on 127.0.0.1, one per test module.

    Debian's server is installed first if it is missing (as root; elsewhere the test is skipped, or fails in CI).
    """
    if _postgres_bin() is None:
        if os.geteuid() != 0:
            _unavailable("PostgreSQL is not installed and installing it needs root: apt-get install postgresql")
        # .ci/run installs it first; here, two test processes may get here at once: wait for dpkg's lock.
        wait = ["-o", "DPkg::Lock::Timeout=900"]
        subprocess.run(["apt-get", *wait, "update", "-qq"], check=True, timeout=900)
        subprocess.run(
            ["apt-get", *wait, "install", "-y", "-qq", "postgresql"],
            check=True,
            timeout=1800,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            capture_output=True,
        )
    bin_dir = _postgres_bin()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    data = tempfile.mkdtemp(prefix="grader-pg-")
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(data, user.pw_uid, user.pw_gid)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(
        [*as_postgres, f"{bin_dir}/initdb", "-D", f"{data}/db", "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"
    subprocess.run(
        [*as_postgres, f"{bin_dir}/pg_ctl", "-D", f"{data}/db", "-o", options, "-l", f"{data}/log", "-w", "start"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    try:
        subprocess.run(
            [*as_postgres, f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "gradebook"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(
            [*as_postgres, f"{bin_dir}/pg_ctl", "-D", f"{data}/db", "-m", "immediate", "stop"],
            capture_output=True,
            timeout=120,
        )
        shutil.rmtree(data, ignore_errors=True)
