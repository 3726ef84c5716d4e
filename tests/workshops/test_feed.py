"""The public feed of the workshops that calendar programs subscribe to, parsed back."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from tests.pages import main_text
from tests.workshops.factories import WorkshopFactory
from workshops.models import Workshop

FEED = "/workshops/calendar.ics"
S = Workshop.Status


def events(response) -> list[tuple]:
    calendar = Calendar.from_ical(response.content)
    return [(str(e["UID"]), str(e["SUMMARY"]), e.start, e.end) for e in calendar.events]


@pytest.fixture
def programme(amadora):
    """A workshop of each status, and a held one too long ago for the feed."""
    today = timezone.localdate()
    made = {}
    for days, status in [
        (30, S.DRAFT), (40, S.PUBLISHED), (50, S.REGISTRATION_OPEN),
        (60, S.REGISTRATION_CLOSED), (-100, S.HELD), (-400, S.HELD),
    ]:  # fmt: skip
        start = today + dt.timedelta(days=days)
        made[days] = WorkshopFactory(
            title=f"Workshop {status} {days}",
            host=amadora,
            status=status,
            start_date=start,
            end_date=start + dt.timedelta(days=2),
        )
    return made


def test_the_feed_holds_every_workshop_but_drafts_and_those_long_past(client, programme):
    response = client.get(FEED)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    today = timezone.localdate()
    assert events(response) == [
        (
            f"workshop-{programme[days].pk}@mile",
            programme[days].title,
            today + dt.timedelta(days=days),
            today + dt.timedelta(days=days + 3),  # all day: DTEND is the day after the last
        )
        for days in (-100, 40, 50, 60)
    ]


def test_the_feed_is_named_and_says_how_often_to_fetch_it(client, programme):
    calendar = Calendar.from_ical(client.get(FEED).content)

    assert (str(calendar["X-WR-CALNAME"]), calendar["REFRESH-INTERVAL"].dt) == (
        "MILE workshops",
        dt.timedelta(hours=6),
    )


def test_a_workshop_has_the_same_uid_in_the_feed_and_in_its_own_file(client, programme):
    workshop = programme[40]

    [own] = Calendar.from_ical(
        client.get(f"/workshops/{workshop.slug}/calendar.ics").content
    ).events
    in_feed = next(e for e in Calendar.from_ical(client.get(FEED).content).events
                   if e["UID"] == own["UID"])  # fmt: skip

    assert (in_feed["SUMMARY"], in_feed["URL"]) == (own["SUMMARY"], own["URL"])
    assert str(own["URL"]) == f"http://testserver/workshops/{workshop.slug}/"


def test_the_workshops_page_offers_to_subscribe_and_to_download(client, programme):
    response = client.get("/workshops/")

    html = response.content.decode()
    assert 'href="webcal://testserver/workshops/calendar.ics"' in html
    assert f'href="{FEED}" download' in html
    assert "Subscribe to the workshops in your calendar" in main_text(response)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_feed_is_only_read(client, programme, method):
    assert getattr(client, method)(FEED).status_code == 405


def test_the_feed_costs_the_same_queries_for_2_and_20_workshops(client, amadora):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(FEED).status_code == 200
        return len(context.captured_queries)

    WorkshopFactory.create_batch(2, host=amadora)
    small = queries()
    WorkshopFactory.create_batch(18, host=amadora)
    assert queries() == small
