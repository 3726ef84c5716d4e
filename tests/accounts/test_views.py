"""Logging in by e-mail, password reset and the closed signup (allauth with our settings)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from outbox import mail
from outbox.models import Email
from outbox.tasks import deliver_email
from tests.factories import PASSWORD
from tests.pages import main_text

User = get_user_model()
SIGNUP_CLOSED = (
    "Accounts by invitation only You cannot sign up on this platform yourself: accounts are "
    "created by invitation only, by the MILE management team."
)


def test_the_signup_page_says_accounts_are_by_invitation(client, db):
    response = client.get("/accounts/signup/")

    assert main_text(response).startswith(SIGNUP_CLOSED)
    assert 'name="password1"' not in response.text


def test_posting_to_signup_creates_no_account(client, db, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "eva@sevilla.example",
            "password1": "a-long-secret",
            "password2": "a-long-secret",
        },
    )

    assert main_text(response).startswith(SIGNUP_CLOSED)
    assert (User.objects.count(), len(mailoutbox)) == (0, 0)


def test_a_verified_user_logs_in_by_email_and_lands_on_the_dashboard(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice@amadora.example", "password": PASSWORD}, follow=True
    )

    assertRedirects(response, "/my/")
    assert main_text(response).startswith(
        "Successfully signed in as alice@amadora.example. My MILE Logged in as "
        "alice@amadora.example. My partner Amadora"
    )


def test_the_email_to_log_in_is_case_insensitive(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "Alice@AMADORA.example", "password": PASSWORD}
    )

    assertRedirects(response, "/my/", fetch_redirect_response=False)
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_logging_in_returns_to_the_page_asked_for(client, alice):
    response = client.post(
        "/accounts/login/?next=/partners/amadora/manage/",
        {"login": "alice@amadora.example", "password": PASSWORD},
    )

    assertRedirects(response, "/partners/amadora/manage/", fetch_redirect_response=False)


def test_a_wrong_password_is_refused_with_a_message_and_the_email_kept(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice@amadora.example", "password": "not-her-password"}
    )

    assertContains(response, "The email address and/or password you specified are not correct.")
    assertContains(response, 'value="alice@amadora.example"')
    assert "_auth_user_id" not in client.session


def test_an_unverified_user_is_asked_to_confirm_their_email_first(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.create_user("eva@sevilla.example", PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/login/", {"login": "eva@sevilla.example", "password": PASSWORD}
        )

    assertRedirects(response, "/accounts/confirm-email/", fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("Confirm your e-mail address for MILE", ["eva@sevilla.example"])
    ]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s)]+/)", mailoutbox[0].body)
    client.post(link[1])
    assert EmailAddress.objects.get(email="eva@sevilla.example").verified is True


def test_logging_out_returns_home(login, alice):
    client = login(alice)

    response = client.post("/accounts/logout/", follow=True)

    assertRedirects(response, "/")
    assert main_text(response).startswith("You have signed out. Managing Migration")
    assert "_auth_user_id" not in client.session


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s)]+/)", message.body)[1]


def reset_password_with(client, link: str, password: str) -> None:
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": password, "password2": password})


@pytest.mark.usefixtures("english_only")
def test_a_password_reset_sends_a_link_that_sets_a_new_password(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": "Alice@amadora.example"}, follow=True
        )

    assertRedirects(response, "/accounts/password/reset/done/")
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        ("Reset your MILE password", ["alice@amadora.example"])
    ]
    reset_password_with(client, reset_link(mailoutbox[0]), "a-new-secret-2008")
    alice.refresh_from_db()
    assert alice.check_password("a-new-secret-2008")


def test_with_the_mail_server_down_a_reset_is_answered_and_its_key_never_stored(
    client, alice, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": "alice@amadora.example"}, follow=True
        )

    assertRedirects(response, "/accounts/password/reset/done/")
    email = Email.objects.get()
    assert (email.kind, email.to, email.status, email.attempts) == (
        "password_reset",
        "alice@amadora.example",
        Email.Status.QUEUED,
        1,
    )
    assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    for body in (email.body_text, email.body_html):
        assert mail.PERSONAL_LINK in body
        assert "/password/reset/key/" not in body

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Email.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    deliver_email(email_id=email.pk)

    assert Email.objects.get().status == Email.Status.SENT
    assert reset_link(mailoutbox[0]) in mailoutbox[0].alternatives[0][0]
    reset_password_with(client, reset_link(mailoutbox[0]), "a-new-secret-2008")
    alice.refresh_from_db()
    assert alice.check_password("a-new-secret-2008")


def test_a_reset_asked_for_twice_sends_two_e_mails(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/password/reset/", {"email": "alice@amadora.example"})

    assert [message.to for message in mailoutbox] == [["alice@amadora.example"]] * 2
    assert Email.objects.filter(kind="password_reset").count() == 2


def test_a_reset_link_no_longer_works_once_the_password_changed(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "alice@amadora.example"})
    reset_password_with(client, reset_link(mailoutbox[0]), "a-new-secret-2008")

    response = client.get(reset_link(mailoutbox[0]), follow=True)

    assert "Link not valid This password reset link is not valid" in main_text(response)


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(
    client, alice, mailoutbox
):
    known = client.post(
        "/accounts/password/reset/", {"email": "alice@amadora.example"}, follow=True
    )
    mailoutbox.clear()

    unknown = client.post(
        "/accounts/password/reset/", {"email": "nobody@amadora.example"}, follow=True
    )

    assert mailoutbox == []
    assert main_text(unknown) == main_text(known)
