"""Live co-editing in chromium (issue 18): the section editor of static/dist/live.js against the
real ASGI application (mile.asgi under uvicorn, in a subprocess, on the test's database: the
browser tests commit their rows), its pages and its WebSockets on one origin.

The live server of the other browser tests is WSGI only; the pages here come from uvicorn, and
the writers' sessions are made in the test (force_login) and handed to the browser as cookies.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import Page, expect

from proposals.models import Proposal, Revision, Section
from proposals.services import NOT_EDITABLE
from tests.browser.conftest import ARTIFACTS, browser_test, missing
from tests.browser.test_accessibility import violations_report
from tests.proposals.factories import make_proposal

pytestmark = browser_test

SAVED = re.compile(r"^Saved at \d\d:\d\d:\d\d$")
PLAIN_SAVED = re.compile(r"^\s*Saved at \d\d:\d\d:\d\d\s*$")  # the plain form's, as rendered
OFFLINE = "Offline — your text is kept in this browser"
START_TIMEOUT_S = 30
ROW_TIMEOUT_S = 20
SYNC_GIVE_UP_MS = 5000  # frontend/live/section.js: no sync by then, the plain form stays
EDITOR_TIMEOUT_MS = 15_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AsgiServer:
    """mile.asgi under uvicorn in a subprocess, on the test's database; start, crash, start."""

    def __init__(self, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process = None

    def environment(self) -> dict[str, str]:
        database = settings.DATABASES["default"]
        address = "postgres://{user}:{password}@{host}:{port}/{name}".format(
            user=quote(database["USER"] or ""),
            password=quote(database["PASSWORD"] or ""),
            host=database["HOST"] or "127.0.0.1",
            port=database["PORT"] or 5432,
            name=database["NAME"],
        )
        return {
            **os.environ,
            "DATABASE_URL": address,
            "DATABASE_CONN_MAX_AGE": "0",
            "DEBUG": "1",  # the static files straight from static/, as `make run` serves them
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        }

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - the subprocess writes it until stopped
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "mile.asgi:application", "--host", "127.0.0.1",
             "--port", str(self.port), "--no-access-log", "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"uvicorn stopped at start: see {self.log_path}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"uvicorn did not listen within {START_TIMEOUT_S} s: see {self.log_path}")

    def crash(self) -> None:
        """Killed at once, as a crashed process: no socket closed cleanly, nothing flushed."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def asgi_server(live_server, chromium, request):
    """Stopped before the test's tables are emptied (it holds connections to them)."""
    if connection.vendor != "postgresql":
        missing("the live editing tests share the test database with a subprocess: PostgreSQL")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    server = AsgiServer(ARTIFACTS / f"uvicorn-{name}.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proposal(als, bob):
    return make_proposal(als, by=bob)


def session_cookie(user, server) -> dict:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": server.url}


def open_live(open_page, server, user, proposal, *, live=True) -> Page:
    """The proposal's page for `user` from the ASGI server; with `live`, once its summary's live
    editor is there. Every Content-Security-Policy refusal the page reports is kept in
    page.refused."""
    page = open_page()
    page.refused = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.refused.append(message.text)
        ),
    )
    page.context.add_cookies([session_cookie(user, server)])
    page.goto(f"{server.url}/proposals/{proposal.pk}/")
    if live:
        expect(editor(page)).to_be_visible(timeout=EDITOR_TIMEOUT_MS)
    return page


def editor(page: Page):
    return page.locator("#section-form-summary .cm-content")


def status(page: Page):
    return page.locator("#live-status-summary")


def text_of(page: Page) -> str:
    """The summary's text as its editor holds it (the others' cursors and names left out)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#section-form-summary .cm-line'))
            .map((line) => {
              const copy = line.cloneNode(true);
              copy.querySelectorAll('.live-caret').forEach((caret) => caret.remove());
              return copy.textContent;
            }).join('\\n')"""
    )


def summary_row(proposal) -> Section:
    return proposal.sections.get(key="summary")


def wait_for_row(proposal, text: str) -> Section:
    deadline = time.monotonic() + ROW_TIMEOUT_S
    while (section := summary_row(proposal)).text != text and time.monotonic() < deadline:
        time.sleep(0.2)
    return section


