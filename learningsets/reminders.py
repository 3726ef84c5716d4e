"""Reminders of the actions agreed at set meetings: the scan Celery beat runs every hour.

An open action's owner is reminded once ACTION_REMINDER_DAYS before its due date and once
when it is overdue, in their language. Each reminder has a dedupe key (`action-due:<pk>`,
`action-overdue:<pk>`): a scan run twice, or on two beats at once, queues nothing twice
(outbox/mail.py). A done or dropped action, or one whose owner has left the set, gets none.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import formats, timezone

from learningsets import emails
from learningsets.models import Action, Member
from outbox import mail
from outbox.models import Email

DUE_SOON = emails.ACTION_DUE_SOON
OVERDUE = emails.ACTION_OVERDUE
KEYS = {DUE_SOON: "action-due:", OVERDUE: "action-overdue:"}
# The action's words in a reminder: one line, cut where a long one would fill the e-mail.
ACTION_IN_EMAIL = 200
_OWNER = ["owner__learning_set__sub_theme", *(f"owner__{path}" for path in Member.LANGUAGE_FROM)]


def dedupe_key(kind: str, action: Action) -> str:
    return f"{KEYS[kind]}{action.pk}"


@transaction.atomic
def action_reminders_scan(*, today: date | None = None) -> dict[str, int]:
    """Queue every action reminder due by `today` (default: today) not queued before.

    Returns how many e-mails were queued, per kind. A few queries, whatever the number of
    actions: a reminder already queued is left out by the database, and each kind is one
    fan-out (outbox.mail.emails_queue).
    """
    today = today or timezone.localdate()
    soon = today + timedelta(days=settings.ACTION_REMINDER_DAYS)
    due_soon = _not_reminded(DUE_SOON).filter(due_on__gte=today, due_on__lte=soon)
    overdue = _not_reminded(OVERDUE).filter(due_on__lt=today)
    return {DUE_SOON: _queue(DUE_SOON, due_soon), OVERDUE: _queue(OVERDUE, overdue)}


def _not_reminded(kind: str) -> QuerySet[Action]:
    key = Concat(Value(KEYS[kind]), Cast(OuterRef("pk"), CharField()))
    return (
        Action.objects.filter(state=Action.State.OPEN, owner__left_on__isnull=True)
        .exclude(Exists(Email.objects.filter(dedupe_key=key)))
        .select_related(*_OWNER, "problem")  # its address names the problem's meeting
        .order_by("due_on", "pk")
    )


def _queue(kind: str, actions: QuerySet[Action]) -> int:
    recipients = [
        mail.Recipient(
            to=action.owner.email,
            context=lambda action=action: _context(action),
            dedupe_key=dedupe_key(kind, action),
            related=action,
            language=action.owner.language,
        )
        for action in actions
    ]
    return len(mail.emails_queue(kind=kind, recipients=recipients)) if recipients else 0


def _context(action: Action) -> dict[str, str]:
    """The placeholders, made in the owner's language (the outbox calls this under it)."""
    words = " ".join(action.description.split())
    if len(words) > ACTION_IN_EMAIL:
        words = words[: ACTION_IN_EMAIL - 1].rstrip() + "…"
    return {
        "name": action.owner.name,
        "action": words,
        "due": formats.date_format(action.due_on, "DATE_FORMAT"),
        "learning_set": action.owner.learning_set.name,
        "action_url": settings.SITE_URL + action.get_absolute_url(),
        "my_mile_url": settings.SITE_URL + reverse("dashboard"),
    }
