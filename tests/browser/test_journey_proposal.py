"""Journey 3 in chromium: an ALS member drafts a proposal, the team reviews and approves it."""

import re

import pytest
from playwright.sync_api import Page, expect

from learningsets.models import CommonBasicPrinciple
from outbox.models import Email
from proposals import services
from proposals.models import Proposal
from tests.browser.conftest import assert_no_script_blocked, browser_test
from tests.proposals.factories import make_proposal

pytestmark = browser_test

SAVED = re.compile(r"^\s*Saved at \d\d:\d\d:\d\d\s*$")
WRITTEN_BEFORE = [
    "objectives",
    "target_groups",
    "activities",
    "results",
    "partnership",
    "sustainability",
]


@pytest.fixture
def proposal(als, bob):
    """A draft whose required sections are written except the two the journey writes: the
    summary and the context; it serves the first Common Basic Principle."""
    proposal = make_proposal(als, by=bob)
    proposal.principles.add(CommonBasicPrinciple.objects.order_by("number").first())
    for section in proposal.sections.filter(key__in=WRITTEN_BEFORE):
        services.section_save(
            section=section, text=f"The {section.title.lower()}.", version=section.version, by=bob
        )
    return proposal


def section_box(page: Page, key: str):
    return page.locator(f"#text-{key}")


def status_badge(page: Page):
    return page.locator("#workflow .badge").first


def test_a_member_drafts_the_team_approves_and_the_pdf_downloads(
    open_page, bob, alice, dora, proposal
):
    member = open_page(bob)
    member.get_by_role("link", name="My MILE").click()
    member.get_by_role("link", name=re.compile("^Proposals of Amadora")).click()
    member.get_by_role("link", name=proposal.title).click()
    colleague = open_page(alice)  # alice opens the page before bob's text is saved
    colleague.goto(f"/proposals/{proposal.pk}/")

    # Two sections written; each saves itself and says so.
    summary = "Start-up support for migrant entrepreneurs in Amadora's neighbourhoods."
    section_box(member, "summary").fill(summary)
    expect(member.locator("#status-summary")).to_have_text(SAVED)
    # One section at a time: the side navigation brings the next into focus.
    sections = member.get_by_role("navigation", name="Sections of the proposal")
    sections.get_by_role("link", name="Context and problem").click()
    section_box(member, "context").fill("Few migrants who start a business reach the banks.")
    expect(member.locator("#status-context")).to_have_text(SAVED)
    assert proposal.sections.get(key="summary").text == summary

    # alice, still on the version she opened, writes the summary too: both texts are shown.
    section_box(colleague, "summary").fill("A one-stop desk for new businesses.")
    expect(colleague.locator("#status-summary")).to_have_text(
        "Not saved — bob@amadora.example saved a newer version first: "
        "choose below which text to keep."
    )
    conflict = colleague.locator("#section-summary .section-conflict")
    expect(conflict.locator("pre").nth(0)).to_have_text(summary)
    expect(conflict.locator("pre").nth(1)).to_have_text("A one-stop desk for new businesses.")
    conflict.get_by_role("link", name="Keep theirs").click()
    expect(section_box(colleague, "summary")).to_have_value(summary)
    assert proposal.sections.get(key="summary").text == summary

    # The team comments on the summary.
    team = open_page(dora)
    team.goto(f"/proposals/{proposal.pk}/")
    team.locator("#section-summary summary", has_text="Add a comment on Summary").click()
    team.get_by_label("Your comment on Summary").fill("Name the neighbourhoods, please.")
    team.get_by_role("button", name="Send the comment").first.click()
    expect(team.locator("#section-summary .comment-body")).to_have_text(
        "Name the neighbourhoods, please."
    )

    # bob sees the comment, and submits: nothing blocks it, the checklist shows the button.
    member.goto(f"/proposals/{proposal.pk}/")
    expect(member.locator("#section-summary .comment-body")).to_have_text(
        "Name the neighbourhoods, please."
    )
    member.get_by_role("button", name="Submit for review", exact=True).click()
    expect(status_badge(member)).to_have_text("Submitted")

    # The team reviews and approves.
    team.reload()
    team.get_by_role("button", name="Start the review").click()
    expect(status_badge(team)).to_have_text("In review")
    team.get_by_role("button", name="Approve").click()
    expect(status_badge(team)).to_have_text("Approved")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    assert Email.objects.filter(kind="proposal_approved", to="bob@amadora.example").count() == 1

    # The PDF downloads.
    with member.expect_download() as download:
        member.goto(f"/proposals/{proposal.pk}/")
        member.get_by_role("link", name="PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert_no_script_blocked(open_page)
