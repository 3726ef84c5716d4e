"""Set meetings and actions' due dates as iCalendar events (RFC 5545), for a person's feed.

A meeting's times are written in UTC, which every calendar program shows in its reader's own
zone; a due date is an all-day event. An event says when and where, and links to the page: the
problems, the attendees and the learning log stay on the site, behind its login.
"""

import datetime as dt

from django.utils.text import Truncator
from django.utils.translation import gettext
from icalendar import Event

from learningsets.models import Action, Meeting

# An action is typed by members: its summary is a line, its description a paragraph at most.
SUMMARY_CHARACTERS = 80
DESCRIPTION_CHARACTERS = 1000


def meeting_event(meeting: Meeting, *, url: str) -> Event:
    """`url` is the meeting's page; an online meeting's link is the event's URL."""
    if meeting.is_support_group:
        summary = gettext("Local Support Group meeting — {partner}").format(
            partner=meeting.partner.name
        )
    else:
        summary = gettext("Set meeting — {learning_set}").format(
            learning_set=meeting.learning_set.name
        )
    return Event.new(
        uid=f"meeting-{meeting.pk}@mile",
        summary=summary,
        start=meeting.starts_at.astimezone(dt.UTC),
        end=meeting.ends_at.astimezone(dt.UTC),
        location=meeting.place or meeting.online_link or None,
        description="\n\n".join(part for part in (meeting.online_link, url) if part),
        url=meeting.online_link or url,
    )


def action_event(action: Action, *, url: str) -> Event:
    """The day the action is due, all day; `url` is where its owner reads and closes it."""
    line = Truncator(" ".join(action.description.split())).chars(SUMMARY_CHARACTERS)
    description = Truncator(action.description).chars(DESCRIPTION_CHARACTERS)
    return Event.new(
        uid=f"action-{action.pk}@mile",
        summary=gettext("Action due: {action}").format(action=line),
        # All-day events end on the next day (RFC 5545 §3.6.1).
        start=action.due_on,
        end=action.due_on + dt.timedelta(days=1),
        description=f"{description}\n\n{url}",
        url=url,
    )
