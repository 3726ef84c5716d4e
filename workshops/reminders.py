"""Reminders (issue 4): the scan that Celery beat runs every hour, and the team's "send now".

Every reminder has a dedupe key, so a scan run twice, or on two beat processes at once,
queues each e-mail once (outbox/mail.py). Nothing is scheduled days ahead with a countdown:
each scan reads the clock and queues what is due by then.
"""

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import reader_language
from common import l10n
from learningsets.models import Member
from outbox import mail
from outbox.models import Email
from workshops import calendar, emails, rules
from workshops.invitations import (
    delegate_context,
    invitation_context,
    invitation_send,
    workshop_dates,
)
from workshops.models import Invitation, Registration, Session, Workshop

log = logging.getLogger(__name__)

MISSING = emails.REMINDER_MISSING_DELEGATES
UNANSWERED = emails.REMINDER_UNANSWERED
UPCOMING = emails.REMINDER_UPCOMING
SEND_NOW_CHOICES = [
    (MISSING, _("Partners missing delegates")),
    (UNANSWERED, _("Delegates who have not answered")),
]

_AGENDA = Prefetch("sessions", queryset=Session.objects.order_by("day", "start_time", "pk"))
# A delegate's e-mail is written in their language (learningsets.Member.language).
_DELEGATE_LANGUAGE = [f"member__{path}" for path in Member.LANGUAGE_FROM]
_CONFIRMED = Prefetch(
    "registrations",
    queryset=Registration.objects.filter(status=Registration.Status.CONFIRMED)
    .select_related("member", "partner", *_DELEGATE_LANGUAGE)
    .order_by("pk"),
    to_attr="confirmed",
)


def missing_days(workshop: Workshop) -> list[int]:
    """The days before registration closes on which partners are reminded, smallest first."""
    return sorted({int(days) for days in workshop.reminder_missing_days.split(",")})


def missing_threshold(workshop: Workshop, at) -> int | None:
    """The missing-delegates reminder due at `at`: the smallest N with `at` in the last N days
    before registration closes (None if none is, or registration is not open).

    Each N is sent once. An N overtaken by a smaller one before any scan saw it (registration
    opened late, the scan did not run) is skipped, never sent late: one reminder per scan,
    with the latest count.
    """
    if not workshop.is_registration_open(at):
        return None
    left = workshop.registration_closes_at - at
    return next((days for days in missing_days(workshop) if left <= timedelta(days=days)), None)


def unanswered_due(invitation: Invitation, at) -> bool:
    days = invitation.registration.workshop.reminder_unanswered_days
    return invitation.created_at <= at - timedelta(days=days)


def upcoming_due(workshop: Workshop, at) -> bool:
    """From midnight N days before the first day, in the workshop's time zone, until it starts."""
    starts_at = workshop.starts_at
    return starts_at - timedelta(days=workshop.reminder_upcoming_days) <= at < starts_at


def agenda_markdown(workshop: Workshop) -> str:
    """The agenda as a Markdown list, one line per session (sessions prefetched in order).

    The session titles are the management team's, like the e-mail's wording: Markdown too.
    """
    lines = [
        f"- {l10n.date_format(session.day, 'WEEKDAY_DATE_FORMAT')}, "
        f"{formats.time_format(session.start_time)}–{formats.time_format(session.end_time)}: "
        f"{session.title}"
        for session in workshop.sessions.all()
    ]
    return mail.Markdown("\n".join(lines) or gettext("- The agenda will be on the workshop page."))


@transaction.atomic
def reminders_scan(*, at=None) -> dict[str, int]:
    """Queue every reminder due at `at` (default: now) that was not queued before.

    Returns how many e-mails were queued, per kind.
    """
    at = at or timezone.now()
    return {
        MISSING: _scan_missing(at),
        UNANSWERED: _scan_unanswered(at),
        UPCOMING: _scan_upcoming(at),
    }


