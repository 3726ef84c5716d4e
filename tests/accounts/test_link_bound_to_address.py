"""A personal link proves the address it was sent to, and only that one (issue 14).

The attack: a partner contact adds a member with their own address, has a link sent there,
then changes that member's address to the address of somebody in another partner's set who has
no account yet, and signs up through the link. The new account must never get the victim's
memberships.
"""

from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from pytest_django.asserts import assertRedirects

from learningsets.invitations import account_invitation_send
from learningsets.models import AccountInvitation, Member
from learningsets.services import member_create, member_link_account, member_update
from tests.factories import MemberFactory, UserFactory
from tests.pages import main_text
from tests.workshops.factories import WorkshopFactory
from workshops import services as workshop_services
from workshops.models import Invitation, Registration

User = get_user_model()
PASSWORD = "a-long-secret-2008"
OWN = "mallory@amadora.example"
VICTIM = "vera@komotini.example"
SIGNUP_CLOSED = (
    "Accounts by invitation only You cannot sign up on this platform yourself: accounts are "
    "created by invitation only, by the MILE management team."
)
WITHDRAWN = (
    "This link does not work This link was withdrawn and no longer works. Nothing was changed. "
    "If you still need this link, ask your partner contact or the MILE management team to send "
    "you a new one. Go to the home page"
)
ADDRESS_CHANGED = (
    "This link does not work This link was sent to an e-mail address that has since been "
    "changed, so it no longer works. Nothing was changed. If you still need this link, ask your "
    "partner contact or the MILE management team to send you a new one. Go to the home page"
)
NEW_MEMBER = {
    "name": "Mallory",
    "email": OWN,
    "organisation": "Town hall",
    "position": "",
    "actor_type": "practitioner",
}


@pytest.fixture
def contact(alice):
    """Alice, Amadora's partner contact, logged in in a browser of her own."""
    browser = Client()
    browser.force_login(alice)
    return browser


@pytest.fixture
def vera(other_als):
    """A member of Komotini's learning set who has no account yet: the victim."""
    return MemberFactory(learning_set=other_als, name="Vera", email=VICTIM)


def sign_up(client, email):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def add_own_member(contact_client, als) -> Member:
    contact_client.post(
        "/partners/amadora/manage/members/add/", NEW_MEMBER | {"learning_set": als.pk}
    )
    return Member.objects.get(email=OWN)


def change_address(contact_client, member, email):
    return contact_client.post(
        f"/partners/amadora/manage/members/{member.pk}/edit/",
        NEW_MEMBER | {"learning_set": member.learning_set_id, "email": email},
    )


def accounts_and_links():
    return (
        list(User.objects.order_by("pk").values_list("email", flat=True)),
        list(Member.objects.order_by("pk").values_list("email", "user__email")),
    )


# The attack, end to end through the pages


def test_a_contact_cannot_take_over_another_sets_memberships_with_an_account_invitation(
    client, contact, als, vera
):
    mallory = add_own_member(contact, als)
    contact.post(f"/partners/amadora/manage/members/{mallory.pk}/invite/")
    token = AccountInvitation.objects.get().token()
    edited = change_address(contact, mallory, VICTIM)

    opened = client.get(f"/accounts/invitation/{token}/")
    used = client.post(f"/accounts/invitation/{token}/")
    signup = sign_up(client, VICTIM)

    assertRedirects(edited, "/partners/amadora/manage/", fetch_redirect_response=False)
    assert (opened.status_code, main_text(opened)) == (410, WITHDRAWN)
    assert (used.status_code, main_text(used)) == (410, WITHDRAWN)
    assert main_text(signup).startswith(SIGNUP_CLOSED)
    assert "account_verified_email" not in client.session
    assert accounts_and_links() == (
        ["alice@amadora.example"],
        [(VICTIM, None), (VICTIM, None)],
    )


def test_a_contact_cannot_take_over_another_sets_memberships_with_a_workshop_invitation(
    client, contact, alice, amadora, komotini, als, vera
):
    workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora, komotini])
    mallory = add_own_member(contact, als)
    [registration] = workshop_services.delegates_register(
        workshop=workshop, partner=amadora, members=[mallory], by=alice
    )
    token = registration.invitations.get().token()
    change_address(contact, mallory, VICTIM)

    opened = client.get(f"/workshops/invitation/{token}/")
    answered = client.post(f"/workshops/invitation/{token}/", {"answer": "confirm"})
    signup = sign_up(client, VICTIM)

    assert (opened.status_code, main_text(opened)) == (410, ADDRESS_CHANGED)
    assert (answered.status_code, main_text(answered)) == (410, ADDRESS_CHANGED)
    assert main_text(signup).startswith(SIGNUP_CLOSED)
    assert "account_verified_email" not in client.session
    assert Registration.objects.get().status == Registration.Status.INVITED
    assert Invitation.objects.get().used_at is None
    assert accounts_and_links() == (
        ["alice@amadora.example"],
        [(VICTIM, None), (VICTIM, None)],
    )


def test_a_link_used_before_the_address_changed_proves_only_the_old_address(
    client, contact, als, vera
):
    mallory = add_own_member(contact, als)
    contact.post(f"/partners/amadora/manage/members/{mallory.pk}/invite/")
    client.post(f"/accounts/invitation/{AccountInvitation.objects.get().token()}/")
    change_address(contact, mallory, VICTIM)

    refused = sign_up(client, VICTIM)
    signed_up = sign_up(client, OWN)

    assert (
        "Use the address your invitation was sent to: mallory@amadora.example. To use another "
        "address, ask the MILE management team."
    ) in main_text(refused)
    assertRedirects(signed_up, "/my/", fetch_redirect_response=False)
    assert accounts_and_links() == (
        ["alice@amadora.example", OWN],
        [(VICTIM, None), (VICTIM, None)],
    )


