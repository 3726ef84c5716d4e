"""Debian's chromium, driven by Playwright, against the live server.

Without chromium (or, for the accessibility checks, without `npm ci`'s axe-core) these tests
skip and say why; with MILE_REQUIRE_BROWSER=1 (CI) a missing browser or axe-core fails them.
On failure every page still open is saved, as a PNG and its HTML, in var/browser-artifacts/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Page, sync_playwright

from tests.factories import PASSWORD

CHROMIUM = Path(os.environ.get("MILE_CHROMIUM", "/usr/bin/chromium"))
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = settings.BASE_DIR / "var" / "browser-artifacts"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 10_000

# Every browser test commits its rows for the live server's thread to see; the flush after it
# empties the tables, so the seed data of the migrations (the sub-themes) is restored.
browser_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def missing(reason: str):
    """Skip, or fail in CI (MILE_REQUIRE_BROWSER=1), when something the tests need is absent."""
    if os.environ.get("MILE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (MILE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def chromium(live_server):
    """A headless chromium for one test, started once its database is ready.

    The Playwright sync API runs an event loop in the test thread while the browser is up;
    Django refuses ORM calls beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set, so
    it is set for exactly as long as the browser runs. Beside that loop Django also opens new
    connection objects, which do not carry the seed data kept for the serialized rollback:
    hence one browser per test, started after the database set-up and stopped before the flush.
    """
    if not CHROMIUM.exists():
        missing(f"no chromium at {CHROMIUM}: apt-get install chromium (or set MILE_CHROMIUM)")
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
            connections.close_all()  # the ones opened beside the loop, before the flush
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def axe_script() -> Path:
    if not AXE.exists():
        missing(f"no axe-core at {AXE}: run `npm ci` in the project directory")
    return AXE


@pytest.fixture
def open_page(chromium, live_server):
    """open_page(user=None, bypass_csp=False, language=None) -> a Page in a browser context of
    its own (a browser asking for `language` first: its Accept-Language), logged in through
    the login page when a user is given."""
    contexts = []
    blocked_scripts = []

    def _note_blocked_script(text: str) -> None:
        if "Content Security Policy" in text and "script" in text.lower():
            blocked_scripts.append(text)

    def _open(user=None, *, bypass_csp=False, language=None) -> Page:
        context = chromium.new_context(
            base_url=live_server.url,
            bypass_csp=bypass_csp,
            accept_downloads=True,
            locale=language,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if not bypass_csp:
            page.on("console", lambda message: _note_blocked_script(message.text))
        if user is not None:
            log_in(page, user)
        return page

    _open.contexts = contexts
    _open.blocked_scripts = blocked_scripts  # what the real CSP stopped, in any page opened
    yield _open
    for context in contexts:
        context.close()


def assert_no_script_blocked(open_page) -> None:
    """The journey's pages ran under the real Content-Security-Policy with no script refused."""
    assert open_page.blocked_scripts == []


def log_in(page: Page, user) -> None:
    """Log in as a person does: the login page, the e-mail address and the password (found by
    their fields' names, so that it reads the page in any language)."""
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed and "open_page" in getattr(item, "funcargs", {}):
        folder = save_artifacts(item.nodeid, item.funcargs["open_page"].contexts)
        report.sections.append(("browser artefacts", f"screenshots and HTML in {folder}"))
    return report


def save_artifacts(nodeid: str, contexts) -> Path:
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", nodeid).strip("_")
    shutil.rmtree(folder, ignore_errors=True)  # no page left over from an earlier run
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate((p for c in contexts for p in c.pages), start=1):
        try:
            page.screenshot(path=folder / f"page-{number}.png", full_page=True)
            (folder / f"page-{number}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # a crashed page must not hide the test's own failure
            (folder / f"page-{number}.error.txt").write_text(repr(error), encoding="utf-8")
    return folder
