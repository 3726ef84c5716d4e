"""Delegates' invitations: the e-mail, the personal link, and answering it without logging in."""

import datetime as dt
import hashlib
import re

import pytest
from django.db import transaction
from django.utils import timezone

from outbox import mail
from outbox.models import Email
from tests.factories import MemberFactory
from tests.pages import main_text
from tests.workshops.factories import enterprise_workshop
from workshops import invitations, services
from workshops.models import Invitation, Registration, StatusChange

DURING = dt.datetime(2025, 1, 20, 12, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)
SITE = "https://als.example"
SUBJECT = "Invitation: Enterprise development, 26–28 February 2090"
NOT_VALID = (
    "This invitation link is not valid. Check that you opened the whole link from the e-mail."
)
WITHDRAWN = "This link was withdrawn and no longer works."

# The e-mails' wording in English; their languages: tests/workshops/test_email_languages.py.
pytestmark = pytest.mark.usefixtures("english_only")


def problem_page(problem: str) -> str:
    return (
        f"This link does not work {problem} Nothing was changed. If you still need this link, "
        "ask your partner contact or the MILE management team to send you a new one. "
        "Go to the home page"
    )


QUESTION = (
    "Will you come to Enterprise development? Dear Ana, Amadora has registered you as one of "
    "its delegates for this Transnational Exchange Workshop. "
    "Theme Enterprise development for ethnic minorities Where Town hall, Amadora "
    "When 26–28 February 2090 Host Amadora "
    "The workshop page has the agenda and the handbook. "
    "Confirm: I will come Decline This link is personal and works once."
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def workshop(amadora, komotini, als):
    """Open for registration until 2090, held 26–28 February 2090 in Amadora."""
    return enterprise_workshop(host=amadora, invited=[amadora, komotini], learning_set=als)


@pytest.fixture
def people(als):
    """Ana, Bruno, Carla and Duarte: members of Amadora's set on the workshop's sub-theme."""
    return [
        MemberFactory(learning_set=als, name=name, email=f"{name.lower()}@amadora.example")
        for name in ("Ana", "Bruno", "Carla", "Duarte")
    ]


@pytest.fixture
def delegates(workshop, amadora, people, alice):
    """Ana and Bruno, registered by alice: each has an invitation and an e-mail queued."""
    return services.delegates_register(
        workshop=workshop, partner=amadora, members=people[:2], by=alice, at=DURING
    )


@pytest.fixture
def ana(delegates):
    return delegates[0]


def invitation_of(registration) -> Invitation:
    """The registration's newest invitation."""
    return registration.invitations.first()


def url_of(token: str) -> str:
    return f"/workshops/invitation/{token}/"


def emails():
    """Every queued e-mail as (kind, to, subject, dedupe key, what it is about, related object)."""
    return [
        (email.kind, email.to, email.subject, email.dedupe_key, email.about, email.related)
        for email in Email.objects.order_by("pk")
    ]


def state():
    """Everything answering an invitation may change."""
    return (
        list(Registration.objects.order_by("pk").values_list("status", "status_changed_at")),
        list(StatusChange.objects.order_by("pk").values_list("registration", "status")),
        list(Invitation.objects.order_by("pk").values_list("used_at", "revoked_at")),
        Email.objects.count(),
    )


# The e-mail


def test_registering_queues_one_invitation_e_mail_per_delegate(workshop, delegates):
    ana, bruno = delegates

    assert emails() == [
        (
            "invitation",
            "ana@amadora.example",
            SUBJECT,
            f"invitation:{ana.pk}:{invitation_of(ana).pk}",
            workshop,
            invitation_of(ana),
        ),
        (
            "invitation",
            "bruno@amadora.example",
            SUBJECT,
            f"invitation:{bruno.pk}:{invitation_of(bruno).pk}",
            workshop,
            invitation_of(bruno),
        ),
    ]
    assert list(Invitation.objects.order_by("pk").values_list("registration", "created_at")) == [
        (ana.pk, DURING),
        (bruno.pk, DURING),
    ]


def test_an_invitation_expires_when_the_workshop_starts(ana):
    assert invitation_of(ana).expires_at == dt.datetime(2090, 2, 26, 0, 0, tzinfo=dt.UTC)


def test_the_stored_e_mail_holds_a_marker_in_place_of_the_link_never_the_token(ana):
    token = invitation_of(ana).token()
    email = Email.objects.get(to="ana@amadora.example")

    assert mail.PERSONAL_LINK in email.body_text
    assert f'href="{mail.PERSONAL_LINK}"' in email.body_html
    assert [token in field for field in (email.subject, email.body_text, email.body_html)] == [
        False,
        False,
        False,
    ]


def test_the_invitation_stores_the_sha256_of_its_token_never_the_token(ana):
    invitation = invitation_of(ana)
    token = invitation.token()

    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert len(stored["token_hash"]) == 64
    assert token not in [str(value) for value in stored.values()]


def test_the_delivered_e_mail_carries_the_working_link(
    client, workshop, amadora, people, alice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        [ana] = services.delegates_register(
            workshop=workshop, partner=amadora, members=people[:1], by=alice
        )

    [message] = mailoutbox
    link = f"{SITE}/workshops/invitation/{invitation_of(ana).token()}/"
    html = message.alternatives[0].content
    assert (message.to, message.subject) == (["ana@amadora.example"], SUBJECT)
    assert (link in message.body, f'href="{link}"' in html) == (True, True)
    assert (mail.PERSONAL_LINK in message.body, mail.PERSONAL_LINK in html) == (False, False)
    assert Email.objects.get().status == Email.Status.SENT
    sent_link = re.search(r"https://als\.example(/workshops/invitation/\S+/)", message.body)[1]
    assert main_text(client.get(sent_link)) == QUESTION


def test_a_rolled_back_registration_leaves_no_e_mail_and_no_invitation(
    workshop, amadora, people, alice, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.delegates_register(
            workshop=workshop, partner=amadora, members=people[:2], by=alice
        )
        raise RuntimeError("something after the registration failed")

    assert callbacks == []
    assert (Registration.objects.count(), Invitation.objects.count(), Email.objects.count()) == (
        0,
        0,
        0,
    )
    assert mailoutbox == []


# Answering


def test_the_link_shows_the_question_and_changes_nothing(client, ana):
    before = state()

    response = client.get(url_of(invitation_of(ana).token()))

    assert (response.status_code, main_text(response)) == (200, QUESTION)
    assert state() == before


def test_confirming_records_the_answer_and_uses_the_link(client, ana):
    invitation = invitation_of(ana)
    before = timezone.now()

    response = client.post(url_of(invitation.token()), {"answer": "confirm"})

    ana.refresh_from_db()
    invitation.refresh_from_db()
    change = ana.status_changes.last()
    assert (ana.status, change.status, change.changed_by) == ("confirmed", "confirmed", None)
    assert before <= change.changed_at == ana.status_changed_at == invitation.used_at
    assert invitation.revoked_at is None
    assert (response.status_code, main_text(response)) == (
        200,
        "Thank you: you are coming to Enterprise development Amadora and the MILE management "
        "team can see your answer now. A reminder with the agenda and a calendar file will "
        "reach you before the workshop. See the workshop page "
        "Create your account With an account you see the other delegates and draft your "
        "learning set's project proposals with your colleagues. Your e-mail address "
        "ana@amadora.example is already confirmed. Create my account",
    )


def test_a_delegate_with_an_account_confirms_as_themself_and_is_offered_none(
    client, workshop, amadora, bob, bob_member, alice
):
    [registration] = services.delegates_register(
        workshop=workshop, partner=amadora, members=[bob_member], by=alice
    )

    response = client.post(url_of(invitation_of(registration).token()), {"answer": "confirm"})

    assert [(c.status, c.changed_by) for c in registration.status_changes.all()] == [
        ("registered", alice),
        ("invited", alice),
        ("confirmed", bob),
    ]
    assert "Create your account" not in main_text(response)
    assert "account_verified_email" not in client.session


def test_declining_records_the_answer_and_frees_the_place(client, workshop, amadora, people, alice):
    ana, *_ = services.delegates_register(
        workshop=workshop, partner=amadora, members=people[:3], by=alice
    )
    invitation = invitation_of(ana)

    response = client.post(url_of(invitation.token()), {"answer": "decline"})

    ana.refresh_from_db()
    invitation.refresh_from_db()
    assert (ana.status, ana.status_changes.last().status, ana.status_changed_by) == (
        "declined",
        "declined",
        None,
    )
    assert invitation.used_at == ana.status_changed_at
    assert main_text(response).startswith(
        "Thank you for your answer You have declined Enterprise development. Amadora can now "
        "register someone else in your place. See the workshop page"
    )
    assert services.places_taken(workshop=workshop, partner=amadora) == 2
    services.delegates_register(workshop=workshop, partner=amadora, members=people[3:], by=alice)
    assert services.places_taken(workshop=workshop, partner=amadora) == 3


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_used_link_shows_when_it_was_used_and_changes_nothing(client, ana, method):
    token = invitation_of(ana).token()
    client.post(url_of(token), {"answer": "confirm"})
    used = timezone.localtime(invitation_of(ana).used_at)
    before = state()

    response = getattr(client, method)(url_of(token), {"answer": "decline"})

    assert (response.status_code, main_text(response)) == (
        410,
        problem_page(f"This link was already used, on {used.day} {used:%B %Y, %H:%M}."),
    )
    assert state() == before


def test_a_link_answered_earlier_names_the_day_and_time_it_was_used(client, ana):
    token = invitation_of(ana).token()
    invitations.invitation_answer(token=token, confirm=False, at=LATER)
    before = state()

    response = client.post(url_of(token), {"answer": "confirm"})

    assert (response.status_code, main_text(response)) == (
        410,
        problem_page("This link was already used, on 4 March 2025, 10:30."),
    )
    assert state() == before


def tampered(token: str) -> str:
    """The token with one character changed."""
    return token[:20] + ("B" if token[20] != "B" else "C") + token[21:]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "make_token",
    [
        tampered,
        lambda token: token[:-1],
        lambda token: token + "A",
        lambda token: "A" * 43,
        lambda token: "garbage",
        lambda token: "x" * 5000,
        lambda token: token + "%0A",
    ],
    ids=["one-character-changed", "cut-short", "too-long", "unknown", "garbage", "huge", "newline"],
)
def test_a_tampered_or_unknown_link_is_not_found_and_changes_nothing(
    client, ana, method, make_token
):
    before = state()

    response = getattr(client, method)(
        url_of(make_token(invitation_of(ana).token())), {"answer": "confirm"}
    )

    assert (response.status_code, main_text(response)) == (404, problem_page(NOT_VALID))
    assert state() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_says_when_it_expired_and_changes_nothing(client, ana, method):
    invitation = invitation_of(ana)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=dt.datetime(2025, 11, 18, 23, 30, tzinfo=dt.UTC)
    )
    before = state()

    response = getattr(client, method)(url_of(invitation.token()), {"answer": "confirm"})

    assert (response.status_code, main_text(response)) == (
        410,
        problem_page("This link expired on 19 November 2025."),
    )
    assert state() == before


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("removal", ["withdraw", "replace"])
def test_the_link_of_a_withdrawn_or_replaced_delegate_no_longer_works(
    client, ana, people, alice, method, removal
):
    token = invitation_of(ana).token()
    if removal == "withdraw":
        services.delegate_withdraw(registration=ana, by=alice, at=LATER)
    else:
        services.delegate_replace(registration=ana, member=people[3], by=alice, at=LATER)
    before = state()

    response = getattr(client, method)(url_of(token), {"answer": "confirm"})

    assert (response.status_code, main_text(response)) == (410, problem_page(WITHDRAWN))
    assert state() == before
    ana.refresh_from_db()
    assert ana.status == "withdrawn"


@pytest.mark.parametrize(
    "data", [{}, {"answer": ""}, {"answer": "maybe"}, {"answer": "x" * 10_000}]
)
def test_a_post_without_an_answer_asks_for_one_and_changes_nothing(client, ana, data):
    before = state()

    response = client.post(url_of(invitation_of(ana).token()), data)

    assert response.status_code == 400
    assert main_text(response) == QUESTION.replace(
        "handbook. Confirm", "handbook. Choose Confirm or Decline. Confirm"
    )
    assert state() == before


def test_the_answer_page_accepts_only_get_and_post(client, ana):
    response = client.put(url_of(invitation_of(ana).token()))

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, POST")


# Withdrawing and replacing tell the person


def test_withdrawing_tells_the_delegate_once_and_revokes_their_link(workshop, ana, alice):
    invitation = invitation_of(ana)
    queued_before = emails()

    services.delegate_withdraw(registration=ana, by=alice, at=LATER)

    invitation.refresh_from_db()
    assert emails() == [
        *queued_before,
        (
            "delegate_withdrawn",
            "ana@amadora.example",
            "You are no longer a delegate for Enterprise development",
            f"delegate_withdrawn:{ana.pk}",
            workshop,
            ana,
        ),
    ]
    assert (invitation.revoked_at, invitation.used_at) == (LATER, None)


def test_replacing_tells_the_old_delegate_once_and_invites_the_new_one(
    workshop, ana, people, alice
):
    old_invitation = invitation_of(ana)
    queued_before = emails()

    duarte = services.delegate_replace(registration=ana, member=people[3], by=alice, at=LATER)

    old_invitation.refresh_from_db()
    new_invitation = invitation_of(duarte)
    assert emails() == [
        *queued_before,
        (
            "delegate_replaced",
            "ana@amadora.example",
            "Another delegate takes your place at Enterprise development",
            f"delegate_replaced:{ana.pk}",
            workshop,
            ana,
        ),
        (
            "invitation",
            "duarte@amadora.example",
            SUBJECT,
            f"invitation:{duarte.pk}:{new_invitation.pk}",
            workshop,
            new_invitation,
        ),
    ]
    assert old_invitation.revoked_at == LATER
    assert (duarte.status, new_invitation.problem()) == ("invited", "")


def test_the_e_mail_to_a_removed_delegate_has_no_link(
    ana, alice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.delegate_withdraw(registration=ana, by=alice, at=LATER)

    [message] = mailoutbox
    assert (message.to, message.subject) == (
        ["ana@amadora.example"],
        "You are no longer a delegate for Enterprise development",
    )
    assert "/workshops/invitation/" not in message.body
    assert "Your invitation link no longer works." in message.body


def test_confirming_after_the_team_recorded_the_same_answer_just_uses_the_link(ana, dora):
    invitation = invitation_of(ana)
    services.registration_set_status(registration=ana, status="confirmed", by=dora)

    registration = invitations.invitation_answer(token=invitation.token(), confirm=True)

    invitation.refresh_from_db()
    assert registration.status == "confirmed"
    assert invitation.used_at is not None
    assert list(registration.status_changes.values_list("status", flat=True)) == [
        "registered",
        "invited",
        "confirmed",
    ]
