"""The kinds of e-mail the workshops send, registered with the outbox when the app starts
(WorkshopsConfig.ready), and the personal link their invitations carry."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from outbox import kinds, mail

INVITATION = "invitation"
DELEGATE_REPLACED = "delegate_replaced"
DELEGATE_WITHDRAWN = "delegate_withdrawn"
REMINDER_MISSING_DELEGATES = "reminder_missing_delegates"
REMINDER_UNANSWERED = "reminder_unanswered"
REMINDER_UPCOMING = "reminder_upcoming"

# One example value per placeholder of these kinds, for the admin's previews.
EXAMPLES = {
    "agenda": mail.Markdown(
        "- Thu 4 Mar 09:30 Opening plenary\n- Thu 4 Mar 11:00 Learning set meetings"
    ),
    "city": "Amadora",
    "contact": "Alice Ferreira",
    "dates": "4–6 March 2030",
    "deadline": "25 February 2030, 18:00 (Europe/Lisbon)",
    "delegate": "Bob Martins",
    "delegates_url": "https://mile.example/workshops/amadora-2030/delegates/amadora/",
    "expires": "11 March 2030",
    "link": "https://mile.example/links/example/",
    "partner": "Amadora",
    "quota": "3",
    "registered": "1",
    "start": "4 March 2030",
    "sub_theme": "Enterprise support and development",
    "time_zone": "Europe/Lisbon",
    "venue": "Recreios da Amadora",
    "workshop": "Amadora 2030",
    "workshop_url": "https://mile.example/workshops/amadora-2030/",
}


def invitation_url(invitation) -> str:
    return settings.SITE_URL + reverse("workshops:invitation", args=[invitation.token()])


def _link_of(email) -> str:
    return invitation_url(email.related)


def register() -> None:
    for name, label, link in [
        (INVITATION, _("Workshop invitation"), _link_of),
        (DELEGATE_REPLACED, _("Delegate replaced"), None),
        (DELEGATE_WITHDRAWN, _("Delegate withdrawn"), None),
        (REMINDER_MISSING_DELEGATES, _("Reminder: delegates missing"), None),
        (REMINDER_UNANSWERED, _("Reminder: invitation not answered"), _link_of),
        (REMINDER_UPCOMING, _("Reminder: workshop coming up"), None),
    ]:
        kinds.register(name, label=label, examples=EXAMPLES, personal_link=link)
