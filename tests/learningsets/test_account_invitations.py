"""Account invitations: the partner contact's button, the admin action, and the e-mail."""

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from learningsets.invitations import RESEND_AFTER, account_invitation_send
from learningsets.models import AccountInvitation
from outbox import mail
from outbox.models import Email
from tests.factories import MemberFactory, UserFactory
from tests.pages import main_text

SITE = "https://als.example"
SUBJECT = "Your account for the MILE Action Learning Sets"
NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."
SENT_AT = dt.datetime(2030, 3, 4, 10, 0, tzinfo=dt.UTC)

# The e-mails' wording in English; their languages: tests/workshops/test_email_languages.py.
pytestmark = pytest.mark.usefixtures("english_only")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def carla(als):
    """A member of Amadora's learning set without an account."""
    return MemberFactory(learning_set=als, name="Carla", email="carla@amadora.example")


def invite_url(member, partner_slug="amadora") -> str:
    return f"/partners/{partner_slug}/manage/members/{member.pk}/invite/"


def emails():
    """Every queued e-mail as (kind, to, subject, dedupe key, what it is about, related object)."""
    return [
        (email.kind, email.to, email.subject, email.dedupe_key, email.about, email.related)
        for email in Email.objects.order_by("pk")
    ]


def invitations():
    return list(
        AccountInvitation.objects.order_by("pk").values_list(
            "member__name", "sent_by__email", "used_at", "revoked_at"
        )
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# The partner contact's button


@pytest.mark.parametrize(
    ("role", "email"), [("alice", "alice@amadora.example"), ("dora", "dora@mile.example")]
)
def test_a_contact_or_the_team_sends_a_member_an_account_invitation(as_role, role, email, carla):
    response = as_role(role).post(invite_url(carla), follow=True)

    assertRedirects(response, "/partners/amadora/manage/")
    assert messages_of(response) == ["Carla will get an e-mail to create their account."]
    assert invitations() == [("Carla", email, None, None)]
    invitation = AccountInvitation.objects.get()
    assert emails() == [
        (
            "account_invitation",
            "carla@amadora.example",
            SUBJECT,
            f"account:{carla.pk}:{invitation.pk}",
            None,
            invitation,
        )
    ]
    assert "Carla carla@amadora.example Town hall Practitioner Invite again (Carla)" in (
        main_text(response)
    )


def test_the_invitation_is_valid_for_two_weeks(carla, alice):
    invitation = account_invitation_send(member=carla, by=alice, at=SENT_AT)

    assert (invitation.created_at, invitation.expires_at) == (
        SENT_AT,
        dt.datetime(2030, 3, 18, 10, 0, tzinfo=dt.UTC),
    )


def test_the_stored_e_mail_and_invitation_never_hold_the_token(carla, alice):
    invitation = account_invitation_send(member=carla, by=alice)
    token = invitation.token()
    email = Email.objects.get()

    assert mail.PERSONAL_LINK in email.body_text
    assert [token in field for field in (email.subject, email.body_text, email.body_html)] == [
        False,
        False,
        False,
    ]
    stored = AccountInvitation.objects.filter(pk=invitation.pk).values().get()
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(value) for value in stored.values()]