# Each link records its address


def test_each_link_records_the_address_it_was_sent_to(alice, ana, amadora, komotini, als):
    workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora, komotini])
    [registration] = workshop_services.delegates_register(
        workshop=workshop, partner=amadora, members=[ana], by=alice
    )
    account_invitation_send(member=ana, by=alice)

    assert (AccountInvitation.objects.get().email, registration.invitations.get().email) == (
        "ana@amadora.example",
        "ana@amadora.example",
    )


def test_a_link_whose_members_address_changed_is_refused_even_if_not_withdrawn(alice, ana):
    invitation = account_invitation_send(member=ana, by=alice)
    Member.objects.filter(pk=ana.pk).update(email=VICTIM)

    found, problem = AccountInvitation.look_up(invitation.token())

    assert (found, problem) == (
        invitation,
        "This link was sent to an e-mail address that has since been changed, so it no longer "
        "works.",
    )


def test_the_address_in_other_capitals_is_the_same_address(alice, ana):
    invitation = account_invitation_send(member=ana, by=alice)
    Member.objects.filter(pk=ana.pk).update(email="Ana@Amadora.EXAMPLE")

    assert AccountInvitation.look_up(invitation.token()) == (invitation, "")


# Changing a member's address withdraws their open account invitation


def test_changing_the_address_withdraws_the_open_account_invitation(alice, ana):
    invitation = account_invitation_send(member=ana, by=alice)

    member_update(member=ana, learning_set=ana.learning_set, email="ana.costa@amadora.example")

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


@pytest.mark.parametrize(
    "change", [{"name": "Ana Maria Costa"}, {"email": "ANA@amadora.example"}], ids=str
)
def test_other_changes_keep_the_account_invitation_open(alice, ana, change):
    invitation = account_invitation_send(member=ana, by=alice)

    member_update(member=ana, learning_set=ana.learning_set, **change)

    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_team_changing_the_address_in_the_admin_withdraws_the_open_invitation(
    login, dora, alice, ana
):
    invitation = account_invitation_send(member=ana, by=alice)

    login(dora).post(
        f"/admin/learningsets/member/{ana.pk}/change/",
        {
            "learning_set": ana.learning_set_id,
            "name": ana.name,
            "email": VICTIM,
            "organisation": ana.organisation,
            "position": "",
            "actor_type": ana.actor_type,
            "user": "",
        },
    )

    invitation.refresh_from_db()
    assert (Member.objects.get(pk=ana.pk).email, invitation.revoked_at is not None) == (
        VICTIM,
        True,
    )


# Linking a member to an existing account by address


def test_a_member_is_linked_to_an_account_whose_address_is_verified(als):
    user = UserFactory(email="eva@amadora.example")

    member = member_create(
        learning_set=als,
        name="Eva",
        email="Eva@Amadora.example",
        organisation="Town hall",
        actor_type="practitioner",
    )

    assert member.user == user


def test_a_member_is_not_linked_to_an_account_whose_address_nobody_proved(als):
    user = UserFactory(email="eva@amadora.example")
    EmailAddress.objects.filter(user=user).update(verified=False)
    member = Member(learning_set=als, name="Eva", email="eva@amadora.example")

    member_link_account(member)

    assert member.user is None


# The migrations: links sent before them went to the member's current address


def test_the_migration_fills_in_the_address_of_earlier_account_invitations(alice, ana):
    account_invitation_send(member=ana, by=alice)
    AccountInvitation.objects.update(email="")

    import_module("learningsets.migrations.0004_accountinvitation_email").fill_sent_to(apps, None)

    assert list(AccountInvitation.objects.values_list("email", flat=True)) == [ana.email]


def test_the_migration_fills_in_the_address_of_earlier_workshop_invitations(
    alice, ana, amadora, komotini, als
):
    workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora, komotini])
    workshop_services.delegates_register(
        workshop=workshop, partner=amadora, members=[ana], by=alice
    )
    Invitation.objects.update(email="")
    Invitation.history.update(email="")

    import_module("workshops.migrations.0005_invitation_email").fill_sent_to(apps, None)

    assert (
        list(Invitation.objects.values_list("email", flat=True)),
        list(Invitation.history.values_list("email", flat=True)),
    ) == ([ana.email], [ana.email])


def test_the_team_changing_the_address_among_a_sets_members_withdraws_the_open_invitation(
    login, dora, alice, ana
):
    invitation = account_invitation_send(member=ana, by=alice)
    als = ana.learning_set

    response = login(dora).post(
        f"/admin/learningsets/learningset/{als.pk}/change/",
        {
            "partner": als.partner_id,
            "sub_theme": als.sub_theme_id,
            "description": als.description,
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "1",
            "members-0-id": ana.pk,
            "members-0-learning_set": als.pk,
            "members-0-name": ana.name,
            "members-0-email": VICTIM,
            "members-0-organisation": ana.organisation,
            "members-0-position": "",
            "members-0-actor_type": ana.actor_type,
        },
    )

    invitation.refresh_from_db()
    assert (response.status_code, Member.objects.get(pk=ana.pk).email) == (302, VICTIM)
    assert invitation.revoked_at is not None
