"""The history of a proposal: revisions per section, a word-level diff and restore."""

from datetime import datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from proposals import history, services
from proposals.history import Change
from proposals.models import Proposal, Revision, Section
from tests.pages import main_text
from tests.proposals.factories import make_proposal

NOT_FOUND = (
    "Page not found There is nothing at this address, or you do not have access to it. "
    "Go to the home page"
)
BEFORE = "Support for migrant entrepreneurs in Amadora."
AFTER = "Support for new migrant entrepreneurs in the city."
DIFF = (
    '<div class="diff border rounded p-3" data-testid="diff">Support for '
    '<ins><span class="visually-hidden">[added: </span>new <span class="visually-hidden">]'
    "</span></ins>migrant entrepreneurs in "
    '<del><span class="visually-hidden">[removed: </span>Amadora.<span class="visually-hidden">]'
    "</span></del>"
    '<ins><span class="visually-hidden">[added: </span>the city.<span class="visually-hidden">]'
    "</span></ins></div>"
)


def save(section: Section, text: str, by, at=None) -> Revision:
    """Save as an editor does who loaded the current version; returns the new revision."""
    section.refresh_from_db()
    result = services.section_save(
        section=section, text=text, version=section.version, by=by, at=at
    )
    assert result.saved
    return result.section.revisions.first()


def summary(proposal: Proposal) -> Section:
    return proposal.sections.get(key="summary")


def history_url(proposal: Proposal, query: str = "") -> str:
    return f"/proposals/{proposal.pk}/history/{query}"


def restore_url(revision: Revision) -> str:
    return f"/proposals/{revision.section.proposal_id}/revisions/{revision.pk}/restore/"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def local(hour: int, minute: int, days_ago: int = 0) -> datetime:
    today = timezone.localtime() - timedelta(days=days_ago)
    return today.replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture
def two_revisions(proposal, bob, alice):
    section = summary(proposal)
    first = save(section, BEFORE, bob, at=local(9, 15, days_ago=1))
    second = save(section, AFTER, alice, at=local(14, 2, days_ago=1))
    return first, second


# The diff itself


def test_the_diff_marks_inserted_and_deleted_words():
    assert history.text_diff(BEFORE, AFTER) == [
        Change("same", "Support for "),
        Change("inserted", "new "),
        Change("same", "migrant entrepreneurs in "),
        Change("deleted", "Amadora."),
        Change("inserted", "the city."),
    ]


def test_the_diff_keeps_the_line_breaks():
    assert history.text_diff("Aims.\n\nOne.", "Aims.\n\nOne.\nTwo.") == [
        Change("same", "Aims.\n\nOne."),
        Change("inserted", "\nTwo."),
    ]


def test_the_diff_of_two_equal_texts_is_one_unchanged_run():
    assert history.text_diff("Same text.", "Same text.") == [Change("same", "Same text.")]


def test_the_diff_from_nothing_is_all_inserted():
    assert history.text_diff("", "New text.") == [Change("inserted", "New text.")]


# Who may see the history


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_the_authors_and_the_team_see_the_latest_changes(as_role, role, proposal, two_revisions):
    first, second = two_revisions

    response = as_role(role).get(history_url(proposal))

    assertContains(response, DIFF, html=True)
    text = main_text(response)
    assert text.startswith(f"{proposal.title} History History of {proposal.title}")
    assert (
        f"From version 1 of {timezone.localtime(first.created_at):%-d %b %Y}, 09:15 by "
        f"bob@amadora.example to version 2 of {timezone.localtime(second.created_at):%-d %b %Y}, "
        "14:02 by alice@amadora.example."
    ) in text
    assert [row.pk for row in response.context["page"]] == [second.pk, first.pk]


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_the_authors_may_restore_any_text_but_the_current_one(
    as_role, role, proposal, two_revisions
):
    first, second = two_revisions

    response = as_role(role).get(history_url(proposal))

    assertContains(response, f'action="{restore_url(first)}"')
    assertNotContains(response, f'action="{restore_url(second)}"')
    assertContains(response, "<small>the current text</small>", count=1)


def test_the_team_reads_the_history_without_restore_buttons(login, dora, proposal, two_revisions):
    response = login(dora).get(history_url(proposal))

    assertNotContains(response, "/restore/")


def test_another_partner_gets_404(login, charlie, proposal, two_revisions):
    response = login(charlie).get(history_url(proposal))

    assert response.status_code == 404
    assert main_text(response) == NOT_FOUND


