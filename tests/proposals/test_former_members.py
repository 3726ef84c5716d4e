"""A former member (one who left the set but stays on record as a past delegate) is no longer
one of its authors: the set's drafts, member contacts and e-mails are for its current members."""

import pytest
from django.urls import reverse
from django.utils import timezone

from learningsets.permissions import can_see_member_contacts
from learningsets.selectors import learning_sets_of_member
from outbox.models import Email
from proposals import comments


@pytest.fixture
def bob_left(bob_member):
    bob_member.left_on = timezone.localdate()
    bob_member.save(update_fields=["left_on"])
    return bob_member.user


def test_a_former_member_no_longer_opens_the_sets_draft(login, proposal, bob_left):
    page = login(bob_left).get(reverse("proposals:detail", args=[proposal.pk]))

    assert page.status_code == 404


def test_a_former_member_no_longer_writes_a_section(login, proposal, bob_left):
    section = proposal.sections.get(key="summary")
    before = (section.text, section.version)

    refused = login(bob_left).post(
        reverse("proposals:section_save", args=[proposal.pk, "summary"]),
        {"text": "Written after leaving.", "version": section.version},
    )

    section.refresh_from_db()
    assert refused.status_code == 404
    assert (section.text, section.version) == before


def test_a_current_member_still_opens_the_sets_draft(login, proposal, bob):
    page = login(bob).get(reverse("proposals:detail", args=[proposal.pk]))

    assert page.status_code == 200
    assert page.context["proposal"] == proposal


def test_a_former_member_has_no_learning_set_of_their_own_any_more(als, bob_left):
    assert list(learning_sets_of_member(user=bob_left)) == []
    assert can_see_member_contacts(user=bob_left, learning_set=als) is False


def test_a_former_member_is_not_emailed_about_the_teams_comments(proposal, dora, alice, bob_left):
    comments.comment_add(proposal=proposal, section=None, body="Please give numbers.", by=dora)

    assert list(Email.objects.values_list("to", flat=True)) == ["alice@amadora.example"]
