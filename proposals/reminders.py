"""Reminders of a call's deadline: the scan Celery beat runs every hour.

The authors of a draft drafted for a call are reminded N days before its deadline (the team's
extension, if it gave one), for each N in CALL_REMINDER_DAYS, only while the draft still lacks
what *Submit for review* asks (workflow.submission_problems: the same rule), and each once: the
dedupe key names the proposal, the deadline, N and the person, so a second scan queues nothing
and an extension starts the reminders again. Each author reads theirs in their own language.
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.languages import reader_language
from outbox import mail
from outbox.models import Email
from proposals import deadlines, emails, workflow
from proposals.models import Proposal
from proposals.permissions import EDITABLE

log = logging.getLogger(__name__)

KIND = emails.PROPOSAL_DEADLINE_REMINDER


def reminder_days() -> list[int]:
    """The days before a deadline on which the authors are reminded, smallest first."""
    return sorted(set(settings.CALL_REMINDER_DAYS))


def threshold(proposal: Proposal, at) -> int | None:
    """The reminder due at `at`: the smallest N with `at` in the last N days before the
    deadline (None if none is). An N overtaken by a smaller one before any scan saw it is
    skipped, never sent late: one reminder per scan, with what is missing then."""
    left = proposal.deadline - at
    return next((days for days in reminder_days() if left <= timedelta(days=days)), None)


def _due(at):
    """The drafts with a deadline within the largest N, with what their problems read."""
    days = reminder_days()
    if not days:
        return Proposal.objects.none()
    deadline = Coalesce(
        "deadline_extended_to", "funding_call__deadline", output_field=DateTimeField()
    )
    return (
        Proposal.objects.filter(status__in=EDITABLE, funding_call__isnull=False)
        .annotate(due=deadline)
        .filter(due__gt=at, due__lte=at + timedelta(days=days[-1]))
        .select_related("funding_call", "learning_set__partner")
        .prefetch_related("sections", "principles")
        .order_by("pk")
    )


def dedupe_key(proposal: Proposal, days: int, person) -> str:
    return f"reminder:deadline:{proposal.pk}:{proposal.deadline:%Y%m%d%H%M}:{days}:{person.pk}"


@transaction.atomic
def deadline_reminders_scan(*, at=None) -> int:
    """Queue every deadline reminder due at `at` (default: now) that was not queued before;
    returns how many e-mails were queued."""
    at = at or timezone.now()
    due = [(p, days) for p in _due(at) if (days := threshold(p, at)) is not None]
    due = [(p, days) for p, days in due if workflow.submission_problems(p)]
    # One query for what earlier scans queued; email_queue checks each key again, and the
    # unique index settles a race with another scan.
    done = set(
        Email.objects.about(Proposal, (p.pk for p, _ in due))
        .filter(kind=KIND)
        .values_list("dedupe_key", flat=True)
    )
    queued = 0
    for proposal, days in due:
        partner_language = proposal.learning_set.partner.language
        for person in workflow.authors(proposal).order_by("email"):
            key = dedupe_key(proposal, days, person)
            if key in done:
                continue
            email = mail.email_queue(
                kind=KIND,
                to=person.email,
                language=reader_language(person, partner_language=partner_language),
                context=partial(_context, proposal, person, at),
                dedupe_key=key,
                related=proposal,
                about=proposal,
            )
            queued += email is not None
    log.info("Deadline reminders queued: %s", queued)
    return queued


def _context(proposal: Proposal, person, at) -> dict[str, str]:
    """The placeholders, in the recipient's language (the outbox calls this under it)."""
    # The problems are the application's own sentences (a section's title at most): Markdown.
    missing = "\n".join(f"- {problem}" for problem in workflow.submission_problems(proposal))
    return {
        "name": str(person),
        "proposal": proposal.title,
        "call": proposal.funding_call.name,
        "deadline": deadlines.deadline_shown(proposal),
        "time_left": deadlines.time_left(proposal, at=at),
        "missing": mail.Markdown(missing),
        "proposal_url": settings.SITE_URL + proposal.get_absolute_url(),
    }
