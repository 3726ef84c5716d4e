"""Signing up by invitation: a workshop or account invitation opens allauth's signup form."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from learningsets.invitations import account_invitation_send
from learningsets.models import AccountInvitation, Member
from tests.factories import MemberFactory, UserFactory
from tests.pages import main_text
from tests.workshops.factories import WorkshopFactory
from workshops import services

User = get_user_model()
PASSWORD = "a-long-secret-2008"
SIGNUP_CLOSED = (
    "Accounts by invitation only You cannot sign up on this platform yourself: accounts are "
    "created by invitation only, by the MILE management team."
)
OTHER_ADDRESS = (
    "Use the address your invitation was sent to: ana@amadora.example. To use another "
    "address, ask the MILE management team."
)


@pytest.fixture
def ana(als):
    """A member of Amadora's learning set without an account."""
    return MemberFactory(learning_set=als, name="Ana", email="ana@amadora.example")


@pytest.fixture
def ana_elsewhere(amadora_sets, other_als):
    """Ana's memberships of two other learning sets, under her address in other capitals."""
    return [
        MemberFactory(learning_set=amadora_sets[1], name="Ana", email="Ana@Amadora.example"),
        MemberFactory(learning_set=other_als, name="Ana", email="ANA@AMADORA.EXAMPLE"),
    ]


@pytest.fixture
def confirmed_by_link(client, ana, amadora, komotini, als, alice):
    """Ana has confirmed her workshop invitation from its link, in this browser."""
    workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora, komotini])
    [registration] = services.delegates_register(
        workshop=workshop, partner=amadora, members=[ana], by=alice
    )
    token = registration.invitations.get().token()
    client.post(f"/workshops/invitation/{token}/", {"answer": "confirm"})
    return client


@pytest.fixture
def account_link(ana, alice):
    """The token of Ana's account invitation."""
    return account_invitation_send(member=ana, by=alice).token()


def sign_up(client, email="ana@amadora.example"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def accounts():
    return (
        list(User.objects.order_by("pk").values_list("email", flat=True)),
        list(EmailAddress.objects.order_by("pk").values_list("email", "verified", "primary")),
    )


def memberships():
    return list(Member.objects.order_by("pk").values_list("email", "user__email"))


# Without an invitation


def test_signup_without_an_invitation_is_closed_and_creates_nobody(client, ana, mailoutbox):
    page = client.get("/accounts/signup/")
    response = sign_up(client)

    assert main_text(page).startswith(SIGNUP_CLOSED)
    assert main_text(response).startswith(SIGNUP_CLOSED)
    assert (accounts(), len(mailoutbox)) == (([], []), 0)


def test_declining_also_opens_the_signup_form(client, ana, amadora, komotini, als, alice):
    workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora, komotini])
    [registration] = services.delegates_register(
        workshop=workshop, partner=amadora, members=[ana], by=alice
    )

    client.post(
        f"/workshops/invitation/{registration.invitations.get().token()}/", {"answer": "decline"}
    )

    assertContains(client.get("/accounts/signup/"), 'value="ana@amadora.example"')


# After answering a workshop invitation


def test_the_signup_form_is_open_with_the_invited_address(confirmed_by_link):
    response = confirmed_by_link.get("/accounts/signup/")

    assert 'name="password1"' in response.text
    assert response.context["form"].fields["email"].initial == "ana@amadora.example"
    assertContains(response, 'value="ana@amadora.example"')


def test_signing_up_creates_a_verified_account_linked_to_every_membership(
    confirmed_by_link, ana, ana_elsewhere, bob_member, mailoutbox
):
    mailoutbox.clear()

    response = sign_up(confirmed_by_link)

    assertRedirects(response, "/my/", fetch_redirect_response=False)
    assert accounts() == (
        ["alice@amadora.example", "bob@amadora.example", "ana@amadora.example"],
        [
            ("alice@amadora.example", True, True),
            ("bob@amadora.example", True, True),
            ("ana@amadora.example", True, True),
        ],
    )
    ana_user = User.objects.get(email="ana@amadora.example")
    assert confirmed_by_link.session["_auth_user_id"] == str(ana_user.pk)
    assert memberships() == [
        ("ana@amadora.example", "ana@amadora.example"),
        ("Ana@Amadora.example", "ana@amadora.example"),
        ("ANA@AMADORA.EXAMPLE", "ana@amadora.example"),
        ("bob@amadora.example", "bob@amadora.example"),
    ]
    assert mailoutbox == []


def test_the_new_account_logs_in_at_once_and_signup_closes_again(confirmed_by_link, ana):
    sign_up(confirmed_by_link)
    confirmed_by_link.post("/accounts/logout/")

    login = confirmed_by_link.post(
        "/accounts/login/", {"login": "ana@amadora.example", "password": PASSWORD}
    )
    confirmed_by_link.post("/accounts/logout/")
    signup_again = confirmed_by_link.get("/accounts/signup/")

    assertRedirects(login, "/my/", fetch_redirect_response=False)
    assert SIGNUP_CLOSED in main_text(signup_again)
    assert 'name="password1"' not in signup_again.text