def test_two_members_typing_into_one_section_at_once_end_with_the_same_text_holding_every_word(
    open_page, asgi_server, proposal, bob, alice
):
    bobs = open_live(open_page, asgi_server, bob, proposal)
    alices = open_live(open_page, asgi_server, alice, proposal)
    editor(bobs).click()
    bobs.keyboard.type("Intro.\nMiddle.\nEnd.")
    expect(editor(alices)).to_contain_text("End.")

    # Bob writes at the end of the first line, Alice at the end of the last, word for word.
    editor(alices).click()
    bobs.keyboard.press("Control+Home")
    bobs.keyboard.press("End")
    alices.keyboard.press("Control+End")
    for number in range(5):
        bobs.keyboard.type(f" bob{number}")
        alices.keyboard.type(f" alice{number}")
    alices.keyboard.insert_text(" pasted by alice from elsewhere")  # a paste: one input
    expect(editor(bobs)).to_contain_text("from elsewhere")
    # Bob deletes across Alice's words while she writes on the middle line.
    bobs.keyboard.press("Control+End")
    for _ in range(len(" from elsewhere")):
        bobs.keyboard.press("Shift+ArrowLeft")
    bobs.keyboard.press("Backspace")
    alices.keyboard.press("Control+Home")
    alices.keyboard.press("ArrowDown")
    alices.keyboard.press("End")
    alices.keyboard.type(" middle words")

    caret = bobs.locator("#section-form-summary .live-caret")  # Alice's, named, in her colour
    expect(caret).to_have_class(re.compile(rf"\blive-colour-{alice.pk % 8}\b"))
    expect(caret.locator(".live-caret-name")).to_have_text(str(alice))
    final = (
        "Intro. bob0 bob1 bob2 bob3 bob4\n"
        "Middle. middle words\n"
        "End. alice0 alice1 alice2 alice3 alice4 pasted by alice"
    )
    expect(editor(bobs)).to_contain_text("middle words")
    expect(editor(alices)).not_to_contain_text("from elsewhere")
    assert text_of(bobs) == final
    assert text_of(alices) == final
    expect(status(bobs)).to_have_text(SAVED, timeout=ROW_TIMEOUT_S * 1000)
    expect(status(alices)).to_have_text(SAVED, timeout=ROW_TIMEOUT_S * 1000)
    section = wait_for_row(proposal, final)
    assert section.text == final
    revisions = list(Revision.objects.filter(section=section).order_by("created_at"))
    assert [revision.text for revision in revisions] == [final]  # one burst, one revision
    writers = {revisions[0].author, *revisions[0].coauthors.all()}
    assert writers == {bob, alice}
    assert bobs.refused == [] and alices.refused == []


def test_text_typed_while_the_server_is_down_is_kept_and_saved_once_it_is_back(
    open_page, asgi_server, proposal, bob
):
    page = open_live(open_page, asgi_server, bob, proposal)
    editor(page).click()
    page.keyboard.type("Before the crash.")
    expect(status(page)).to_have_text(SAVED, timeout=ROW_TIMEOUT_S * 1000)

    asgi_server.crash()
    expect(status(page)).to_have_text(OFFLINE)
    page.keyboard.type(" Typed while offline.")
    expect(status(page)).to_have_text(OFFLINE)
    asgi_server.start()

    expect(status(page)).to_have_text("Reconnected", timeout=EDITOR_TIMEOUT_MS)
    expect(status(page)).to_have_text(SAVED, timeout=ROW_TIMEOUT_S * 1000)
    assert text_of(page) == "Before the crash. Typed while offline."
    assert wait_for_row(proposal, text_of(page)).text == "Before the crash. Typed while offline."


def test_leaving_before_the_text_is_saved_asks_first_and_the_text_is_there_after_a_reload(
    open_page, asgi_server, proposal, bob
):
    page = open_live(open_page, asgi_server, bob, proposal)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    editor(page).click()
    page.keyboard.type("Typed just before a reload.")
    page.reload()  # at once: the server saves after the writers' pause

    expect(editor(page)).to_have_text("Typed just before a reload.", timeout=EDITOR_TIMEOUT_MS)
    assert dialogs == ["beforeunload"]
    assert wait_for_row(proposal, "Typed just before a reload.").text == (
        "Typed just before a reload."
    )
    page.reload()  # saved: nothing to ask
    expect(editor(page)).to_be_visible(timeout=EDITOR_TIMEOUT_MS)
    expect(status(page)).to_contain_text("Saved on")
    assert dialogs == ["beforeunload"]


