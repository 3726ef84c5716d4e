"""The iCalendar downloads of a workshop and of its sessions, parsed back and checked."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops.models import Session, Workshop

UTC = dt.UTC


def download(client, url) -> Calendar:
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return Calendar.from_ical(response.content)


@pytest.fixture
def workshop(workshop):
    """The open workshop of conftest.py on fixed dates: 2–4 March 2099, in Lisbon."""
    workshop.title = "Exchange workshop in Amadora"
    workshop.start_date, workshop.end_date = dt.date(2099, 3, 2), dt.date(2099, 3, 4)
    workshop.save()
    return workshop


@pytest.fixture
def session(workshop):
    return SessionFactory(
        workshop=workshop,
        title="Introduction to MILE",
        location="Plenary room",
        description="What MILE is and how the learning sets work.",
    )


def test_the_workshop_calendar_is_one_all_day_event(client, workshop):
    before = timezone.now().replace(microsecond=0)

    response = client.get("/workshops/amadora-2008/calendar.ics")

    calendar = Calendar.from_ical(response.content)
    [event] = calendar.events
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/calendar; charset=utf-8",
        'attachment; filename="amadora-2008.ics"',
    )
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == (
        "2.0",
        "-//MILE//Action Learning Sets workshops//EN",
    )
    assert (event.start, event.end, event["DTSTART"].params["VALUE"]) == (
        dt.date(2099, 3, 2),
        dt.date(2099, 3, 5),  # the day after the last day: DTEND is exclusive
        "DATE",
    )
    assert (event["SUMMARY"], event["LOCATION"], event["DESCRIPTION"]) == (
        "Exchange workshop in Amadora",
        "Town hall, Amadora",
        "Enterprise development for ethnic minorities\n\nhttp://testserver/workshops/amadora-2008/",
    )
    assert (event["URL"], event["UID"]) == (
        "http://testserver/workshops/amadora-2008/",
        f"workshop-{workshop.pk}@mile",
    )
    assert before <= event.DTSTAMP <= timezone.now()
    assert calendar.timezones == []


def test_a_workshop_without_a_venue_is_located_in_its_city(client, workshop):
    workshop.venue = ""
    workshop.save()

    [event] = download(client, "/workshops/amadora-2008/calendar.ics").events

    assert event["LOCATION"] == "Amadora"


def test_the_workshop_calendar_keeps_its_uid_from_one_download_to_the_next(client, workshop):
    first = download(client, "/workshops/amadora-2008/calendar.ics")
    second = download(client, "/workshops/amadora-2008/calendar.ics")

    assert [e["UID"] for e in first.events] == [e["UID"] for e in second.events]
    assert first["UID"] == second["UID"] == f"calendar-workshop-{workshop.pk}@mile"


@pytest.mark.parametrize(
    ("zone", "day", "starts", "ends"),
    [
        # Lisbon is on UTC in winter and an hour ahead in summer; Rome is an hour ahead of it.
        ("Europe/Lisbon", dt.date(2099, 3, 2), dt.time(9, 30), dt.time(11)),
        ("Europe/Lisbon", dt.date(2099, 7, 1), dt.time(8, 30), dt.time(10)),
        ("Europe/Rome", dt.date(2099, 3, 2), dt.time(8, 30), dt.time(10)),
    ],
)
def test_a_session_calendar_is_in_the_workshops_time_zone(client, db, zone, day, starts, ends):
    workshop = WorkshopFactory(
        slug="exchange", time_zone=zone, start_date=day, end_date=day + dt.timedelta(days=2)
    )
    session = SessionFactory(workshop=workshop, start_time=dt.time(9, 30), end_time=dt.time(11))

    response = client.get(f"/workshops/exchange/sessions/{session.pk}/calendar.ics")

    calendar = Calendar.from_ical(response.content)
    [event] = calendar.events
    assert (event["DTSTART"].params["TZID"], event["DTEND"].params["TZID"]) == (zone, zone)
    assert (event.start, event.end) == (
        dt.datetime.combine(day, dt.time(9, 30), ZoneInfo(zone)),
        dt.datetime.combine(day, dt.time(11), ZoneInfo(zone)),
    )
    assert (event.start.astimezone(UTC), event.end.astimezone(UTC)) == (
        dt.datetime.combine(day, starts, UTC),
        dt.datetime.combine(day, ends, UTC),
    )
    assert f"DTSTART;TZID={zone}:{day:%Y%m%d}T093000" in response.text
    assert ([tz.tz_name for tz in calendar.timezones], calendar.get_missing_tzids()) == (
        [zone],
        set(),
    )


def test_a_session_calendar_names_the_session_its_workshop_and_where(client, session):
    response = client.get(f"/workshops/amadora-2008/sessions/{session.pk}/calendar.ics")

    [event] = Calendar.from_ical(response.content).events
    page = f"http://testserver/workshops/amadora-2008/#session-{session.pk}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="amadora-2008-session-{session.pk}.ics"'
    )
    assert (event["SUMMARY"], event["LOCATION"], event["DESCRIPTION"]) == (
        "Introduction to MILE — Exchange workshop in Amadora",
        "Plenary room, Town hall, Amadora",
        f"Plenary\n\nWhat MILE is and how the learning sets work.\n\n{page}",
    )
    assert (event["URL"], event["UID"]) == (page, f"session-{session.pk}@mile")


def test_a_session_held_at_the_venue_names_the_venue_once(client, session):
    Session.objects.filter(pk=session.pk).update(location="Town hall", description="")

    [event] = download(client, f"/workshops/amadora-2008/sessions/{session.pk}/calendar.ics").events

    assert (event["LOCATION"], event["DESCRIPTION"]) == (
        "Town hall, Amadora",
        f"Plenary\n\nhttp://testserver/workshops/amadora-2008/#session-{session.pk}",
    )


def test_a_session_of_another_workshop_is_not_found(client, workshop):
    elsewhere = SessionFactory(workshop=WorkshopFactory(slug="torino"))

    response = client.get(f"/workshops/amadora-2008/sessions/{elsewhere.pk}/calendar.ics")

    assert response.status_code == 404
    assert client.get(f"/workshops/torino/sessions/{elsewhere.pk}/calendar.ics").status_code == 200


def test_an_unknown_session_is_not_found(client, session):
    response = client.get(f"/workshops/amadora-2008/sessions/{session.pk + 1}/calendar.ics")

    assert response.status_code == 404


def test_a_draft_has_no_calendars(client, session):
    Workshop.objects.filter(pk=session.workshop_id).update(status=Workshop.Status.DRAFT)

    responses = [
        client.get("/workshops/amadora-2008/calendar.ics"),
        client.get(f"/workshops/amadora-2008/sessions/{session.pk}/calendar.ics"),
    ]

    assert [response.status_code for response in responses] == [404, 404]


def test_a_session_number_beyond_any_id_is_not_found(client, session):
    response = client.get("/workshops/amadora-2008/sessions/99999999999999999999/calendar.ics")

    assert response.status_code == 404
