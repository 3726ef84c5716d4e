"""The e-mails of learning sets, registered with the outbox when the app starts
(LearningSetsConfig.ready): the account invitation, with its personal link, and the
reminders of an action due soon or overdue."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox import kinds

ACCOUNT_INVITATION = "account_invitation"
ACTION_DUE_SOON = "action_due_soon"
ACTION_OVERDUE = "action_overdue"

ACTION_EXAMPLES = {
    "action": "Call the chamber of commerce about the mentoring scheme",
    "action_url": "https://mile.example/meetings/1/#action-1",
    "due": "11 March 2030",
    "learning_set": "ALS Amadora — Enterprise support and development",
    "my_mile_url": "https://mile.example/my/",
    "name": "Bob Martins",
}


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
    kinds.register(ACTION_DUE_SOON, label=_("Reminder: action due soon"), examples=ACTION_EXAMPLES)
    kinds.register(ACTION_OVERDUE, label=_("Reminder: action overdue"), examples=ACTION_EXAMPLES)
