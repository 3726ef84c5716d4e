"""A workshop and its agenda sessions as iCalendar files (RFC 5545), for people's own calendars."""

import datetime as dt

from icalendar import Calendar, Event

from workshops.models import Session, Workshop

PRODID = "-//MILE//Action Learning Sets workshops//EN"
# A VTIMEZONE lists the zone's offset changes over a span of dates; computing the default span
# (1970-2038) costs far more, and a year either side covers every event in one file.
ZONE_SPAN = dt.timedelta(days=366)


def workshop_calendar(workshop: Workshop, *, url: str) -> bytes:
    """The whole workshop as one all-day event; `url` is the workshop page's address."""
    event = Event.new(
        uid=f"workshop-{workshop.pk}@mile",
        summary=workshop.title,
        # All-day events end on the day after the last one (RFC 5545 §3.6.1).
        start=workshop.start_date,
        end=workshop.end_date + dt.timedelta(days=1),
        location=_place(workshop.venue, workshop.city),
        description=f"{workshop.theme}\n\n{url}",
        url=url,
    )
    return _calendar(event, workshop)


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
