"""allauth's e-mails go through the outbox, their keys made only when they are sent."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured

from accounts.adapter import AccountAdapter
from accounts.emails import ALLAUTH_EMAILS, account_email_queue
from outbox import kinds, mail
from outbox.models import Email

pytestmark = pytest.mark.django_db


def test_an_e_mail_of_allauth_the_outbox_does_not_know_is_refused_loudly():
    with pytest.raises(ImproperlyConfigured) as refused:
        AccountAdapter().send_mail("account/email/login_code", "alice@amadora.example", {})

    assert str(refused.value) == (
        "allauth sends 'account/email/login_code', which the outbox does not know: give it a "
        "kind and a wording in accounts/emails.py."
    )
    assert not Email.objects.exists()


@pytest.mark.parametrize("template_prefix", sorted(ALLAUTH_EMAILS))
def test_every_e_mail_of_allauth_has_its_own_wording(alice, template_prefix):
    email = account_email_queue(
        template_prefix=template_prefix, to=alice.email, context={"user": alice}
    )

    assert email.body_text.startswith("Hello,\n\n")
    assert "alice@amadora.example" in email.body_text
    assert kinds.is_known(email.kind)


def test_an_account_already_exists_e_mail_points_to_the_password_reset(alice, settings):
    settings.SITE_URL = "https://mile.example"

    email = account_email_queue(
        template_prefix="account/email/account_already_exists", to=alice.email, context={}
    )

    assert (email.subject, email.related) == ("You already have a MILE account", None)
    assert "reset it here: https://mile.example/accounts/password/reset/\n" in email.body_text


def test_a_reset_whose_address_left_the_account_meanwhile_is_not_sent(alice, mailoutbox):
    email = account_email_queue(
        template_prefix="account/email/password_reset_key", to=alice.email, context={"user": alice}
    )
    EmailAddress.objects.filter(user=alice).update(email="alice@elsewhere.example")
    type(alice).objects.filter(pk=alice.pk).update(email="alice@elsewhere.example")

    mail.deliver(email.pk)

    email.refresh_from_db()
    assert (email.status, mailoutbox) == (Email.Status.QUEUED, [])
    assert email.last_error == (
        "LookupError: The address of this e-mail no longer belongs to its account."
    )


def test_a_confirmation_of_an_address_removed_meanwhile_is_not_sent(alice, mailoutbox):
    address = EmailAddress.objects.create(user=alice, email="alice@new.example")
    email = account_email_queue(
        template_prefix="account/email/email_confirmation",
        to="alice@new.example",
        context={"user": alice},
    )
    address.delete()

    mail.deliver(email.pk)

    email.refresh_from_db()
    assert (email.status, mailoutbox) == (Email.Status.QUEUED, [])
    assert email.last_error == "LookupError: The address this e-mail confirms no longer exists."


# Their language: the account's, else its partner's (the adapter learningsets extends).


@pytest.fixture
def five_languages(settings):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())


def send(prefix: str, to: str, context: dict) -> Email:
    get_adapter().send_mail(f"account/email/{prefix}", to, context)
    return Email.objects.latest("pk")


@pytest.mark.usefixtures("five_languages")
def test_allauths_e_mails_go_in_the_accounts_chosen_language(alice):
    alice.language = "el"
    alice.save()

    reset = send("password_reset_key", alice.email, {"user": alice})
    exists = send("account_already_exists", alice.email, {})

    assert (reset.language, exists.language) == ("el", "el")
    assert '<html lang="el">' in reset.body_html


@pytest.mark.usefixtures("five_languages")
def test_an_account_without_a_choice_reads_its_partners_language(alice, bob, charlie, dora):
    languages = [
        send("password_reset_key", user.email, {"user": user}).language
        for user in (alice, bob, charlie, dora)
    ]

    # Amadora's contact and member: Portugal's; Komotini's contact: Greece's; the team: English.
    assert languages == ["pt-pt", "pt-pt", "el", "en-gb"]


@pytest.mark.usefixtures("five_languages")
def test_an_address_without_an_account_reads_english(db):
    email = send("account_already_exists", "nobody@example.org", {})

    assert email.language == "en-gb"


def test_a_language_the_site_does_not_offer_yet_reads_english(alice, english_only):
    alice.language = "pt-pt"  # chosen while it was offered

    email = send("password_reset_key", alice.email, {"user": alice})

    assert (email.language, email.subject) == ("en-gb", "Reset your MILE password")