def test_without_websockets_the_plain_form_stays_and_saves_itself(
    open_page, asgi_server, proposal, bob
):
    page = open_page()
    page.route_web_socket(re.compile(r".*/ws/.*"), lambda socket: None)  # swallowed: no answer
    page.context.add_cookies([session_cookie(bob, asgi_server)])
    page.goto(f"{asgi_server.url}/proposals/{proposal.pk}/")
    page.wait_for_timeout(SYNC_GIVE_UP_MS + 1000)

    assert page.locator(".live-editor").count() == 0
    box = page.locator("#text-summary")
    expect(box).to_be_editable()
    box.fill("Written in the plain form.")

    expect(page.locator("#status-summary")).to_have_text(PLAIN_SAVED, timeout=ROW_TIMEOUT_S * 1000)
    assert summary_row(proposal).text == "Written in the plain form."


def test_the_toolbar_formats_the_selection_and_the_counter_status_and_preview_follow(
    open_page, asgi_server, proposal, bob, axe_script
):
    page = open_live(open_page, asgi_server, bob, proposal)
    toolbar = page.get_by_role("toolbar", name="Formatting: Summary (Markdown)")
    editor(page).click()
    page.keyboard.type("Our aims")
    page.keyboard.press("Control+a")
    toolbar.get_by_role("button", name="Heading (Ctrl+Alt+1)").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Jobs")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+k")
    page.keyboard.type("https://example.org/")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bulleted list (Ctrl+Shift+8)").click()
    page.keyboard.type("training")
    text = "### Our aims\n**Jobs**\n[](https://example.org/)\n- training"

    expect(status(page)).to_have_text("Saving…")
    assert text_of(page) == text
    limit = summary_row(proposal).char_limit
    expect(page.locator("#counter-summary [data-count]")).to_have_text(
        f"{len(text)} / {limit:,}".replace(",", "\u00a0")
    )
    expect(status(page)).to_have_text(SAVED, timeout=ROW_TIMEOUT_S * 1000)
    assert wait_for_row(proposal, text).text == text

    form = page.locator("#section-form-summary")
    preview_button = form.get_by_role("button", name="Preview Summary (Markdown)")
    preview_button.click()
    preview = form.get_by_role("region", name="Preview Summary (Markdown)")
    expect(preview.locator("h3")).to_have_text("Our aims")
    expect(preview.locator("strong")).to_have_text("Jobs")
    expect(preview.locator("li")).to_have_text("training")
    expect(preview_button).to_have_attribute("aria-pressed", "true")
    preview_button.click()
    expect(editor(page)).to_be_visible()

    page.evaluate(axe_script.read_text(encoding="utf-8") + ";0")  # not a <script>: the CSP holds
    results = page.evaluate("axe.run('#section-form-summary', {resultTypes: ['violations']})")
    assert results["violations"] == [], violations_report(results["violations"])
    assert page.refused == []


def test_a_withdrawal_turns_the_open_editors_read_only_and_says_why(
    open_page, asgi_server, proposal, bob, alice
):
    alices = open_live(open_page, asgi_server, alice, proposal)
    bobs = open_live(open_page, asgi_server, bob, proposal)

    bobs.get_by_text("Withdraw the proposal…").click()
    bobs.get_by_role("button", name="Withdraw the proposal").click()

    reason = NOT_EDITABLE.format(status=Proposal.Status.WITHDRAWN.label.lower())
    expect(status(alices)).to_have_text(f"{reason} Reload the page")
    expect(status(alices).get_by_role("link", name="Reload the page")).to_be_visible()
    expect(editor(alices)).to_have_attribute("contenteditable", "false")
    toolbar = alices.get_by_role("toolbar", name="Formatting: Summary (Markdown)")
    expect(toolbar.get_by_role("button", name="Bold (Ctrl+B)")).to_be_disabled()
    assert alices.refused == []
