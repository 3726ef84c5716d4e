"""allauth's e-mails through the outbox, like every other e-mail.

A password reset's key and an address confirmation's key are personal links: the outbox row
holds mail.PERSONAL_LINK and the key is made from the related user or address only when the
e-mail is sent, so neither the admin nor a backup ever holds one.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account import app_settings
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import kinds, mail
from outbox.models import Email

PASSWORD_RESET = "password_reset"
EMAIL_CONFIRMATION = "email_confirmation"
ACCOUNT_ALREADY_EXISTS = "account_already_exists"


@dataclass(frozen=True)
class AccountEmail:
    """What the outbox writes for one of allauth's e-mails."""

    kind: str
    context: dict[str, str]
    related: object = None


def _password_reset(to: str, context: dict) -> AccountEmail:
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)
    values = {"email": to, "link": mail.PERSONAL_LINK, "valid_for": _days(days)}
    return AccountEmail(PASSWORD_RESET, values, related=context["user"])


def _email_confirmation(to: str, context: dict) -> AccountEmail:
    address = EmailAddress.objects.get_for_user(context["user"], to)
    days = app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS
    values = {"email": to, "link": mail.PERSONAL_LINK, "valid_for": _days(days)}
    return AccountEmail(EMAIL_CONFIRMATION, values, related=address)


def _account_already_exists(to: str, context: dict) -> AccountEmail:
    reset_url = settings.SITE_URL + reverse("account_reset_password")
    values = {"email": to, "password_reset_url": reset_url}
    return AccountEmail(ACCOUNT_ALREADY_EXISTS, values)


# Every e-mail allauth can send with this project's settings (no login or reset by code, no
# notifications, nothing to unknown addresses). Another one is refused loudly: it needs its
# kind and wording here first.
ALLAUTH_EMAILS: dict[str, Callable[[str, dict], AccountEmail]] = {
    "account/email/password_reset_key": _password_reset,
    "account/email/email_confirmation": _email_confirmation,
    "account/email/email_confirmation_signup": _email_confirmation,
    "account/email/account_already_exists": _account_already_exists,
}


def account_of(to: str, context: dict):
    """The account one of allauth's e-mails goes to: the user allauth names, else the account
    with the address (an "account already exists" e-mail names none); None if there is none."""
    user = context.get("user")
    if user is None:
        user = get_user_model().objects.filter(email__iexact=to).first()
    return user


def account_email_queue(
    *, template_prefix: str, to: str, context: dict, language: str | None = None
) -> Email:
    """Queue one of allauth's e-mails in the outbox, written in `language` (the account's);
    each request is its own e-mail."""
    try:
        make = ALLAUTH_EMAILS[template_prefix]
    except KeyError:
        raise ImproperlyConfigured(
            f"allauth sends {template_prefix!r}, which the outbox does not know: give it a "
            "kind and a wording in accounts/emails.py."
        ) from None
    language = mail.written_in(language)
    with translation.override(language):
        email = make(to, context)
    return mail.email_queue(
        kind=email.kind,
        to=to,
        language=language,
        context=email.context,
        # A second request is a second e-mail (allauth's rate limits keep them few).
        dedupe_key=f"{email.kind}:{uuid.uuid4().hex}",
        related=email.related,
    )


def _days(days: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


def _related(email: Email, model, gone: str):
    related = email.related
    if not isinstance(related, model):
        raise LookupError(gone)  # recorded on the row, which fails for good after a few tries
    return related


def password_reset_url(email: Email) -> str:
    """The reset link, made now from the user's state: it works until the password changes."""
    user = _related(email, get_user_model(), "The account of this e-mail no longer exists.")
    addresses = EmailAddress.objects.filter(user=user, email__iexact=email.to)
    if user.email.lower() != email.to.lower() and not addresses.exists():
        raise LookupError("The address of this e-mail no longer belongs to its account.")
    token = app_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
    )
    return settings.SITE_URL + path


def email_confirmation_url(email: Email) -> str:
    """The confirmation link of the related address, signed now (allauth's HMAC key)."""
    address = _related(email, EmailAddress, "The address this e-mail confirms no longer exists.")
    key = EmailConfirmationHMAC(address).key
    return settings.SITE_URL + reverse("account_confirm_email", args=[key])


def register() -> None:
    """Make allauth's e-mails known to the outbox (AccountsConfig.ready)."""
    examples = {
        "email": "bob.martins@amadora.example",
        "link": "https://mile.example/links/example/",
        "password_reset_url": "https://mile.example/accounts/password/reset/",
        "valid_for": "3 days",
    }
    for name, label, link in [
        (PASSWORD_RESET, _("Account: password reset"), password_reset_url),
        (EMAIL_CONFIRMATION, _("Account: address confirmation"), email_confirmation_url),
        (ACCOUNT_ALREADY_EXISTS, _("Account: signup with a known address"), None),
    ]:
        kinds.register(name, label=label, examples=examples, personal_link=link)
