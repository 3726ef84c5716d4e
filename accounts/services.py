"""Writes to accounts."""

from allauth.account.models import EmailAddress

from accounts.languages import language_offered


def account_email_vouch(*, user) -> EmailAddress:
    """Mark the account's e-mail address verified: the management team vouches for it.

    Accounts exist by invitation only, so an address the team entered needs no second proof;
    the person still proves they own it by choosing a password through a reset link.
    """
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True}
    )
    EmailAddress.objects.filter(user=user).exclude(pk=address.pk).update(primary=False)
    if not address.primary:
        address.primary = True
        address.save(update_fields=["primary"])
    return address


def user_language_set(*, user, language: str) -> None:
    """Keep the language chosen in the menu on the account; a code the site does not offer
    changes nothing (the cookie alone is then ignored too)."""
    offered = language_offered(language)
    if offered and offered != user.language:
        user.language = offered
        user.save(update_fields=["language"])
