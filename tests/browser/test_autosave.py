"""Autosave in chromium: what is typed just before leaving the page is not lost."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_script_blocked, browser_test
from tests.proposals.factories import make_proposal

pytestmark = browser_test

SAVED = re.compile(r"^\s*Saved at \d\d:\d\d:\d\d\s*$")
READING_MS = 1000
TEXT = "Start-up support for migrant entrepreneurs."


@pytest.fixture
def proposal(als, bob):
    return make_proposal(als, by=bob)


def open_proposal(open_page, bob, proposal) -> tuple[Page, list[str]]:
    """bob's page of the proposal, with every dialog it opens noted and answered after a
    second, as a person reads it (meanwhile the save sent as it opened is answered); the
    answer is `page.answer`: accept unless the test says otherwise."""
    page = open_page(bob)
    page.goto(f"/proposals/{proposal.pk}/")
    dialogs = []
    page.answer = "accept"

    def _answer(dialog):
        dialogs.append(dialog.type)
        page.wait_for_timeout(READING_MS)
        dialog.accept() if page.answer == "accept" else dialog.dismiss()

    page.on("dialog", _answer)
    return page, dialogs


def type_summary(page: Page, text: str) -> None:
    box = page.locator("#text-summary")
    box.click()
    box.press_sequentially(text[:5])
    box.fill(text)


def test_the_status_says_saving_until_the_text_is_saved_then_the_time_in_seconds(
    open_page, bob, proposal
):
    page, dialogs = open_proposal(open_page, bob, proposal)

    type_summary(page, TEXT)

    expect(page.locator("#status-summary")).to_have_text("Saving…")
    expect(page.locator("#status-summary")).to_have_text(SAVED)
    assert proposal.sections.get(key="summary").text == TEXT
    assert dialogs == []
    assert_no_script_blocked(open_page)


def test_text_typed_just_before_a_reload_is_there_after_the_reload(open_page, bob, proposal):
    page, dialogs = open_proposal(open_page, bob, proposal)

    type_summary(page, TEXT)
    page.reload()  # at once: the autosave waits for 1.5 s without typing

    expect(page.locator("#text-summary")).to_have_value(TEXT)
    assert dialogs == ["beforeunload"]
    assert proposal.sections.get(key="summary").text == TEXT
    assert_no_script_blocked(open_page)


def test_leaving_with_a_save_pending_asks_first_and_staying_saves_the_text(
    open_page, bob, proposal
):
    page, dialogs = open_proposal(open_page, bob, proposal)
    page.answer = "dismiss"  # the writer stays

    type_summary(page, TEXT)
    page.evaluate("setTimeout(() => location.assign('/my/'))")  # as a typed address does

    expect(page.locator("#status-summary")).to_have_text(SAVED)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(rf"/proposals/{proposal.pk}/$"))
    assert proposal.sections.get(key="summary").text == TEXT
    # Saved: the next text saves over the one sent as the page was leaving, with no conflict.
    page.locator("#text-summary").fill(TEXT + " Loans.")
    expect(page.locator("#status-summary")).to_have_text(SAVED)
    assert proposal.sections.get(key="summary").text == TEXT + " Loans."
    assert proposal.sections.get(key="summary").version == 2


def test_leaving_once_the_text_is_saved_asks_nothing(open_page, bob, proposal):
    page, dialogs = open_proposal(open_page, bob, proposal)
    type_summary(page, TEXT)
    expect(page.locator("#status-summary")).to_have_text(SAVED)

    page.evaluate("setTimeout(() => location.assign('/my/'))")

    page.wait_for_url("**/my/**")
    assert dialogs == []


def test_text_typed_just_before_the_tab_is_closed_is_saved(open_page, bob, proposal):
    page, dialogs = open_proposal(open_page, bob, proposal)
    other = open_page(bob)  # the browser stays open: bob has another tab

    type_summary(page, TEXT)
    page.close()  # at once, and as a tab closes: no question asked

    other.wait_for_timeout(READING_MS)  # bob opens the proposal again in his other tab
    other.goto(f"/proposals/{proposal.pk}/")
    expect(other.locator("#text-summary")).to_have_value(TEXT)
    assert dialogs == []
