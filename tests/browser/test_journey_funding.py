"""From draft to funding in chromium: a member starts a proposal for a call, attaches a letter
of support, is reminded of a missing section before the deadline and submits; two reviewers
score it, the authors read the total, the team approves it and makes it public; a visitor finds
it by a word of its summary and downloads its public document."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learningsets.models import CommonBasicPrinciple
from outbox.models import Email
from proposals import services
from proposals.models import Proposal
from proposals.reminders import deadline_reminders_scan
from tests.browser.conftest import assert_no_script_blocked, browser_test
from tests.factories import UserFactory
from tests.proposals.factories import make_call
from tests.proposals.files import PDF

pytestmark = browser_test

CRITERIA = [
    "Relevance to the sub-theme",
    "Partnership and local ownership",
    "Feasibility",
    "Budget",
    "Sustainability",
]
WRITTEN_BEFORE = [
    "context",
    "objectives",
    "target_groups",
    "activities",
    "results",
    "partnership",
    "sustainability",
]
SUMMARY = "Micro-credit guarantees for migrant entrepreneurs in Amadora's neighbourhoods."


@pytest.fixture
def call(als):
    return make_call(
        als.sub_theme,
        name="Lisbon ROP: enterprise",
        deadline=timezone.now() + dt.timedelta(days=10),
    )


@pytest.fixture
def eve(team_group):
    """A second reviewer of the management team."""
    user = UserFactory(email="eve@mile.example", is_staff=True)
    user.groups.add(team_group)
    return user


def score_every_criterion(page, score: int) -> None:
    page.get_by_role("link", name="Review scores").click()
    for criterion in CRITERIA:
        page.get_by_label(criterion, exact=True).fill(str(score))
    page.get_by_role("button", name="Save my scores").click()


def test_a_proposal_goes_from_a_call_to_the_public_library(
    open_page, bob, dora, eve, als, call, tmp_path
):
    member = open_page(bob)

    # Bob starts a proposal for the open call and attaches a letter of support.
    member.goto(f"/learning-sets/{als.pk}/proposals/")
    start = member.get_by_role("region", name="Start a proposal")
    start.get_by_label("Title").fill("Guarantees for migrant entrepreneurs")
    start.get_by_label("Call").select_option(value=str(call.pk))
    start.get_by_role("button", name="Start a proposal").click()
    proposal = Proposal.objects.get()
    assert proposal.funding_call == call
    expect(member.locator("body")).to_contain_text("10 days left")
    letter = tmp_path / "letter-of-support.pdf"
    letter.write_bytes(PDF)
    member.get_by_label("Title").fill("Letter of support of the business network")
    member.get_by_label("File").set_input_files(letter)
    member.get_by_label("Show it with the proposal in the public library").check()
    member.get_by_role("button", name="Attach", exact=True).click()
    expect(member.locator("table.documents")).to_contain_text(
        "Letter of support of the business network"
    )

    # The other sections were written meanwhile; only the summary is missing.
    proposal.principles.add(CommonBasicPrinciple.objects.order_by("number").first())
    for section in proposal.sections.filter(key__in=WRITTEN_BEFORE):
        services.section_save(
            section=section, text=f"The {section.title.lower()}.", version=section.version, by=bob
        )

    # Beat's scan reminds Bob, in his Portuguese, of the missing summary before the deadline.
    assert deadline_reminders_scan() == 1
    (reminder,) = Email.objects.filter(kind="proposal_deadline_reminder", to=bob.email)
    assert "- A secção “Resumo” está vazia." in reminder.body_text  # in Portuguese, its language

    # Bob writes the summary and submits.
    member.reload()
    member.locator("#text-summary").fill(SUMMARY)
    expect(member.locator("#status-summary")).to_have_text(re.compile(r"Saved at"))
    member.reload()  # the checklist behind Submit for review is the page's: it now lets it go
    member.get_by_role("button", name="Submit for review", exact=True).click()
    expect(member.locator("#workflow .badge").first).to_have_text("Submitted")

    # Two reviewers of the team score it: 4 on every criterion (80) and 5 (100).
    team = open_page(dora)
    team.goto(f"/proposals/{proposal.pk}/")
    team.get_by_role("button", name="Start the review").click()
    score_every_criterion(team, 4)
    second = open_page(eve)
    second.goto(f"/proposals/{proposal.pk}/")
    score_every_criterion(second, 5)

    # The authors see no score while the round is open; the team approves, the round ends.
    member.goto(f"/proposals/{proposal.pk}/scores/")
    expect(member.locator("body")).not_to_contain_text("Total (out of 100)")
    team.goto(f"/proposals/{proposal.pk}/")
    team.get_by_role("button", name="Approve").click()
    expect(team.locator("#workflow .badge").first).to_have_text("Approved")
    member.reload()
    total = member.get_by_role("row", name=re.compile("^Total \\(out of 100\\)"))
    expect(total).to_contain_text("90")
    expect(member.locator("body")).to_contain_text("Reviewer 2")
    expect(member.locator("body")).not_to_contain_text("eve@mile.example")

    # The team makes it public; a visitor finds it by a word of its summary.
    team.get_by_role("button", name="Make public").click()
    visitor = open_page()
    visitor.goto("/proposals/")
    visitor.get_by_label("Words to look for").fill("guarantees")
    visitor.get_by_label("Words to look for").press("Enter")
    visitor.get_by_role("link", name="Guarantees for migrant entrepreneurs", exact=True).click()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Letter of support of the business network").click()
    assert download.value.suggested_filename == "letter-of-support.pdf"
    assert download.value.path().read_bytes() == PDF
    assert_no_script_blocked(open_page)