def test_an_anonymous_visitor_is_asked_to_log_in(client, proposal):
    response = client.get(history_url(proposal))

    assertRedirects(
        response, f"/accounts/login/?next={history_url(proposal)}", fetch_redirect_response=False
    )


def test_the_readers_of_a_public_proposal_do_not_see_its_history(
    login, charlie, bob, proposal, two_revisions
):
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)

    assert login(charlie).get(history_url(proposal)).status_code == 404
    assert login(bob).get(history_url(proposal)).status_code == 200


def test_the_history_answers_only_get(login, bob, proposal):
    assert login(bob).post(history_url(proposal)).status_code == 405


# What the page shows


def test_two_chosen_revisions_are_compared(login, bob, proposal, two_revisions):
    first, second = two_revisions
    third = save(summary(proposal), "Something else entirely.", bob)

    response = login(bob).get(history_url(proposal, f"?section=summary&a={first.pk}&b={second.pk}"))

    assertContains(response, DIFF, html=True)
    assert response.context["comparison"].after == second
    assert response.context["comparison"].before == first
    assertContains(response, f'value="{third.pk}" id="b-{third.pk}"')
    assertContains(response, f'name="b" value="{second.pk}" id="b-{second.pk}" ', count=1)


def test_a_single_revision_is_compared_with_the_empty_section(login, bob, proposal):
    save(summary(proposal), "First words.", bob)

    response = login(bob).get(history_url(proposal))

    assert response.context["comparison"].changes == [Change("inserted", "First words.")]
    assert "From the empty section to version 1 of" in main_text(response)


def test_a_section_without_revisions_says_so(login, bob, proposal):
    response = login(bob).get(history_url(proposal, "?section=objectives"))

    assert "Objectives Changes Nothing has been saved in this section yet." in main_text(response)


def test_each_section_is_listed_with_its_number_of_revisions(login, bob, proposal, two_revisions):
    save(proposal.sections.get(key="objectives"), "Jobs.", bob)

    response = login(bob).get(history_url(proposal))

    sections = [(s.key, s.revision_count) for s in response.context["sections"]]
    assert sections[:3] == [("summary", 2), ("context", 0), ("objectives", 1)]
    assertContains(response, 'href="?section=summary" class="nav-link active" aria-current="page"')


def test_a_conflict_copy_and_a_restored_text_are_marked(login, bob, alice, proposal, two_revisions):
    first, _ = two_revisions
    section = summary(proposal)
    services.section_save(section=section, text="Mine.", version=1, by=bob)
    services.revision_restore(revision=first, by=alice)

    response = login(bob).get(history_url(proposal))

    text = main_text(response)
    assert "kept after a conflict" in text
    saved = f"{timezone.localtime(first.created_at):%-d %b %Y}, 09:15"
    assert f"restored from the text of {saved} (version 1)" in text


def test_a_script_in_a_revision_shows_as_text(login, bob, proposal):
    save(summary(proposal), "<script>alert(1)</script>", bob)

    response = login(bob).get(history_url(proposal))

    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


def test_the_revisions_are_listed_twenty_at_a_time(login, bob, proposal):
    section = summary(proposal)
    start = timezone.now() - timedelta(days=1)
    for number in range(25):
        save(section, f"Text {number}.", bob, at=start + timedelta(minutes=number))

    first_page = login(bob).get(history_url(proposal))
    older = login(bob).get(history_url(proposal, "?section=summary&page=2"))

    assert [r.text for r in first_page.context["page"]] == [f"Text {n}." for n in range(24, 4, -1)]
    assert "Older revisions" in main_text(first_page)
    assert [r.text for r in older.context["page"]] == [f"Text {n}." for n in range(4, -1, -1)]
    assert "Newer revisions" in main_text(older)
    assert "Older revisions" not in main_text(older)


def test_the_number_of_queries_does_not_grow_with_the_revisions(
    login, bob, proposal, count_queries
):
    section = summary(proposal)
    save(section, "One.", bob)
    save(section, "Two.", bob)
    login(bob)
    few = count_queries(history_url(proposal))

    for number in range(40):
        save(section, f"Text {number}.", bob)
        save(proposal.sections.get(key="context"), f"Context {number}.", bob)
    many = count_queries(history_url(proposal))

    assert few == many


