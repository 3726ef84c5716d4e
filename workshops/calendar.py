"""A workshop and its agenda sessions as iCalendar files (RFC 5545), for people's own calendars,
and the feed of every workshop that calendar programs subscribe to."""

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext
from icalendar import Calendar, Event

from workshops.models import Session, Workshop

PRODID = "-//MILE//Action Learning Sets workshops//EN"
# A VTIMEZONE lists the zone's offset changes over a span of dates; computing the default span
# (1970-2038) costs far more, and a year either side covers every event in one file.
ZONE_SPAN = dt.timedelta(days=366)
# How often a subscribed calendar program is asked to fetch a feed again.
FEED_REFRESH = dt.timedelta(hours=6)


def webcal(url: str) -> str:
    """A feed's address for calendar programs: webcal:// in place of http(s)://, which opens
    the reader's calendar program and subscribes to it."""
    return "webcal://" + url.split("://", 1)[-1]


def feed(*, name: str, events: Iterable[Event]) -> bytes:
    """A calendar of all-day and UTC events (so without VTIMEZONE), named for the program's
    list of calendars."""
    calendar = Calendar.new(
        prodid=PRODID, name=name, refresh_interval=FEED_REFRESH, subcomponents=list(events)
    )
    return calendar.to_ical()


def workshops_feed(workshops: Iterable[Workshop], *, url_of) -> bytes:
    """The workshops as all-day events; `url_of(workshop)` is a workshop page's address."""
    events = [workshop_event(workshop, url=url_of(workshop)) for workshop in workshops]
    return feed(name=gettext("MILE workshops"), events=events)


def workshop_calendar(workshop: Workshop, *, url: str) -> bytes:
    """The whole workshop as one all-day event; `url` is the workshop page's address."""
    return _calendar(workshop_event(workshop, url=url), workshop)


def workshop_event(workshop: Workshop, *, url: str) -> Event:
    """The whole workshop as one all-day event, the same in every file: its UID is its own."""
    return Event.new(
        uid=f"workshop-{workshop.pk}@mile",
        summary=workshop.title,
        # All-day events end on the day after the last one (RFC 5545 §3.6.1).
        start=workshop.start_date,
        end=workshop.end_date + dt.timedelta(days=1),
        location=_place(workshop.venue, workshop.city),
        description=f"{workshop.theme}\n\n{url}",
        url=url,
    )


def session_calendar(session: Session, *, url: str) -> bytes:
    """One agenda session, in the workshop's time zone; `url` is its place on the agenda."""
    workshop = session.workshop
    event = Event.new(
        uid=f"session-{session.pk}@mile",
        summary=f"{session.title} — {workshop.title}",
        start=session.starts_at(),
        end=session.ends_at(),
        location=_place(session.location, workshop.venue, workshop.city),
        description="\n\n".join(
            part for part in (session.get_kind_display(), session.description, url) if part
        ),
        url=url,
    )
    return _calendar(event, workshop)


def _place(*parts: str) -> str:
    return ", ".join(dict.fromkeys(part for part in parts if part))


def _calendar(event: Event, workshop: Workshop) -> bytes:
    calendar = Calendar.new(prodid=PRODID, uid=f"calendar-{event.uid}", subcomponents=[event])
    calendar.add_missing_timezones(
        first_date=workshop.start_date - ZONE_SPAN, last_date=workshop.end_date + ZONE_SPAN
    )
    return calendar.to_ical()