@transaction.atomic
def reminders_send_now(*, workshops: Iterable[Workshop], kind: str, by, at=None) -> int:
    """Send one kind of reminder for these workshops now, whatever their schedule.

    Returns how many e-mails were queued; a second click on the same day queues none.
    """
    at = at or timezone.now()
    now = f"now:{timezone.localdate(at):%Y-%m-%d}"
    ids = [workshop.pk for workshop in workshops]
    if kind == MISSING:
        chosen = _workshops().filter(pk__in=ids)
        queued = _queue_missing(
            [workshop for workshop in chosen if workshop.is_registration_open(at)],
            lambda w, p, c: f"reminder:missing:{now}:{w.pk}:{p.pk}:{c.pk}",
        )
    elif kind == UNANSWERED:
        queued = _queue_unanswered(
            list(_open_invitations(at).filter(registration__workshop__in=ids)),
            lambda i: f"reminder:unanswered:{now}:{i.registration_id}:{i.pk}",
            at,
        )
    else:
        raise ValueError(f"The {kind} reminder cannot be sent now.")
    log.info("User %s queued %s %s e-mails for workshops %s", by.pk, queued, kind, ids)
    return queued


def _workshops():
    return Workshop.objects.select_related("sub_theme").order_by("pk")


def _already_queued(kind: str, workshop_ids: Iterable[int]) -> set[str]:
    """The dedupe keys of this kind already in the outbox for these workshops.

    One query, so a scan that finds nothing new costs the same whatever the data; email_queue
    checks each key again, and the unique index settles a race with another scan.
    """
    queued = Email.objects.about(Workshop, workshop_ids).filter(kind=kind).order_by()
    return set(queued.values_list("dedupe_key", flat=True))


def _queued(**message) -> int:
    return 0 if mail.email_queue(**message) is None else 1


def _scan_missing(at) -> int:
    open_now = _workshops().filter(
        status=Workshop.Status.REGISTRATION_OPEN,
        registration_opens_at__lte=at,
        registration_closes_at__gt=at,
    )
    due = {workshop: missing_threshold(workshop, at) for workshop in open_now}
    return _queue_missing(
        [workshop for workshop, days in due.items() if days],
        lambda w, p, c: f"reminder:missing:{w.pk}:{p.pk}:{due[w]}:{c.pk}",
    )


def _partners_missing_delegates(workshops: list[Workshop]):
    """(workshop, partner, places taken) for every invited partner with places left."""
    prefetch_related_objects(workshops, "invited_partners__contacts")
    taken = {
        (row["workshop"], row["partner"]): row["taken"]
        for row in Registration.objects.filter(
            workshop__in=workshops, status__in=rules.HOLDING_A_PLACE
        )
        .values("workshop", "partner")
        .annotate(taken=Count("pk"))
        .order_by()
    }
    for workshop in workshops:
        for partner in workshop.invited_partners.all():
            registered = taken.get((workshop.pk, partner.pk), 0)
            if registered < workshop.delegates_per_partner:
                yield workshop, partner, registered


def _queue_missing(workshops: list[Workshop], key: Callable) -> int:
    """Remind every contact of every invited partner with places left; key(w, p, c) names it."""
    done = _already_queued(MISSING, (workshop.pk for workshop in workshops))
    queued = 0
    for workshop, partner, registered in _partners_missing_delegates(workshops):
        for contact in partner.contacts.all():
            dedupe_key = key(workshop, partner, contact)
            if dedupe_key not in done:
                queued += _queued(
                    kind=MISSING,
                    to=contact.email,
                    language=reader_language(contact, partner_language=partner.language),
                    context=partial(_missing_context, workshop, partner, contact, registered),
                    dedupe_key=dedupe_key,
                    related=partner,
                    about=workshop,
                )
    return queued


