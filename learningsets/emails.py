"""The account invitation e-mail, registered with the outbox when the app starts
(LearningSetsConfig.ready), and its personal link."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox import kinds

ACCOUNT_INVITATION = "account_invitation"


def account_invitation_url(invitation) -> str:
    return settings.SITE_URL + reverse("account_invitation", args=[invitation.token()])


def register() -> None:
    kinds.register(
        ACCOUNT_INVITATION,
        label=_("Account invitation"),
        examples={
            "expires": "11 March 2030",
            "learning_set": "Amadora: Enterprise support and development",
            "link": "https://mile.example/links/example/",
            "name": "Bob Martins",
        },
        personal_link=lambda email: account_invitation_url(email.related),
    )
