"""The proposal page around the live editor: the hooks of a section's form, the preview of its
text, the side navigation of the sections, and the checklist behind *Submit for review*.

bob (member) and alice (contact) write the draft `proposal`; charlie (another set's contact) does
not see it; dora (the team) reads it; an anonymous visitor is not logged in.
"""

from decimal import Decimal

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from learningsets.models import CommonBasicPrinciple
from proposals import services
from proposals.models import BudgetLine, Comment, Proposal
from tests.mile.test_settings import manage
from tests.pages import main_text
from tests.proposals.test_drafting import MONDAY, as_read

PREVIEW_TOO_LONG = (
    "A section holds at most 100\u00a0000 characters and this text has 100\u00a0001: "
    "shorten it to see its preview."
)


def page(proposal) -> str:
    return f"/proposals/{proposal.pk}/"


def preview_url(proposal, key="summary") -> str:
    return f"/proposals/{proposal.pk}/sections/{key}/preview/"


def submit_url(proposal) -> str:
    return f"/proposals/{proposal.pk}/submit/"


def write(proposal, key, text, by):
    section = proposal.sections.get(key=key)
    return services.section_save(
        section=section, text=text, version=section.version, by=by, at=MONDAY
    )


def put(proposal, status):
    Proposal.objects.filter(pk=proposal.pk).update(status=status)


def texts(proposal) -> list[str]:
    return list(proposal.sections.order_by("position").values_list("text", flat=True))


# The hooks of the live editor on the section's form


def test_the_form_in_focus_carries_the_live_editors_hooks(login, bob, proposal):
    summary = proposal.sections.get(key="summary")

    response = login(bob).get(page(proposal))

    assertContains(
        response,
        f'data-live-url="ws://testserver/ws/sections/{summary.pk}/" '
        f'data-preview-url="{preview_url(proposal)}" data-char-limit="1500" '
        f'data-live-copy="mile-section-{summary.pk}-{int(proposal.created_at.timestamp())}"',
    )
    assertContains(
        response,
        '<p class="live-status small mb-0" id="live-status-summary" role="status"></p>',
        html=True,
    )


def test_a_page_served_over_https_opens_a_secure_socket(login, bob, proposal):
    summary = proposal.sections.get(key="summary")

    response = login(bob).get(page(proposal), secure=True)

    assertContains(response, f'data-live-url="wss://testserver/ws/sections/{summary.pk}/"')


def test_a_live_editing_host_of_its_own_is_where_the_socket_opens(login, bob, proposal, settings):
    settings.LIVE_EDITING_URL = "wss://ws.example.org/"
    context = proposal.sections.get(key="context")

    response = login(bob).get(page(proposal) + "?section=context")

    assertContains(response, f'data-live-url="wss://ws.example.org/ws/sections/{context.pk}/"')


CONNECT_SRC = (
    "from django.conf import settings; "
    "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['connect-src'])"
)


@pytest.mark.parametrize(
    ("live_editing_url", "allowed"),
    [("", "[\"'self'\"]"), ("wss://ws.example.org/", "[\"'self'\", 'wss://ws.example.org']")],
)
def test_the_content_security_policy_lets_the_page_reach_the_live_editing_host(
    live_editing_url, allowed
):
    """'self' covers the page's own ws: and wss: origin in chromium (the page's own socket is
    not refused); a host of its own must be named."""
    result = manage("shell", "-v", "0", "-c", CONNECT_SRC, LIVE_EDITING_URL=live_editing_url)

    assert (result.returncode, result.stdout.strip()) == (0, allowed), result.stderr


def test_readers_get_no_hooks(login, dora, proposal):
    response = login(dora).get(page(proposal))

    assertNotContains(response, "data-live-url")
    assertNotContains(response, "live-status")


# The preview of a section's text


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_gets_the_preview_rendered_and_sanitised_as_the_page_does(
    as_role, role, proposal
):
    text = '## Aims\n\n**Loans** <script>alert("x")</script> [y](javascript:alert(2))'

    response = as_role(role).post(preview_url(proposal, "objectives"), {"text": text})

    assert (response.status_code, response.content.decode()) == (
        200,
        '<h2>Aims</h2>\n<p><strong>Loans</strong>  <a rel="noopener noreferrer nofollow">y</a></p>',
    )
    assert texts(proposal) == [""] * 8  # a preview saves nothing


def test_the_preview_of_the_longest_text_a_section_holds_is_rendered(login, bob, proposal):
    response = login(bob).post(preview_url(proposal), {"text": "a" * 100_000})

    assert (response.status_code, len(response.content)) == (200, len("<p></p>") + 100_000)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "a" * 100_001}, PREVIEW_TOO_LONG),
        ({}, "The request sent no text to preview."),
    ],
    ids=["too long", "no text"],
)
def test_a_preview_of_bad_input_is_refused_with_the_reason(login, bob, proposal, data, message):
    response = login(bob).post(preview_url(proposal), data)

    assert (response.status_code, response.content.decode()) == (400, message)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert texts(proposal) == [""] * 8