def test_a_live_burst_is_labelled_with_every_writer_author_first(
    login, bob, alice, charlie, proposal
):
    section = summary(proposal)
    result = services.section_save(
        section=section, text="Together.", version=0, by=bob, coauthors=[alice, charlie]
    )
    revision = result.section.revisions.get()

    response = login(bob).get(history_url(proposal))

    saved = f"{timezone.localtime(revision.created_at):%-d %b %Y}"
    assert f"version 1 of {saved}" in main_text(response)
    assert history.revision_writers(revision) == (
        "bob@amadora.example, alice@amadora.example and charlie@komotini.example"
    )
    assert history.revision_label(revision).endswith(
        " by bob@amadora.example, alice@amadora.example and charlie@komotini.example"
    )
    assertContains(
        response,
        "<td>bob@amadora.example, alice@amadora.example and charlie@komotini.example</td>",
        html=True,
    )


def test_the_number_of_queries_does_not_grow_with_the_co_authors(
    login, bob, alice, charlie, proposal, count_queries
):
    section = summary(proposal)
    services.section_save(section=section, text="One.", version=0, by=bob, coauthors=[alice])
    services.section_save(section=section, text="Two.", version=1, by=alice, coauthors=[bob])
    login(bob)
    few = count_queries(history_url(proposal))

    for number in range(30):
        section.refresh_from_db()
        services.section_save(
            section=section,
            text=f"Text {number}.",
            version=section.version,
            by=[bob, alice][number % 2],
            coauthors=[[alice, charlie], [bob, charlie]][number % 2],
        )
    many = count_queries(history_url(proposal))

    assert few == many


# Bad addresses: a message on the page, never a 500


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("?a=abc", "“abc” is not a revision number."),
        ("?b=-1", "“-1” is not a revision number."),
        ("?b=²", "“²” is not a revision number."),
        ("?a=99999999999999999999999", "“99999999999999999999” is not a revision number."),
    ],
)
def test_a_revision_id_that_is_not_a_number_is_explained(
    login, bob, proposal, two_revisions, query, problem
):
    response = login(bob).get(history_url(proposal, query))

    assertContains(response, DIFF, html=True)
    assert f"{problem} Showing the latest changes instead." in main_text(response)


def test_a_revision_of_another_proposal_is_explained(login, bob, proposal, two_revisions, als):
    other = make_proposal(als, title="Another proposal", by=bob)
    foreign = save(summary(other), "Not yours.", bob)
    first, _ = two_revisions

    response = login(bob).get(history_url(proposal, f"?a={first.pk}&b={foreign.pk}"))

    assertContains(response, DIFF, html=True)
    text = main_text(response)
    assert f"“Summary” has no revision {foreign.pk}. Showing the latest changes instead." in text
    assert "Not yours." not in text


def test_a_revision_of_another_section_is_explained(login, bob, proposal, two_revisions):
    elsewhere = save(proposal.sections.get(key="objectives"), "Jobs.", bob)

    response = login(bob).get(history_url(proposal, f"?section=summary&b={elsewhere.pk}"))

    assert f"“Summary” has no revision {elsewhere.pk}." in main_text(response)
    assertContains(response, DIFF, html=True)


def test_an_unknown_section_is_explained(login, bob, proposal, two_revisions):
    response = login(bob).get(history_url(proposal, "?section=<b>nope</b>"))

    assert "This proposal has no section “<b>nope</b>”; here is “Summary”." in main_text(response)
    assertContains(response, "&lt;b&gt;nope&lt;/b&gt;")
    assertContains(response, DIFF, html=True)


def test_a_page_number_out_of_range_shows_the_last_page(login, bob, proposal, two_revisions):
    response = login(bob).get(history_url(proposal, "?page=abc"))
    beyond = login(bob).get(history_url(proposal, "?page=99"))

    assert response.context["page"].number == 1
    assert beyond.context["page"].number == 1
    assert len(beyond.context["page"]) == 2


# Restore


@pytest.mark.parametrize("role", ["bob", "alice"])
def test_an_author_restores_an_earlier_text_as_a_new_version(
    as_role, role, request, proposal, two_revisions
):
    first, _ = two_revisions
    user = request.getfixturevalue(role)
    first.created_at = local(14, 2)
    first.save()

    response = as_role(role).post(restore_url(first))

    assertRedirects(
        response, f"/proposals/{proposal.pk}/#section-summary", fetch_redirect_response=False
    )
    assert messages_of(response) == ["Restored the text of 14:02 as a new version."]
    section = summary(proposal)
    assert (section.text, section.version, section.updated_by) == (BEFORE, 3, user)
    newest = section.revisions.get(version=3)
    assert (newest.text, newest.version, newest.author, newest.restored_from) == (
        BEFORE,
        3,
        user,
        first,
    )
    assert section.revisions.count() == 3


