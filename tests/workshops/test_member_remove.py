"""Removing a member of a partner's learning sets: a delegate is never deleted.

Who may reach the page (the partner's contact and the management team) is tested with the
other member pages in tests/learningsets/test_member_views.py.
"""

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from learningsets.models import Member
from tests.learningsets.test_member_views import manage_urls, member_rows
from tests.pages import main_text
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration, Workshop


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_removing_a_member_asks_for_confirmation_first(as_role, role, bob_member):
    before = member_rows()

    response = as_role(role).get(manage_urls(bob_member)["remove"])

    assert main_text(response) == (
        "My MILE Amadora Remove Bob Remove Bob? Bob (Town hall) will no longer be a member of "
        "the learning set on Enterprise support and development. Their account, if they have "
        "one, is kept. Remove Bob Cancel"
    )
    assert member_rows() == before


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_a_contact_or_the_team_removes_a_member(as_role, role, bob, bob_member):
    response = as_role(role).post(manage_urls(bob_member)["remove"], follow=True)

    assertRedirects(response, "/partners/amadora/manage/")
    assertContains(
        response, "Bob was removed from ALS Amadora — Enterprise support and development."
    )
    assert (member_rows(), type(bob).objects.filter(pk=bob.pk).exists()) == ([], True)


# A member who is or was a delegate: on record, so never deleted; they can become former.


def past_workshop(**fields):
    """A workshop that was held last month."""
    start = timezone.localdate() - dt.timedelta(days=30)
    return WorkshopFactory(
        title="Amadora 2008",
        start_date=start,
        end_date=start + dt.timedelta(days=2),
        registration_opens_at=timezone.now() - dt.timedelta(days=60),
        registration_closes_at=timezone.now() - dt.timedelta(days=40),
        status=Workshop.Status.HELD,
        **fields,
    )


def upcoming_workshop(member, **fields):
    """A workshop three weeks ahead, registration open now, the member's partner invited."""
    partner = member.learning_set.partner
    return WorkshopFactory(title="Torino 2009", invited=[partner], **fields)


def member_and_delegacy_rows():
    registrations = Registration.objects.order_by("pk").values_list("member_id", "status")
    return (
        member_rows(),
        list(Member.objects.values_list("left_on", flat=True)),
        list(registrations),
    )


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_removing_a_past_delegate_says_why_and_offers_to_keep_them_as_former(
    as_role, role, bob_member
):
    workshop = past_workshop()
    RegistrationFactory(member=bob_member, workshop=workshop, status=Registration.Status.ATTENDED)
    before = member_and_delegacy_rows()

    response = as_role(role).get(manage_urls(bob_member)["remove"])

    assert main_text(response) == (
        "My MILE Amadora Remove Bob Remove Bob? Bob (Town hall) is on record as a delegate: "
        f"Amadora 2008, {workshop.start_date:%-d %B %Y}: Attended These registrations are kept, "
        "so Bob cannot be removed from the learning set on Enterprise support and development. "
        "You can mark Bob as a former member instead: they will no longer be listed among the "
        "learning set’s members or offered as a delegate, and past workshops still show them. "
        "Mark Bob as a former member Cancel"
    )
    assert member_and_delegacy_rows() == before


@pytest.mark.parametrize("status", ["attended", "withdrawn"])
def test_a_post_removing_a_delegate_is_refused_with_the_reason_and_changes_nothing(
    login, alice, bob_member, status
):
    RegistrationFactory(member=bob_member, workshop=past_workshop(), status=status)
    before = member_and_delegacy_rows()

    response = login(alice).post(manage_urls(bob_member)["remove"])

    assert response.status_code == 200
    assert (
        "Bob is on record as a workshop delegate, so they cannot be removed: mark them as a "
        "former member instead. Nothing was changed." in main_text(response)
    )
    assert member_and_delegacy_rows() == before


def test_a_past_delegate_becomes_a_former_member_shown_only_as_such(
    client, login, alice, bob_member, ana
):
    RegistrationFactory(member=bob_member, workshop=past_workshop(), status="attended")
    torino = upcoming_workshop(bob_member, sub_theme=bob_member.learning_set.sub_theme)

    response = login(alice).post(manage_urls(bob_member)["remove"], {"keep": "former"}, follow=True)

    assertRedirects(response, "/partners/amadora/manage/")
    assertContains(
        response, "Bob is now a former member of ALS Amadora — Enterprise support and development."
    )
    bob_member.refresh_from_db()
    assert bob_member.left_on == timezone.localdate()
    assert f"Bob Former member since {timezone.localdate():%-d %b %Y}" in main_text(response)
    assert manage_urls(bob_member)["remove"] not in response.content.decode()
    delegates = client.get(f"/workshops/{torino.slug}/delegates/amadora/")
    assert [pk for pk, _ in delegates.context["form"].fields["members"].widget.choices] == [ana.pk]
    client.logout()
    learning_set = client.get(f"/learning-sets/{bob_member.learning_set_id}/")
    partner = client.get("/partners/amadora/")
    assert [
        m.name for _, group in learning_set.context["members_by_actor_type"] for m in group
    ] == ["Ana Costa"]
    assert learning_set.context["member_count"] == 1
    assert [person.name for person in partner.context["local_support_group"]] == ["Ana Costa"]
    assert "Bob" not in main_text(partner)


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_a_delegate_of_an_open_workshop_is_sent_to_withdraw_first(as_role, role, bob_member):
    torino = upcoming_workshop(bob_member)
    registration = RegistrationFactory(member=bob_member, workshop=torino, status="confirmed")
    client = as_role(role)
    before = member_and_delegacy_rows()

    page = client.get(manage_urls(bob_member)["remove"])
    refused = client.post(manage_urls(bob_member)["remove"], {"keep": "former"})

    delegates = f"/workshops/{torino.slug}/delegates/amadora/{registration.pk}"
    assert main_text(page).endswith(
        "Bob still has a place at Torino 2009: withdraw Bob or give the place to someone else "
        "first; then Bob can become a former member. Back to Amadora"
    )
    assertContains(page, f'href="{delegates}/withdraw/"')
    assertContains(page, f'href="{delegates}/replace/"')
    assert "Mark Bob as a former member" not in main_text(page)
    assert (
        "Bob is a delegate for Torino 2009: withdraw them, or give their place to someone else, "
        "first. Nothing was changed." in main_text(refused)
    )
    assert member_and_delegacy_rows() == before


def test_a_delegate_of_a_workshop_whose_registration_closed_is_sent_to_the_team(
    login, alice, bob_member
):
    torino = upcoming_workshop(
        bob_member, registration_closes_at=timezone.now() - dt.timedelta(hours=1)
    )
    RegistrationFactory(member=bob_member, workshop=torino, status="confirmed")

    response = login(alice).get(manage_urls(bob_member)["remove"])

    assert main_text(response).endswith(
        "Bob still has a place at Torino 2009, and its registration is closed: the MILE "
        "management team can withdraw Bob; then Bob can become a former member. Back to Amadora"
    )


def test_a_withdrawn_delegate_can_become_a_former_member(login, alice, bob_member):
    RegistrationFactory(
        member=bob_member, workshop=upcoming_workshop(bob_member), status="withdrawn"
    )

    login(alice).post(manage_urls(bob_member)["remove"], {"keep": "former"})

    bob_member.refresh_from_db()
    assert bob_member.left_on == timezone.localdate()
