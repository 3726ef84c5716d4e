"""Tokens of personal links: derived from a nonce under SECRET_KEY, one per purpose, hashed."""

import datetime as dt
import hashlib

import pytest

from learningsets.models import AccountInvitation
from outbox import tokens

NONCE = "0123456789abcdef0123456789abcdef"


def test_the_token_of_a_nonce_is_always_the_same_43_url_safe_characters():
    token = tokens.token("workshop-invitation", NONCE)

    assert tokens.token("workshop-invitation", NONCE) == token
    assert (len(token), tokens.looks_like_a_token(token)) == (43, True)


def test_the_token_cannot_be_made_without_the_secret_key(settings):
    token = tokens.token("workshop-invitation", NONCE)
    settings.SECRET_KEY = "another secret key of more than fifty characters, for this test"

    assert tokens.token("workshop-invitation", NONCE) != token


def test_the_token_differs_per_nonce_and_per_purpose():
    workshop_token = tokens.token("workshop-invitation", NONCE)

    assert tokens.token("account-invitation", NONCE) != workshop_token
    assert tokens.token("workshop-invitation", "f" * 32) != workshop_token


def test_a_new_link_stores_the_nonce_and_the_sha256_of_its_token_never_the_token():
    fields = tokens.issue_fields("account-invitation")

    token = tokens.token("account-invitation", fields["nonce"])
    assert (len(fields["nonce"]), fields["token_hash"]) == (
        32,
        hashlib.sha256(token.encode()).hexdigest(),
    )
    assert token not in fields.values()
    assert tokens.issue_fields("account-invitation")["nonce"] != fields["nonce"]


@pytest.mark.parametrize(
    ("value", "looks_like_one"),
    [
        (tokens.token("workshop-invitation", NONCE), True),
        ("A" * 43, True),
        ("a-Z_09" + "x" * 37, True),
        ("A" * 42, False),
        ("A" * 44, False),
        ("A" * 42 + "=", False),
        ("A" * 42 + "/", False),
        ("A" * 42 + "+", False),
        ("A" * 42 + " ", False),
        ("A" * 42 + "é", False),
        ("A" * 43 + "\n", False),
        ("", False),
        (None, False),
    ],
)
def test_only_43_url_safe_characters_look_like_a_token(value, looks_like_one):
    assert tokens.looks_like_a_token(value) is looks_like_one


@pytest.mark.django_db
def test_a_workshop_invitation_token_does_not_open_an_account_invitation(bob_member):
    invitation = AccountInvitation.objects.create(
        member=bob_member,
        expires_at=dt.datetime(2090, 1, 1, tzinfo=dt.UTC),
        nonce=NONCE,
        token_hash=tokens.digest(tokens.token(AccountInvitation.TOKEN_PURPOSE, NONCE)),
    )

    assert AccountInvitation.find(tokens.token("workshop-invitation", NONCE)) is None
    assert AccountInvitation.find(invitation.token()) == invitation