def _missing_context(workshop: Workshop, partner, contact, registered: int) -> dict[str, str]:
    delegates_url = reverse(
        "workshops:delegates", kwargs={"slug": workshop.slug, "partner_slug": partner.slug}
    )
    return {
        "contact": str(contact),
        "partner": partner.name,
        "registered": str(registered),
        "quota": str(workshop.delegates_per_partner),
        "workshop": workshop.title,
        "dates": workshop_dates(workshop),
        "deadline": rules.local_time(workshop, workshop.registration_closes_at),
        "sub_theme": workshop.sub_theme.name,
        "delegates_url": settings.SITE_URL + delegates_url,
    }


def _open_invitations(at):
    """The links delegates who are still "invited" can answer: unused, not revoked, not expired."""
    return (
        Invitation.objects.filter(
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=at,
            registration__status=Registration.Status.INVITED,
        )
        .select_related(
            "registration__member",
            "registration__partner",
            "registration__workshop",
            *(f"registration__{path}" for path in _DELEGATE_LANGUAGE),
        )
        .order_by("pk")
    )


def _scan_unanswered(at) -> int:
    # N differs per workshop: the database keeps links older than the least N (a day), and
    # unanswered_due checks each workshop's own N on those few rows.
    # A link to a delegate's former address is replaced at once, whatever its age.
    moved = ~Q(email__iexact=F("registration__member__email"))
    invitations = _open_invitations(at).filter(Q(created_at__lte=at - timedelta(days=1)) | moved)
    return _queue_unanswered(
        [
            invitation
            for invitation in invitations
            if unanswered_due(invitation, at) or not invitation.sent_to_current_address()
        ],
        lambda i: f"reminder:unanswered:{i.registration_id}:{i.pk}",
        at,
    )


def _queue_unanswered(invitations: list[Invitation], key: Callable, at) -> int:
    """Send each delegate the link of the same invitation again; key(invitation) names it.

    A delegate whose address changed since gets a new invitation at the new address instead:
    a link proves only the address it was sent to, so the old one no longer works.
    """
    done = _already_queued(UNANSWERED, {i.registration.workshop_id for i in invitations})
    queued = 0
    for invitation in invitations:
        registration = invitation.registration
        if key(invitation) in done:
            continue
        if not invitation.sent_to_current_address():
            invitation_send(registration=registration, at=at)
            queued += 1
            continue
        queued += _queued(
            kind=UNANSWERED,
            to=registration.member.email,
            language=registration.member.language,
            context=partial(invitation_context, invitation),
            dedupe_key=key(invitation),
            related=invitation,
            about=registration.workshop,
        )
    return queued


def _scan_upcoming(at) -> int:
    # Two days' margin covers every time zone; upcoming_due decides in the workshop's own.
    soon = _workshops().filter(start_date__gte=at.date() - timedelta(days=2))
    due = [workshop for workshop in soon if upcoming_due(workshop, at)]
    prefetch_related_objects(due, _AGENDA, _CONFIRMED)
    done = _already_queued(UPCOMING, (workshop.pk for workshop in due))
    queued = 0
    for workshop in due:
        waiting = [r for r in workshop.confirmed if f"reminder:upcoming:{r.pk}" not in done]
        if waiting:
            queued += _queue_upcoming(workshop, waiting)
    return queued


def _queue_upcoming(workshop: Workshop, registrations: list[Registration]) -> int:
    url = settings.SITE_URL + workshop.get_absolute_url()
    ics = calendar.workshop_calendar(workshop, url=url).decode()
    attachment = mail.Attachment(f"{workshop.slug}.ics", ics, "text/calendar")
    return sum(
        _queued(
            kind=UPCOMING,
            to=registration.member.email,
            language=registration.member.language,
            context=partial(_upcoming_context, registration),
            dedupe_key=f"reminder:upcoming:{registration.pk}",
            related=registration,
            about=workshop,
            attachments=(attachment,),
        )
        for registration in registrations
    )


def _upcoming_context(registration: Registration) -> dict[str, str]:
    workshop = registration.workshop
    return {
        **delegate_context(registration),
        "agenda": agenda_markdown(workshop),
        "start": formats.date_format(workshop.start_date, "DATE_FORMAT"),
    }
