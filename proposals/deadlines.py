"""A proposal's deadline as its readers see it: on the clocks of its call's time zone, and how
long is left ("12 days left", "closes today at 17:00 CET", "closed"), in the reader's language.

The deadline itself is the model's (`Proposal.deadline`: the team's extension for the proposal,
else its call's); whether it still lets the proposal be submitted is the workflow's rule.
"""

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from proposals.models import Call, Proposal


def _local(proposal: Proposal) -> dt.datetime:
    return proposal.deadline.astimezone(proposal.funding_call.zone)


def on_its_clocks(call: Call, at: dt.datetime, format_name: str = "DATETIME_FORMAT") -> str:
    """A time of the call as its own time zone reads it: "30 June 2008, 17:00 CEST"."""
    local = at.astimezone(call.zone)
    return f"{formats.date_format(local, format_name)} {local.tzname()}"


def has_deadline(proposal: Proposal) -> bool:
    """The proposal has a call (and so a deadline) to show."""
    return proposal.funding_call_id is not None and proposal.deadline is not None


def deadline_shown(proposal: Proposal) -> str:
    """The deadline as a date and a time with its zone: "30 June 2008, 17:00 CEST"."""
    if not has_deadline(proposal):
        return ""
    return on_its_clocks(proposal.funding_call, proposal.deadline)


def time_left(proposal: Proposal, *, at: dt.datetime | None = None) -> str:
    """How long is left before the deadline, counted in days of the call's own calendar."""
    if not has_deadline(proposal):
        return ""
    at = at or timezone.now()
    if at >= proposal.deadline:
        return gettext("closed")
    local = _local(proposal)
    days = (local.date() - at.astimezone(local.tzinfo).date()).days
    time = f"{formats.time_format(local)} {local.tzname()}"
    if days == 0:
        return gettext("closes today at {time}").format(time=time)
    if days == 1:
        return gettext("closes tomorrow at {time}").format(time=time)
    return ngettext("{days} day left", "{days} days left", days).format(days=days)


def is_past(proposal: Proposal, *, at: dt.datetime | None = None) -> bool:
    """The deadline (the extension, if the team gave one) has passed."""
    return has_deadline(proposal) and (at or timezone.now()) >= proposal.deadline