def test_the_delivered_e_mail_carries_the_link(
    carla, alice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = account_invitation_send(member=carla, by=alice)

    [message] = mailoutbox
    link = f"{SITE}/accounts/invitation/{invitation.token()}/"
    assert (message.to, message.subject) == (["carla@amadora.example"], SUBJECT)
    assert (link in message.body, f'href="{link}"' in message.alternatives[0].content) == (
        True,
        True,
    )
    assert mail.PERSONAL_LINK not in message.body


def test_inviting_again_revokes_the_earlier_link(client, login, alice, carla):
    first = account_invitation_send(member=carla, by=alice, at=timezone.now() - RESEND_AFTER)

    login(alice).post(invite_url(carla))

    first.refresh_from_db()
    second = AccountInvitation.objects.exclude(pk=first.pk).get()
    assert (first.revoked_at, second.revoked_at) == (second.created_at, None)
    assert [kind for kind, *_ in emails()] == ["account_invitation", "account_invitation"]
    client.logout()
    response = client.get(f"/accounts/invitation/{first.token()}/")
    assert response.status_code == 410
    assert "This link was withdrawn and no longer works." in main_text(response)


def hh_mm(moment) -> str:
    return f"{timezone.localtime(moment):%H:%M}"


def test_inviting_again_within_five_minutes_is_refused_and_says_when(login, alice, carla):
    first = account_invitation_send(
        member=carla, by=alice, at=timezone.now() - dt.timedelta(minutes=2)
    )

    response = login(alice).post(invite_url(carla), follow=True)

    assertRedirects(response, "/partners/amadora/manage/")
    assert messages_of(response) == [
        f"An account invitation was sent to carla@amadora.example at {hh_mm(first.created_at)}. "
        f"You can send another from {hh_mm(first.created_at + RESEND_AFTER)}."
    ]
    assert "Carla carla@amadora.example Town hall Practitioner Invite again (Carla)" in (
        main_text(response)
    )
    assert invitations() == [("Carla", "alice@amadora.example", None, None)]
    assert [kind for kind, *_ in emails()] == ["account_invitation"]


def test_a_member_has_one_open_account_invitation_however_often_they_are_invited(alice, carla):
    start = timezone.now() - 3 * RESEND_AFTER
    for n in range(3):
        account_invitation_send(member=carla, by=alice, at=start + n * RESEND_AFTER)

    assert carla.account_invitations.filter(revoked_at__isnull=True).count() == 1
    assert len(emails()) == 3


def test_the_five_minutes_are_per_address_so_a_corrected_address_is_invited_at_once(alice, carla):
    account_invitation_send(member=carla, by=alice)
    carla.email = "carla.silva@amadora.example"
    carla.save()

    account_invitation_send(member=carla, by=alice)

    assert [to for _, to, *_ in emails()] == [
        "carla@amadora.example",
        "carla.silva@amadora.example",
    ]


def test_the_same_address_in_another_learning_set_also_waits(alice, carla, amadora_sets):
    elsewhere = MemberFactory(
        learning_set=amadora_sets[1], name="Carla", email="Carla@Amadora.example"
    )
    first = account_invitation_send(member=carla, by=alice)

    with pytest.raises(ValidationError) as refused:
        account_invitation_send(member=elsewhere, by=alice)

    assert refused.value.messages == [
        f"An account invitation was sent to Carla@Amadora.example at {hh_mm(first.created_at)}. "
        f"You can send another from {hh_mm(first.created_at + RESEND_AFTER)}."
    ]
    assert len(emails()) == 1


@pytest.mark.parametrize("linked", [True, False], ids=["member-linked", "same-address"])
def test_a_member_who_has_an_account_is_not_invited(login, alice, als, linked):
    user = UserFactory(email="carla@amadora.example")
    carla = MemberFactory(
        learning_set=als,
        name="Carla",
        email="Carla@Amadora.example",
        user=user if linked else None,
    )

    response = login(alice).post(invite_url(carla), follow=True)

    assertRedirects(response, "/partners/amadora/manage/")
    assert messages_of(response) == ["Carla already has an account."]
    assert (invitations(), emails()) == ([], [])


@pytest.mark.parametrize("role", ["bob", "charlie", "staff_without_permissions"])
def test_who_does_not_look_after_the_partner_cannot_invite(as_role, role, carla):
    response = as_role(role).post(invite_url(carla))

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")
    assert (invitations(), emails()) == ([], [])


def test_a_contact_cannot_invite_another_partners_member_through_their_own_partner(
    login, charlie, carla, other_als
):
    response = login(charlie).post(invite_url(carla, partner_slug="komotini"))

    assert response.status_code == 404
    assert (invitations(), emails()) == ([], [])


def test_an_anonymous_visitor_is_sent_to_log_in(client, carla):
    response = client.post(invite_url(carla))

    assertRedirects(
        response, f"/accounts/login/?next={invite_url(carla)}", fetch_redirect_response=False
    )
    assert (invitations(), emails()) == ([], [])


def test_the_button_only_posts(login, alice, carla):
    response = login(alice).get(invite_url(carla))

    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert (invitations(), emails()) == ([], [])


def test_an_unknown_member_is_not_found(login, alice, als):
    response = login(alice).post("/partners/amadora/manage/members/999999/invite/")

    assert response.status_code == 404


# The admin action


@pytest.fixture
def team(login, dora):
    return login(dora)


def test_the_admin_action_invites_the_selected_members_and_lists_the_refused(
    team, dora, carla, bob_member, als
):
    dina = MemberFactory(learning_set=als, name="Dina", email="dina@amadora.example")

    response = team.post(
        "/admin/learningsets/member/",
        {
            "action": "send_account_invitations",
            "_selected_action": [carla.pk, bob_member.pk, dina.pk],
        },
        follow=True,
    )

    assert messages_of(response) == [
        "2 account invitations queued.",
        "Not sent: Bob already has an account.",
    ]
    assert invitations() == [
        ("Carla", "dora@mile.example", None, None),
        ("Dina", "dora@mile.example", None, None),
    ]
    assert [(kind, to) for kind, to, *_ in emails()] == [
        ("account_invitation", "carla@amadora.example"),
        ("account_invitation", "dina@amadora.example"),
    ]


def test_the_admin_action_says_when_one_invitation_was_queued(team, carla):
    response = team.post(
        "/admin/learningsets/member/",
        {"action": "send_account_invitations", "_selected_action": [carla.pk]},
        follow=True,
    )

    assert messages_of(response) == ["1 account invitation queued."]


def test_the_admin_action_needs_the_change_permission(login, carla):
    viewer = UserFactory(email="viewer@mile.example", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_member"))

    response = login(viewer).post(
        "/admin/learningsets/member/",
        {"action": "send_account_invitations", "_selected_action": [carla.pk]},
        follow=True,
    )

    assert response.context["action_form"] is None
    assert (invitations(), emails()) == ([], [])