def test_a_preview_of_an_unknown_section_is_not_found(login, bob, proposal):
    response = login(bob).post(preview_url(proposal, "no-such-section"), {"text": "Hi"})

    assert response.status_code == 404


def test_the_preview_is_only_posted(login, bob, proposal):
    response = login(bob).get(preview_url(proposal))

    assert (response.status_code, response["Allow"]) == (405, "POST")


@pytest.mark.parametrize(
    ("role", "status", "message"),
    [
        (
            "anonymous",
            403,
            "You are logged out: log in again in another tab to see the preview. "
            "Your text is still here.",
        ),
        ("charlie", 404, None),
        (
            "dora",
            403,
            "Only the members of the learning set and the contacts of its partner write its "
            "proposals.",
        ),
    ],
)
def test_whoever_may_not_write_the_section_gets_no_preview(
    as_role, role, status, message, proposal
):
    response = as_role(role).post(preview_url(proposal), {"text": "**Hi**"})

    assert response.status_code == status
    if message is not None:
        assert response.content.decode() == message
    assert "<strong>" not in response.content.decode()


def test_an_author_gets_no_preview_of_a_submitted_proposal(login, bob, proposal):
    put(proposal, Proposal.Status.SUBMITTED)

    response = login(bob).post(preview_url(proposal), {"text": "**Hi**"})

    assert (response.status_code, response.content.decode()) == (
        403,
        "This proposal is submitted: it can't be edited now.",
    )


def test_a_preview_without_the_csrf_token_is_refused(bob, proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)

    response = client.post(preview_url(proposal), {"text": "**Hi**"})

    assert response.status_code == 403
    assert "<strong>Hi</strong>" not in response.content.decode()


# The side navigation


def test_the_side_navigation_gives_each_sections_state(login, bob, dora, proposal):
    write(proposal, "summary", "Loans.", bob)
    write(proposal, "objectives", "o" * 2501, bob)
    context = proposal.sections.get(key="context")
    thread = Comment.objects.create(
        proposal=proposal, section=context, author=dora, body="Which district?"
    )
    Comment.objects.create(
        proposal=proposal, section=context, parent=thread, author=bob, body="Amadora."
    )

    response = login(bob).get(page(proposal))

    html = response.content.decode()
    navigation = html[
        html.index('<nav class="section-nav') : html.index(
            "</nav>", html.index('<nav class="section-nav')
        )
    ]
    assert as_read(navigation) == (
        "Sections Summary Written Context and problem Empty 2 comments Objectives Over the limit "
        "Target groups Empty Activities and work plan Empty Expected results and indicators Empty "
        "Partnership and local ownership Empty Sustainability and mainstreaming Empty"
    )
    assert 'aria-label="Sections of the proposal"' in navigation


def test_readers_get_every_section_in_full_and_the_navigation_with_anchors(
    login, dora, bob, proposal
):
    write(proposal, "objectives", "Jobs.", bob)

    response = login(dora).get(page(proposal) + "?section=objectives")

    assertContains(response, 'id="section-body-', count=8)
    assertNotContains(response, "proposal-section-collapsed")
    assertContains(
        response,
        '<a href="#section-objectives" aria-current="location">'
        '<span lang="en-gb">Objectives</span></a>',
        html=True,
    )
    assertContains(
        response, '<a href="#section-summary"><span lang="en-gb">Summary</span></a>', html=True
    )


def test_a_refused_save_of_another_section_shows_that_section_in_focus(login, bob, proposal):
    response = login(bob).post(
        f"/proposals/{proposal.pk}/sections/results/", {"text": "x", "version": "nine"}
    )

    assert response.status_code == 400
    assertContains(response, 'id="section-form-results"', status_code=400)
    assertNotContains(response, 'id="section-form-summary"', status_code=400)


# The checklist behind Submit for review


@pytest.fixture
def ready(proposal):
    """Every section written, a Common Basic Principle and a budget line: nothing missing."""
    proposal.sections.update(text="Written.")
    proposal.principles.add(CommonBasicPrinciple.objects.get(number=1))
    BudgetLine.objects.create(
        proposal=proposal, category="staff", description="Coordinator", amount=Decimal(1000),
        position=0,
    )  # fmt: skip
    return proposal