@pytest.mark.parametrize("email", ["eve@amadora.example", "bob@amadora.example"])
def test_signing_up_with_another_address_is_refused_and_creates_nothing(
    confirmed_by_link, ana, bob_member, email
):
    before = (accounts(), memberships())

    response = sign_up(confirmed_by_link, email=email)

    assert response.status_code == 200
    assert OTHER_ADDRESS in response.context["form"].errors["email"]
    assertContains(response, OTHER_ADDRESS)
    assertContains(response, f'value="{email}"')
    assert (accounts(), memberships()) == before


def test_the_invited_address_in_other_capitals_is_accepted(confirmed_by_link, ana):
    response = sign_up(confirmed_by_link, email="Ana@Amadora.EXAMPLE")

    assertRedirects(response, "/my/", fetch_redirect_response=False)
    assert Member.objects.get(pk=ana.pk).user.email.lower() == "ana@amadora.example"
    assert EmailAddress.objects.get(email__iexact="ana@amadora.example").verified is True


# The account invitation link


def test_the_account_invitation_page_shows_whose_it_is_and_changes_nothing(client, account_link):
    response = client.get(f"/accounts/invitation/{account_link}/")

    assert main_text(response) == (
        "Create your account Dear Ana, you are a member of ALS Amadora — Enterprise support and "
        "development. With an account you register for workshops through your partner contact, "
        "see your fellow members and draft your learning set's project proposals together. "
        "Continue: choose my password Your account will use ana@amadora.example. This link is "
        "personal and works once."
    )
    assert AccountInvitation.objects.get().used_at is None
    assert main_text(client.get("/accounts/signup/")).startswith(SIGNUP_CLOSED)


def test_the_account_invitation_leads_to_the_signup_form_and_a_verified_account(
    client, account_link, ana, ana_elsewhere, mailoutbox
):
    mailoutbox.clear()

    response = client.post(f"/accounts/invitation/{account_link}/")

    assertRedirects(response, "/accounts/signup/", fetch_redirect_response=False)
    assert AccountInvitation.objects.get().used_at is not None
    assertContains(client.get("/accounts/signup/"), 'value="ana@amadora.example"')
    assertRedirects(sign_up(client), "/my/", fetch_redirect_response=False)
    assert accounts() == (
        ["alice@amadora.example", "ana@amadora.example"],
        [("alice@amadora.example", True, True), ("ana@amadora.example", True, True)],
    )
    assert [user for _, user in memberships()] == ["ana@amadora.example"] * 3
    assert mailoutbox == []


def test_the_account_invitation_refuses_another_address(client, account_link, ana):
    client.post(f"/accounts/invitation/{account_link}/")

    response = sign_up(client, email="eve@amadora.example")

    assertContains(response, OTHER_ADDRESS)
    assert accounts() == (["alice@amadora.example"], [("alice@amadora.example", True, True)])


def test_an_account_invitation_for_someone_who_has_an_account_since_sends_them_to_log_in(
    client, account_link
):
    UserFactory(email="Ana@amadora.example")

    response = client.post(f"/accounts/invitation/{account_link}/", follow=True)

    assertRedirects(response, "/accounts/login/")
    assert main_text(response).startswith(
        "You already have an account: log in with your e-mail address."
    )
    assert "account_verified_email" not in client.session


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_used_account_invitation_no_longer_works(client, account_link, method):
    client.post(f"/accounts/invitation/{account_link}/")
    used = AccountInvitation.objects.get().used_at

    response = getattr(client, method)(f"/accounts/invitation/{account_link}/")

    assert (response.status_code, main_text(response)) == (
        410,
        "This link does not work This link was already used, on "
        f"{timezone.localtime(used).day} {timezone.localtime(used):%B %Y, %H:%M}. "
        "Nothing was changed. If you still need this link, ask your partner contact or the "
        "MILE management team to send you a new one. "
        "Go to the home page",
    )
    assert AccountInvitation.objects.get().used_at == used


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_account_invitation_is_not_found(client, account_link, method):
    tampered = account_link[:-1] + ("A" if account_link[-1] != "A" else "B")

    response = getattr(client, method)(f"/accounts/invitation/{tampered}/")

    assert (response.status_code, main_text(response)) == (
        404,
        "This link does not work This invitation link is not valid. Check that you opened the "
        "whole link from the e-mail. Nothing was changed. If you still need this link, ask your "
        "partner contact or the MILE management team to send you a new one. Go to the home page",
    )
    assert AccountInvitation.objects.get().used_at is None


def test_a_workshop_invitation_token_is_no_account_invitation(client, ana, amadora, als, alice):
    workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora])
    [registration] = services.delegates_register(
        workshop=workshop, partner=amadora, members=[ana], by=alice
    )

    response = client.post(f"/accounts/invitation/{registration.invitations.get().token()}/")

    assert response.status_code == 404
    assert main_text(client.get("/accounts/signup/")).startswith(SIGNUP_CLOSED)