def test_the_message_names_the_day_of_an_older_text(login, bob, proposal, two_revisions):
    first, _ = two_revisions
    first.created_at = timezone.make_aware(datetime(2026, 3, 3, 9, 15))
    first.save()

    response = login(bob).post(restore_url(first))

    assert messages_of(response) == ["Restored the text of 3 March 2026, 09:15 as a new version."]


def test_a_restore_builds_on_what_others_saved_meanwhile(
    login, bob, alice, proposal, two_revisions
):
    first, _ = two_revisions
    save(summary(proposal), "Alice's newer text.", alice)

    login(bob).post(restore_url(first))

    section = summary(proposal)
    assert (section.text, section.version) == (BEFORE, 4)
    assert list(section.revisions.order_by("-pk").values_list("text", "version")) == [
        (BEFORE, 4),
        ("Alice's newer text.", 3),
        (AFTER, 2),
        (BEFORE, 1),
    ]


def test_a_kept_conflict_copy_can_be_restored(login, bob, proposal, two_revisions):
    result = services.section_save(section=summary(proposal), text="Mine.", version=1, by=bob)

    login(bob).post(restore_url(result.kept))

    section = summary(proposal)
    assert (section.text, section.version) == ("Mine.", 3)
    assert section.revisions.get(version=3).restored_from == result.kept


def test_restoring_the_current_text_changes_nothing(login, bob, proposal, two_revisions):
    _, second = two_revisions

    response = login(bob).post(restore_url(second))

    saved = f"{timezone.localtime(second.created_at):%-d %B %Y}, 14:02"
    assert messages_of(response) == [f"The text of {saved} is the current text: nothing changed."]
    assert summary(proposal).version == 2
    assert Revision.objects.count() == 2


def test_the_team_may_not_restore(login, dora, proposal, two_revisions):
    first, _ = two_revisions

    response = login(dora).post(restore_url(first))

    assertRedirects(
        response,
        f"/proposals/{proposal.pk}/history/?section=summary",
        fetch_redirect_response=False,
    )
    assert messages_of(response) == ["Only the authors of a proposal can restore an earlier text."]
    assert summary(proposal).text == AFTER
    assert Revision.objects.count() == 2


def test_an_author_may_not_restore_once_the_proposal_is_submitted(
    login, bob, proposal, two_revisions
):
    first, _ = two_revisions
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")

    response = login(bob).post(restore_url(first))

    assert messages_of(response) == ["This proposal is submitted: its text cannot be changed now."]
    assert summary(proposal).text == AFTER
    assert Revision.objects.count() == 2


def test_another_partner_cannot_restore(login, charlie, proposal, two_revisions):
    first, _ = two_revisions

    response = login(charlie).post(restore_url(first))

    assert response.status_code == 404
    assert summary(proposal).text == AFTER


def test_an_anonymous_visitor_cannot_restore(client, proposal, two_revisions):
    first, _ = two_revisions

    response = client.post(restore_url(first))

    assertRedirects(
        response, f"/accounts/login/?next={restore_url(first)}", fetch_redirect_response=False
    )
    assert summary(proposal).text == AFTER


def test_a_revision_of_another_proposal_cannot_be_restored_through_this_one(
    login, bob, als, proposal, two_revisions
):
    other = make_proposal(als, title="Another proposal", by=bob)
    foreign = save(summary(other), "Not this one.", bob)

    response = login(bob).post(f"/proposals/{proposal.pk}/revisions/{foreign.pk}/restore/")

    assert response.status_code == 404
    assert summary(proposal).text == AFTER
    assert summary(other).version == 1


def test_a_revision_of_a_proposal_of_another_partner_is_404(
    login, charlie, other_als, proposal, two_revisions
):
    theirs = make_proposal(other_als, by=charlie)
    first, _ = two_revisions

    response = login(charlie).post(f"/proposals/{theirs.pk}/revisions/{first.pk}/restore/")

    assert response.status_code == 404
    assert summary(theirs).text == ""


def test_restore_answers_only_post(login, bob, proposal, two_revisions):
    first, _ = two_revisions

    assert login(bob).get(restore_url(first)).status_code == 405
