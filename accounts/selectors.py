"""Reads of accounts."""

from django.contrib.auth import get_user_model


def user_with_verified_email(*, email: str):
    """The account whose address is `email`, if its owner proved it (verified); else None."""
    return (
        get_user_model()
        .objects.filter(
            email__iexact=email, emailaddress__email__iexact=email, emailaddress__verified=True
        )
        .first()
    )
