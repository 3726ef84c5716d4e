"""Pages as they show in a 1280 × 800 window: nothing cut, nothing wider than the window."""

import pytest
from playwright.sync_api import Page

from outbox.models import Email
from tests.browser.conftest import browser_test
from tests.proposals.factories import make_proposal
from workshops import services

pytestmark = browser_test

WINDOW = {"width": 1280, "height": 800}


def open_at_1280(open_page, user, path: str) -> Page:
    page = open_page(user)
    page.set_viewport_size(WINDOW)
    page.goto(path)
    return page


@pytest.fixture
def invitation(workshop, amadora, ana, alice):
    """The invitation e-mail of a delegate, in its real wording and layout."""
    services.delegates_register(workshop=workshop, partner=amadora, members=[ana], by=alice)
    return Email.objects.get(kind="invitation", to=ana.email)


def test_the_budgets_remove_labels_show_whole_in_their_column(open_page, bob, als):
    proposal = make_proposal(als, by=bob)
    page = open_at_1280(open_page, bob, f"/proposals/{proposal.pk}/budget/")

    # Each Remove (the head's and every row's): its text ends inside its column.
    overflows = page.evaluate(
        """() => Array.from(document.querySelectorAll(
            ".budget-head > div:last-child, .budget-row input[name$='-DELETE'] + label"
        )).map((element) => {
            const column = element.closest(".row > div");
            const range = document.createRange();
            range.selectNodeContents(element);
            return [element.textContent.trim(),
                    range.getBoundingClientRect().right - column.getBoundingClientRect().right];
        })"""
    )

    assert [text for text, _ in overflows] == ["Remove", "Remove", "Remove"]
    assert [over <= 0 for _, over in overflows] == [True, True, True], overflows
    page.screenshot(path="/tmp/h-budget-test.png", full_page=True)


def test_the_registration_overview_is_no_wider_than_the_window(open_page, dora, workshop):
    page = open_at_1280(open_page, dora, f"/admin/workshops/workshop/{workshop.pk}/registrations/")

    assert page.evaluate("document.documentElement.scrollWidth") == 1280
    page.screenshot(path="/tmp/h-overview-test.png", full_page=True)


def test_the_email_preview_shows_the_whole_email(open_page, dora, invitation):
    page = open_at_1280(open_page, dora, f"/admin/outbox/email/{invitation.pk}/change/")

    frame = page.locator("iframe.email-html")
    frame.scroll_into_view_if_needed()
    box = frame.evaluate("(frame) => [frame.clientWidth, frame.clientHeight]")
    content = frame.element_handle().content_frame()
    content.wait_for_load_state()
    width, height, scrolls = content.evaluate(
        """() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,
                  getComputedStyle(document.documentElement).overflowY !== "hidden"
                  && getComputedStyle(document.body).overflowY !== "hidden"]"""
    )

    assert width <= box[0], (width, box)  # no part of a line cut off on the right
    assert height <= box[1] or scrolls, (height, box)  # all of it shown, or it scrolls
    assert "Caro(a) Ana Costa" in content.inner_text("body")  # Amadora reads Portuguese
    page.screenshot(path="/tmp/h-email-test.png")