def checklist(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="submission-checklist">')
    return as_read(html[start : html.index("</div>", start)])


def test_a_proposal_with_nothing_missing_is_ready_to_submit(login, bob, ready):
    response = login(bob).get(submit_url(ready))

    assert checklist(response) == (
        "Nothing is missing: the proposal is ready to be submitted. Once submitted, the proposal "
        "can't be changed until the MILE management team asks for changes. Submit for review"
    )
    assertContains(response, f'action="/proposals/{ready.pk}/transition/submit/"')


def test_the_proposal_page_shows_the_checklist_open_when_nothing_blocks(login, bob, ready):
    response = login(bob).get(page(ready))

    assertContains(response, '<details class="mb-2" id="submit-checklist" open>')
    assert "Nothing is missing: the proposal is ready to be submitted." in checklist(response)


@pytest.mark.parametrize(
    ("arrange", "item", "link"),
    [
        (
            lambda p: p.sections.filter(key="results").update(text=" "),
            "Expected results and indicators is empty.",
            "/proposals/{pk}/?section=results#section-results",
        ),
        (
            lambda p: p.sections.filter(key="summary").update(text="s" * 1501),
            "Summary is over the limit by 1 character.",
            "/proposals/{pk}/?section=summary#section-summary",
        ),
        (
            lambda p: p.principles.clear(),
            "Choose at least one Common Basic Principle that the proposal serves, on the Details "
            "page of the proposal.",
            "/proposals/{pk}/details/#div_id_principles",
        ),
        (
            lambda p: Proposal.objects.filter(pk=p.pk).update(title=" "),
            "The proposal needs a title.",
            "/proposals/{pk}/details/#div_id_title",
        ),
    ],
    ids=["required section empty", "section over the limit", "no principle", "no title"],
)
def test_each_thing_that_blocks_the_submission_is_listed_with_its_link_and_no_button(
    login, bob, ready, arrange, item, link
):
    arrange(ready)

    for url in (submit_url(ready), page(ready)):
        response = login(bob).get(url)

        assert checklist(response) == (
            f"Still missing before the proposal can be submitted: {item} The button to submit "
            "the proposal appears here once nothing above blocks it. Check again"
        )
        assertContains(response, f'<a href="{link.format(pk=ready.pk)}">{item}</a>', html=True)
        assertNotContains(response, "/transition/submit/")


def test_a_budget_without_lines_is_listed_and_does_not_block(login, bob, ready):
    ready.budget_lines.all().delete()

    response = login(bob).get(submit_url(ready))

    assert checklist(response) == (
        "Nothing keeps the proposal from being submitted. Still missing: The budget has no "
        "lines yet. It does not keep the proposal from being submitted, but the application "
        "form asks for it. Once submitted, the proposal can't be changed until the MILE "
        "management team asks for changes. Submit for review"
    )
    assertContains(response, f'<a href="/proposals/{ready.pk}/budget/">', count=1)
    assertContains(response, f'action="/proposals/{ready.pk}/transition/submit/"')


def test_the_checklist_is_the_rule_submission_applies(login, bob, ready):
    """What the checklist lists is exactly what a submission is refused for."""
    ready.sections.filter(key="context").update(text="")
    ready.principles.clear()
    client = login(bob)

    listed = checklist(client.get(submit_url(ready)))
    client.post(f"/proposals/{ready.pk}/transition/submit/")

    ready.refresh_from_db()
    assert ready.status == Proposal.Status.DRAFT
    assert listed.startswith(
        "Still missing before the proposal can be submitted: Context and problem is empty. "
        "Choose at least one Common Basic Principle that the proposal serves, on the Details "
        "page of the proposal."
    )


@pytest.mark.parametrize(
    ("role", "status", "refusal"),
    [
        ("charlie", 404, None),
        (
            "dora",
            403,
            "Only the members of the proposal's learning set and the contacts of its partner can "
            "submit it.",
        ),
    ],
)
def test_whoever_may_not_submit_gets_no_checklist(as_role, role, status, refusal, ready):
    response = as_role(role).get(submit_url(ready))

    assert response.status_code == status
    if refusal is not None:
        assert refusal in main_text(response)
    assertNotContains(response, "/transition/submit/", status_code=status)


def test_an_anonymous_visitor_is_asked_to_log_in_for_the_checklist(client, ready):
    response = client.get(submit_url(ready))

    assertRedirects(
        response, f"/accounts/login/?next={submit_url(ready)}", fetch_redirect_response=False
    )


def test_an_author_of_a_submitted_proposal_is_told_it_is_submitted(login, bob, ready):
    put(ready, Proposal.Status.SUBMITTED)

    response = login(bob).get(submit_url(ready))

    assert response.status_code == 403
    assert "This proposal is submitted already." in main_text(response)
    assertNotContains(response, "/transition/submit/", status_code=403)
    assertNotContains(response, 'id="submit-checklist"', status_code=403)


def test_the_checklist_page_is_only_read(login, bob, ready):
    response = login(bob).post(submit_url(ready))

    assert response.status_code == 405
    ready.refresh_from_db()
    assert ready.status == Proposal.Status.DRAFT
