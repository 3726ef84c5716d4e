"""A person's calendar feed: subscribed to from *My MILE* behind a private link, parsed back
with icalendar; revoked, the old link answers 404; erased with the person."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertRedirects

from accounts.personal_data import person_erase, person_export, person_of_user
from learningsets.invitations import account_invitation_send
from learningsets.models import Action
from portal import services
from portal.models import CalendarFeed
from tests.factories import (
    ActionFactory,
    MeetingFactory,
    MemberFactory,
    UserFactory,
    add_partners,
)
from tests.pages import main_text
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops.models import Registration, Workshop

STARTS = dt.datetime(2099, 3, 2, 17, 30, tzinfo=dt.UTC)


def feed_path(user) -> str:
    return f"/calendar/{services.calendar_feed_get_or_create(user=user).token()}.ics"


def fetch(client, path) -> Calendar:
    response = client.get(path)
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    return Calendar.from_ical(response.content)


def events(calendar) -> list[tuple]:
    return [(str(e["UID"]), str(e["SUMMARY"]), e.start, e.end) for e in calendar.events]


@pytest.fixture
def bobs_world(bob_member, als, amadora, komotini, other_als, alice):
    """What bob's feed holds, and what it must not: the others' workshops, meetings, actions."""
    delegate_of = WorkshopFactory(
        title="Enterprise development", start_date=dt.date(2099, 3, 2),
        end_date=dt.date(2099, 3, 4), invited=[amadora],
    )  # fmt: skip
    RegistrationFactory(
        workshop=delegate_of, member=bob_member, status=Registration.Status.CONFIRMED
    )
    withdrawn = WorkshopFactory(title="Withdrawn from", invited=[komotini])
    RegistrationFactory(workshop=withdrawn, member=bob_member, status=Registration.Status.WITHDRAWN)
    draft = WorkshopFactory(title="Not published", status=Workshop.Status.DRAFT)
    RegistrationFactory(workshop=draft, member=bob_member)
    WorkshopFactory(title="Komotini's only", invited=[komotini])

    set_meeting = MeetingFactory(
        learning_set=als, starts_at=STARTS, ends_at=STARTS + dt.timedelta(hours=2),
        place="", online_link="https://meet.example/als",
    )  # fmt: skip
    support_group = MeetingFactory(
        learning_set=None, partner=amadora, starts_at=STARTS + dt.timedelta(days=7),
        ends_at=STARTS + dt.timedelta(days=7, hours=1), place="Town hall, room 2",
    )  # fmt: skip
    MeetingFactory(learning_set=other_als, starts_at=STARTS)  # Komotini's set
    MeetingFactory(learning_set=als, starts_at=timezone.now() - dt.timedelta(days=400))

    rui = MemberFactory(learning_set=als, name="Rui")
    due = ActionFactory(
        problem__meeting=set_meeting, problem__brought_by=rui, owner=bob_member,
        description="Meet the association\nof Cape Verdean traders.", due_on=dt.date(2099, 3, 20),
    )  # fmt: skip
    ActionFactory(problem=due.problem, owner=bob_member, state=Action.State.DONE)
    ActionFactory(problem=due.problem, owner=rui, description="Rui's own action.")
    return {"workshop": delegate_of, "meeting": set_meeting, "support": support_group, "due": due}


def test_the_feed_holds_the_persons_workshops_meetings_and_open_actions(client, bob, bobs_world):
    w = bobs_world

    calendar = fetch(client, feed_path(bob))  # anonymous: a calendar program has no session

    assert events(calendar) == [
        (f"workshop-{w['workshop'].pk}@mile", "Enterprise development",
         dt.date(2099, 3, 2), dt.date(2099, 3, 5)),
        (f"meeting-{w['meeting'].pk}@mile",
         "Set meeting — ALS Amadora — Enterprise support and development",
         STARTS, STARTS + dt.timedelta(hours=2)),
        (f"meeting-{w['support'].pk}@mile", "Local Support Group meeting — Amadora",
         STARTS + dt.timedelta(days=7), STARTS + dt.timedelta(days=7, hours=1)),
        (f"action-{w['due'].pk}@mile",
         "Action due: Meet the association of Cape Verdean traders.",
         dt.date(2099, 3, 20), dt.date(2099, 3, 21)),
    ]  # fmt: skip
    assert str(calendar["X-WR-CALNAME"]) == "My MILE"


def test_meeting_times_are_utc_and_say_where(client, bob, bobs_world):
    calendar = fetch(client, feed_path(bob))
    online, in_person = calendar.events[1], calendar.events[2]

    assert online["DTSTART"].to_ical() == b"20990302T173000Z"
    assert (str(online["LOCATION"]), str(online["URL"])) == (
        "https://meet.example/als", "https://meet.example/als",
    )  # fmt: skip
    support = bobs_world["support"]
    assert (str(in_person["LOCATION"]), str(in_person["URL"])) == (
        "Town hall, room 2", f"http://testserver/meetings/{support.pk}/",
    )  # fmt: skip


def test_the_feed_tells_nothing_of_what_was_said_at_a_meeting(client, bob, bobs_world):
    content = client.get(feed_path(bob)).content.decode()

    for private in ("Few migrant entrepreneurs", "Who do they ask instead?", "Rui"):
        assert private not in content


def test_a_contact_gets_the_workshops_their_partner_is_invited_to(client, alice, bobs_world):
    calendar = fetch(client, feed_path(alice))

    assert [summary for _, summary, *_ in events(calendar)] == [
        "Enterprise development",
        "Set meeting — ALS Amadora — Enterprise support and development",
        "Local Support Group meeting — Amadora",
    ]


def test_another_partners_contact_gets_only_their_partners_events(client, charlie, bobs_world):
    calendar = fetch(client, feed_path(charlie))

    assert [summary for _, summary, *_ in events(calendar)] == [
        "Withdrawn from",  # bob withdrew; Komotini is invited all the same
        "Komotini's only",
        "Set meeting — ALS Komotini — Enterprise support and development",
    ]


def test_someone_in_no_set_and_no_partner_gets_an_empty_calendar(client, bobs_world):
    calendar = fetch(client, feed_path(UserFactory(email="nobody@example.org")))

    assert (events(calendar), str(calendar["X-WR-CALNAME"])) == ([], "My MILE")


# Subscribing and revoking from My MILE.


def test_my_mile_offers_to_subscribe_and_makes_no_link_before(client, bob):
    client.force_login(bob)

    response = client.get("/my/")

    assertContains(
        response,
        '<button class="btn btn-primary" type="submit">Subscribe to my calendar</button>',
        html=True,
    )
    assert not CalendarFeed.objects.exists()


def test_subscribing_makes_the_link_and_my_mile_shows_it(client, bob):
    client.force_login(bob)

    response = client.post("/my/calendar-link/")

    assertRedirects(response, "/my/#calendar")
    token = CalendarFeed.objects.get(user=bob).token()
    page = client.get("/my/")
    assertContains(page, f'href="webcal://testserver/calendar/{token}.ics"')
    assertContains(page, f'value="http://testserver/calendar/{token}.ics"')
    assert "Revoke this link" in main_text(page)


def test_subscribing_twice_keeps_the_same_link(client, bob):
    client.force_login(bob)
    client.post("/my/calendar-link/")
    token = CalendarFeed.objects.get().token()

    client.post("/my/calendar-link/")

    assert CalendarFeed.objects.get().token() == token


def test_revoking_makes_a_new_link_and_the_old_one_answers_404(client, bob):
    old = feed_path(bob)
    client.force_login(bob)

    response = client.post("/my/calendar-link/renew/", follow=True)

    assert "The old link to your calendar no longer works." in main_text(response)
    new = f"/calendar/{CalendarFeed.objects.get().token()}.ics"
    assert new != old
    client.logout()
    assert (client.get(old).status_code, client.get(new).status_code) == (404, 200)


def test_the_database_holds_only_a_hash_of_the_token(bob):
    feed = services.calendar_feed_get_or_create(user=bob)

    assert feed.token() not in {feed.nonce, feed.token_hash}
    assert CalendarFeed.objects.filter(token_hash=feed.token()).count() == 0


@pytest.mark.parametrize("token", ["A" * 43, "short", "A" * 5000, "' OR 1=1 --", "ünïcödé-‮-token"])
def test_a_made_up_token_answers_404(client, bob, token):
    feed_path(bob)

    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_another_kind_of_links_token_opens_no_feed(client, bob, ana):
    feed_path(bob)
    invitation = account_invitation_send(member=ana, by=None)

    assert client.get(f"/calendar/{invitation.token()}.ics").status_code == 404


def test_the_feed_of_a_closed_account_answers_404(client, bob):
    path = feed_path(bob)
    bob.is_active = False
    bob.save()

    assert client.get(path).status_code == 404


def test_the_feed_is_kept_by_no_cache(client, bob):
    response = client.get(feed_path(bob))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# A person's data.


def test_the_export_says_a_feed_exists_never_its_token(bob):
    feed = services.calendar_feed_get_or_create(user=bob)

    export = person_export(person_of_user(bob))

    assert export["calendar_feed"] == {"exists": True, "created_at": feed.created_at}
    assert feed.token() not in str(export) and feed.nonce not in str(export)


def test_the_export_of_someone_without_a_feed_says_none(bob):
    assert person_export(person_of_user(bob))["calendar_feed"] is None


def test_erasure_deletes_the_feed_and_its_link_answers_404(client, bob):
    path = feed_path(bob)

    person_erase(person=person_of_user(bob))

    assert not CalendarFeed.objects.exists()
    assert client.get(path).status_code == 404


# Constant queries.


def test_the_feed_costs_the_same_queries_for_a_few_and_many_events(client, bob, bob_member, als):
    path = feed_path(bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(path).status_code == 200
        return len(context.captured_queries)

    def add(count: int) -> None:
        for partner in add_partners(count):
            workshop = WorkshopFactory(invited=[partner])
            RegistrationFactory(workshop=workshop, member=bob_member)
            meeting = MeetingFactory(learning_set=als)
            ActionFactory(problem__meeting=meeting, owner=bob_member)

    add(2)
    small = queries()
    add(18)
    assert queries() == small
    assert len(Calendar.from_ical(client.get(path).content).events) == 60
