"""The proposal page's sections and comments as they are now: a change shows at once, each viewer
gets their own page, and a form is accepted only from whoever it was shown to."""

from decimal import Decimal

from proposals import budget, comments, services
from proposals.models import Proposal, Section, Transition
from tests.pages import browser_of, token_after

SECTION_FORM = 'id="section-form-summary"'


def page(client, proposal) -> str:
    response = client.get(f"/proposals/{proposal.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def summary(proposal) -> Section:
    return proposal.sections.get(key="summary")


def test_each_author_saves_with_the_token_of_their_own_page(proposal, bob, alice):
    bobs, alices = browser_of(bob), browser_of(alice)
    bobs_page = page(bobs, proposal)
    alices_page = page(alices, proposal)

    for client, html, text in ((alices, alices_page, "By Alice."), (bobs, bobs_page, "By Bob.")):
        version = summary(proposal).version
        response = client.post(
            f"/proposals/{proposal.pk}/sections/summary/",
            {
                "csrfmiddlewaretoken": token_after(html, SECTION_FORM),
                "text": text,
                "version": version,
            },
        )
        assert response.status_code == 302
        assert summary(proposal).text == text


def test_a_token_of_another_viewers_page_is_refused(proposal, bob, alice):
    bobs, alices = browser_of(bob), browser_of(alice)
    bobs_page = page(bobs, proposal)
    page(alices, proposal)

    response = alices.post(
        f"/proposals/{proposal.pk}/sections/summary/",
        {"csrfmiddlewaretoken": token_after(bobs_page, SECTION_FORM), "text": "Hi", "version": 0},
    )

    assert response.status_code == 403
    assert summary(proposal).text == ""


def test_a_text_saved_by_a_co_author_shows_at_once(proposal, bob, alice):
    bobs = browser_of(bob)
    page(bobs, proposal)

    services.section_save(section=summary(proposal), text="Alice's summary.", version=0, by=alice)

    html = page(bobs, proposal)
    assert "Alice&#x27;s summary.</textarea>" in html
    assert f"by {alice} (version 1)" in html


def test_a_comment_its_reply_and_its_resolution_show_at_once(proposal, bob, dora):
    bobs = browser_of(bob)
    page(bobs, proposal)
    thread = comments.comment_add(
        proposal=proposal, section=summary(proposal), body="Give numbers.", by=dora
    )
    assert "Give numbers." in page(bobs, proposal)

    comments.comment_reply(parent=thread, body="Done: 120 start-ups.", by=bob)
    assert "Done: 120 start-ups." in page(bobs, proposal)

    comments.comment_resolve(comment=thread, by=bob)
    assert f"Resolved by {bob} on" in page(bobs, proposal)


def test_a_renamed_commenter_shows_under_the_new_name(proposal, bob, dora):
    comments.comment_add(proposal=proposal, section=summary(proposal), body="Numbers?", by=dora)
    bobs = browser_of(bob)
    assert f"<strong>{dora}</strong>" in page(bobs, proposal)

    dora.first_name, dora.last_name = "Dorothea", "Papadopoulou"
    dora.save()

    assert "<strong>Dorothea Papadopoulou</strong>" in page(bobs, proposal)


def test_the_team_is_not_given_the_authors_forms(proposal, bob, dora):
    comments.comment_add(proposal=proposal, section=summary(proposal), body="Numbers?", by=dora)
    assert 'id="section-form-summary"' in page(browser_of(bob), proposal)

    html = page(browser_of(dora), proposal)

    assert 'id="section-form-summary"' not in html
    assert "Numbers?" in html


def test_readers_of_a_public_proposal_are_not_given_the_authors_comments(
    proposal, bob, charlie, dora
):
    comments.comment_add(proposal=proposal, section=summary(proposal), body="Numbers?", by=dora)
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)
    assert "Numbers?" in page(browser_of(bob), proposal)

    html = page(browser_of(charlie), proposal)

    assert "Numbers?" not in html
    assert "/comments/" not in html


def test_a_submitted_proposal_shows_its_authors_no_forms(proposal, bob):
    bobs = browser_of(bob)
    assert 'id="section-form-summary"' in page(bobs, proposal)

    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")

    assert 'id="section-form-summary"' not in page(bobs, proposal)


def test_a_budget_line_saved_shows_in_the_sidebar_at_once(proposal, bob):
    bobs = browser_of(bob)
    assert "No budget lines yet." in page(bobs, proposal)

    budget.budget_lines_save(
        proposal=proposal,
        lines=[budget.LineInput("staff", "Two advisers", Decimal("12000"))],
    )

    html = page(bobs, proposal)
    assert "No budget lines yet." not in html
    assert 'data-figure="total">€12,000.00' in html


def test_a_renamed_reviewer_shows_in_the_workflow_history_at_once(proposal, bob, dora):
    Proposal.objects.filter(pk=proposal.pk).update(status="changes_requested")
    Transition.objects.create(
        proposal=proposal, from_status="in_review", to_status="changes_requested", by=dora,
        note="Add the numbers.",
    )  # fmt: skip
    bobs = browser_of(bob)
    assert f"by {dora}," in page(bobs, proposal)

    dora.first_name, dora.last_name = "Dorothea", "Papadopoulou"
    dora.save()

    assert "by Dorothea Papadopoulou," in page(bobs, proposal)
