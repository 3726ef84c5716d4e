"""The public workshop pages: the list and a workshop's page, for who may see what."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import MemberFactory, UserFactory, add_partners
from tests.pages import main_text
from tests.workshops.factories import RegistrationFactory, SessionFactory, WorkshopFactory
from workshops.models import Registration, Session, Workshop

ROLES = ["anonymous", "alice", "bob", "charlie", "dora"]
NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."
LISBON = ZoneInfo("Europe/Lisbon")
HELD_2008 = {
    "start_date": dt.date(2008, 2, 26),
    "end_date": dt.date(2008, 2, 28),
    "registration_opens_at": dt.datetime(2008, 1, 7, 9, tzinfo=LISBON),
    "registration_closes_at": dt.datetime(2008, 2, 15, 18, tzinfo=LISBON),
    "status": Workshop.Status.HELD,
}
WORKSHOP_FACTS = (
    "Workshops Exchange workshop in Amadora Exchange workshop in Amadora "
    "Enterprise development for ethnic minorities"
)
DETAILS = (
    "Sub-theme Enterprise support and development Host Amadora Where Town hall, Amadora "
    "Dates 2–4 March 2099 Time zone Europe/Lisbon "
    "Registration Registration open until 13 February 2099, 18:00 (Europe/Lisbon) "
    "From 6 January 2025, 09:00 (Europe/Lisbon) to 13 February 2099, 18:00 (Europe/Lisbon); "
    "3 delegates per partner."
)
AGENDA = (
    "Agenda Times are in the workshop’s time zone, Europe/Lisbon. "
    "Monday 2 March 2099 Agenda of Monday 2 March 2099 Time Session Kind Location Calendar "
    "09:30–11:00 Introduction to MILE and the Action Learning methodology Plenary Plenary room "
    "Add to calendar: Introduction to MILE and the Action Learning methodology "
    "14:30–17:00 Action Learning Set meetings Each partner's set meets. ALS meeting "
    "Add to calendar: Action Learning Set meetings "
    "Tuesday 3 March 2099 Agenda of Tuesday 3 March 2099 Time Session Kind Location Calendar "
    "09:30–11:00 Next steps to project proposals Plenary Plenary room "
    "Add to calendar: Next steps to project proposals"
)
HANDBOOK = "Handbook Welcome The handbook of the workshop."
PARTNERS = (
    "Participating partners Partners invited to Exchange workshop in Amadora, with their "
    "delegates registered Partner Country Delegates registered "
    "Amadora Portugal 1 of 3 Komotini Greece 0 of 3"
)
DELEGATES = (
    "Delegates Shown only to the workshop’s participants: the MILE management team, the "
    "partner contacts and the delegates. Delegates of each partner Name Organisation Status "
    "Amadora Bob Town hall Registered Komotini No delegates yet."
)


@pytest.fixture
def workshop(workshop):
    """The open workshop of conftest.py on fixed dates, so that its page reads the same any day."""
    workshop.title = "Exchange workshop in Amadora"
    workshop.start_date, workshop.end_date = dt.date(2099, 3, 2), dt.date(2099, 3, 4)
    workshop.registration_opens_at = dt.datetime(2025, 1, 6, 9, tzinfo=LISBON)
    workshop.registration_closes_at = dt.datetime(2099, 2, 13, 18, tzinfo=LISBON)
    workshop.save()
    return workshop


@pytest.fixture
def agenda(workshop):
    """Three sessions over two days, created out of order."""
    monday, tuesday = workshop.start_date, workshop.start_date + dt.timedelta(days=1)
    return [
        SessionFactory(
            workshop=workshop,
            day=tuesday,
            title="Next steps to project proposals",
            location="Plenary room",
        ),
        SessionFactory(
            workshop=workshop,
            day=monday,
            start_time=dt.time(14, 30),
            end_time=dt.time(17),
            title="Action Learning Set meetings",
            kind=Session.Kind.ALS_MEETING,
            description="Each partner's set meets.",
        ),
        SessionFactory(
            workshop=workshop,
            day=monday,
            title="Introduction to MILE and the Action Learning methodology",
            location="Plenary room",
        ),
    ]


@pytest.fixture
def bob_delegate(workshop, bob_member):
    """bob, a member of Amadora's enterprise set, is one of Amadora's delegates."""
    return RegistrationFactory(workshop=workshop, member=bob_member)


def url(workshop) -> str:
    return f"/workshops/{workshop.slug}/"


# The list


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_upcoming_and_past_workshops_to_everyone(as_role, role, workshop):
    WorkshopFactory(
        title="Transnational Scoping and Exchange Workshop",
        slug="scoping-2008",
        host=workshop.host,
        **HELD_2008,
    )

    response = as_role(role).get("/workshops/")

    assert main_text(response) == (
        "Transnational Exchange Workshops The Action Learning Sets of all partners on one "
        "sub-theme meet at a workshop hosted by one partner, to exchange experience and learn "
        "with and from each other. Each partner sends a group of delegates. "
        "Subscribe to the workshops in your calendar Download the workshops as a calendar file "
        "Upcoming workshops Upcoming workshops "
        "Workshop Sub-theme Host City Dates Registration "
        "Exchange workshop in Amadora Enterprise development for ethnic minorities "
        "Enterprise support and development Amadora Amadora 2–4 March 2099 "
        "Registration open until 13 February 2099, 18:00 (Europe/Lisbon) "
        "Past workshops Past workshops Workshop Sub-theme Host City Dates Registration "
        "Transnational Scoping and Exchange Workshop Enterprise development for ethnic "
        "minorities Enterprise support and development Amadora Amadora 26–28 February 2008 "
        "Workshop held"
    )
    assertContains(response, '<a class="fw-semibold" href="/workshops/amadora-2008/">', count=1)
    assertContains(response, '<a href="/partners/amadora/">Amadora</a>', count=2, html=True)


def test_the_list_never_shows_a_draft(client, workshop):
    WorkshopFactory(title="Secret draft", slug="secret", status=Workshop.Status.DRAFT)

    response = client.get("/workshops/")

    assertNotContains(response, "Secret draft")
    assertNotContains(response, "/workshops/secret/")


def test_the_list_says_when_there_are_no_workshops(client, db):
    response = client.get("/workshops/")

    assert main_text(response).endswith(
        "Upcoming workshops No upcoming workshops have been announced yet. "
        "Past workshops No workshops have been held yet."
    )


@pytest.mark.parametrize(
    ("status", "opens", "closes", "state"),
    [
        ("published", "2025-01-01", "2099-01-03", "Registration not open yet"),
        (
            "registration_open",
            "2099-01-02",
            "2099-01-03",
            "Registration opens on 2 January 2099, 00:00 (Europe/Lisbon)",
        ),
        (
            "registration_open",
            "2025-01-01",
            "2099-01-03",
            "Registration open until 3 January 2099, 00:00 (Europe/Lisbon)",
        ),
        (
            "registration_open",
            "2024-12-31",
            "2025-01-01",
            "Registration closed on 1 January 2025, 00:00 (Europe/Lisbon)",
        ),
        ("registration_closed", "2024-12-31", "2025-01-01", "Registration closed"),
    ],
)
def test_the_list_tells_where_registration_stands(client, db, status, opens, closes, state):
    WorkshopFactory(
        start_date=dt.date(2099, 3, 2),
        status=status,
        registration_opens_at=dt.datetime.fromisoformat(opens).replace(tzinfo=LISBON),
        registration_closes_at=dt.datetime.fromisoformat(closes).replace(tzinfo=LISBON),
    )

    text = main_text(client.get("/workshops/"))

    assert (
        text.split("2–4 March 2099 ")[1]
        == f"{state} Past workshops No workshops have been held yet."
    )


def past_workshops(count: int) -> list[Workshop]:
    """`count` held workshops, one a week back from the week before 2008-02-26."""
    return [
        WorkshopFactory(
            title=f"Held workshop {number}",
            **HELD_2008
            | {
                "start_date": dt.date(2008, 2, 26) - dt.timedelta(weeks=number),
                "end_date": dt.date(2008, 2, 28) - dt.timedelta(weeks=number),
                "registration_opens_at": dt.datetime(2007, 1, 7, 9, tzinfo=LISBON),
                "registration_closes_at": dt.datetime(2007, 2, 15, 18, tzinfo=LISBON),
            },
        )
        for number in range(1, count + 1)
    ]


@pytest.mark.parametrize(
    ("page", "first", "last"),
    [("", 1, 20), ("1", 1, 20), ("2", 21, 25), ("abc", 1, 20), ("0", 21, 25), ("99", 21, 25)],
)
def test_the_past_list_is_paginated_and_a_bad_page_shows_the_first_or_the_last(
    client, db, page, first, last
):
    past_workshops(25)

    response = client.get(f"/workshops/?page={page}")

    text = main_text(response)
    shown = [number for number in range(1, 26) if f"Held workshop {number} " in text]
    assert (response.status_code, shown) == (200, list(range(first, last + 1)))
    assert ("Page 1 of 2" in text, "Page 2 of 2" in text) == (first == 1, first == 21)


def test_the_past_list_links_newer_and_older_pages(client, db):
    past_workshops(21)

    first, second = client.get("/workshops/"), client.get("/workshops/?page=2")

    assert main_text(first).endswith("Page 1 of 2 Older")
    assertContains(first, '<a class="page-link" href="?page=2">Older</a>', html=True)
    assert main_text(second).endswith("Page 2 of 2")
    assertContains(second, '<a class="page-link" href="?page=1">Newer</a>', html=True)


def test_list_queries_do_not_grow_with_workshops(
    client, workshop, count_rendering_queries, django_assert_num_queries
):
    past_workshops(1)
    small = count_rendering_queries("/workshops/")
    WorkshopFactory.create_batch(10)
    past_workshops(30)

    with django_assert_num_queries(small):
        response = client.get("/workshops/")

    assert main_text(response).count("Registration open until") == 11


# A workshop's page


@pytest.mark.parametrize("role", ["anonymous", "bob"])
def test_the_workshop_page_shows_its_facts_agenda_handbook_and_partners_to_anyone(
    as_role, role, workshop, agenda, als, bob
):
    """bob is a member of Amadora's set but not a delegate: he sees what anyone sees."""
    RegistrationFactory(workshop=workshop, member=MemberFactory(learning_set=als, name="Carla"))

    response = as_role(role).get(url(workshop))

    assert main_text(response) == (
        f"{WORKSHOP_FACTS} Add to calendar: the whole workshop {DETAILS} {AGENDA} {HANDBOOK} "
        f"{PARTNERS}"
    )
    assertContains(response, '<a href="/partners/amadora/">Amadora</a>', count=2, html=True)
    assertContains(response, '<a href="/partners/komotini/">Komotini</a>', html=True)
    assertContains(response, 'href="/sub-themes/enterprise-support-and-development/"')
    assertContains(response, 'href="/workshops/amadora-2008/calendar.ics"')
    for session in agenda:
        assertContains(
            response, f'href="/workshops/amadora-2008/sessions/{session.pk}/calendar.ics"', count=1
        )
    assertNotContains(response, "Carla")


@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "dora"])
def test_participants_see_the_delegates_of_each_partner(as_role, role, workshop, bob_delegate):
    response = as_role(role).get(url(workshop))

    assert main_text(response).endswith(f"{PARTNERS} {DELEGATES}")


def test_a_delegate_who_declined_is_listed_but_holds_no_place(login, dora, workshop, bob_delegate):
    bob_delegate.status = Registration.Status.DECLINED
    bob_delegate.save()

    text = main_text(login(dora).get(url(workshop)))

    assert "Amadora Portugal 0 of 3 " in text
    assert text.endswith("Amadora Bob Town hall Declined Komotini No delegates yet.")


def test_the_delegates_are_hidden_from_an_anonymous_visitor(client, workshop, bob_delegate):
    response = client.get(url(workshop))

    assert main_text(response).endswith(PARTNERS)
    assertNotContains(response, "Bob")


def test_the_delegates_are_hidden_from_a_withdrawn_delegate(login, bob, workshop, bob_delegate):
    bob_delegate.status = Registration.Status.WITHDRAWN
    bob_delegate.save()

    response = login(bob).get(url(workshop))

    assertNotContains(response, "Delegates of each partner")


def test_the_delegates_are_hidden_from_the_contact_of_a_partner_not_invited(
    login, charlie, workshop, komotini, bob_delegate
):
    workshop.invited_partners.remove(komotini)

    response = login(charlie).get(url(workshop))

    assert main_text(response).endswith("Amadora Portugal 1 of 3")
    assertNotContains(response, "Bob")
    assertNotContains(response, "Register delegates")


def test_the_delegates_are_hidden_from_someone_with_no_part_in_mile(login, workshop, bob_delegate):
    response = login(UserFactory()).get(url(workshop))

    assert main_text(response).endswith(PARTNERS)


@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "dora"])
def test_the_page_never_shows_email_addresses(as_role, role, workshop, bob_delegate):
    response = as_role(role).get(url(workshop))

    assert "@" not in main_text(response)
    assertNotContains(response, "mailto:")


@pytest.mark.parametrize(("role", "partner"), [("alice", "amadora"), ("charlie", "komotini")])
def test_a_contact_of_an_invited_partner_may_register_delegates_while_registration_is_open(
    as_role, role, partner, workshop
):
    response = as_role(role).get(url(workshop))

    assert main_text(response).startswith(
        f"{WORKSHOP_FACTS} Register delegates of {partner.title()} Add to calendar"
    )
    assertContains(
        response,
        f'<a class="btn btn-primary" href="/workshops/amadora-2008/delegates/{partner}/">'
        f'Register delegates<span class="visually-hidden"> of {partner.title()}</span></a>',
        html=True,
    )


@pytest.mark.parametrize("status", ["published", "registration_closed", "held"])
def test_a_contact_sees_their_delegates_when_registration_is_not_open(
    login, alice, workshop, status
):
    workshop.status = status
    workshop.save()

    response = login(alice).get(url(workshop))

    assertNotContains(response, "Register delegates")
    assertContains(
        response,
        '<a class="btn btn-outline-primary" href="/workshops/amadora-2008/delegates/amadora/">'
        'See your delegates<span class="visually-hidden"> of Amadora</span></a>',
        html=True,
    )


def test_a_contact_sees_their_delegates_after_registration_closed(login, alice, workshop):
    workshop.registration_closes_at = dt.datetime(2025, 1, 7, 9, tzinfo=LISBON)
    workshop.save()

    response = login(alice).get(url(workshop))

    assert "Registration closed on 7 January 2025, 09:00 (Europe/Lisbon)" in main_text(response)
    assertContains(response, "See your delegates")
    assertNotContains(response, "Register delegates")


@pytest.mark.parametrize("role", ["anonymous", "bob", "dora"])
def test_who_is_not_a_partner_contact_is_offered_no_registration(
    as_role, role, workshop, bob_delegate
):
    response = as_role(role).get(url(workshop))

    assertNotContains(response, "Register delegates")
    assertNotContains(response, "See your delegates")
    assertNotContains(response, "/delegates/")


def test_the_handbook_is_rendered_and_sanitised(client, workshop):
    workshop.handbook = (
        "### Aims\n\nLearn **with and from** each other.\n\n"
        '<script>alert("x")</script>\n\n'
        "[a trap](javascript:alert(1)) and [MILE](https://mile.example/)"
    )
    workshop.save()

    response = client.get(url(workshop))

    assert (
        main_text(response)
        .split("Handbook ")[1]
        .startswith("Aims Learn with and from each other. a trap and MILE Participating partners")
    )
    assertContains(response, "<h3>Aims</h3>", html=True)
    assertContains(response, "<strong>with and from</strong>", html=True)
    assertContains(
        response,
        '<a href="https://mile.example/" rel="noopener noreferrer nofollow">MILE</a>',
        html=True,
    )
    assertNotContains(response, "<script>alert")
    assertNotContains(response, "javascript:")


def test_a_page_says_what_is_not_published_yet(client, workshop):
    workshop.handbook = ""
    workshop.save()
    workshop.invited_partners.clear()

    text = main_text(client.get(url(workshop)))

    assert text.endswith(
        "Agenda Times are in the workshop’s time zone, Europe/Lisbon. "
        "The agenda has not been published yet. "
        "Handbook The handbook has not been published yet. "
        "Participating partners No partners have been invited yet."
    )


def test_a_draft_workshop_is_not_found(login, dora, workshop):
    workshop.status = Workshop.Status.DRAFT
    workshop.save()

    response = login(dora).get(url(workshop))

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def test_an_unknown_workshop_is_not_found(client, db):
    response = client.get("/workshops/atlantis/")

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def grow(workshop, *, partners: int, sessions: int) -> None:
    """More invited partners, each with its three delegates, and more sessions."""
    for city in add_partners(partners, members_per_set=3):
        workshop.invited_partners.add(city)
        for member in city.learning_sets.get(sub_theme=workshop.sub_theme).members.all():
            RegistrationFactory(workshop=workshop, member=member)
    SessionFactory.create_batch(sessions, workshop=workshop)


@pytest.mark.parametrize("role", ROLES)
def test_workshop_page_queries_do_not_grow_with_partners_sessions_and_delegates(
    as_role, role, workshop, agenda, bob_delegate, count_queries, django_assert_num_queries
):
    client = as_role(role)
    small = count_queries(url(workshop))
    grow(workshop, partners=20, sessions=20)

    with django_assert_num_queries(small):
        response = client.get(url(workshop))

    text = main_text(response)
    assert text.count(" 3 of 3") == 20
    assert text.count("Add to calendar: ") == 24
    assert text.count("Town hall Registered") == (0 if role == "anonymous" else 61)


# The home page


def test_home_lists_the_next_three_workshops_with_their_registration(client, workshop):
    WorkshopFactory(title="Scoping 2008", **HELD_2008)
    for month in (6, 4, 5):
        WorkshopFactory(
            title=f"Workshop of month {month}",
            city="Torino",
            start_date=dt.date(2099, month, 1),
            status=Workshop.Status.PUBLISHED,
        )

    response = client.get("/")

    assert (
        "Upcoming workshops Exchange workshop in Amadora 2–4 March 2099 · Amadora · "
        "Registration open until 13 February 2099, 18:00 (Europe/Lisbon) "
        "Workshop of month 4 1–3 April 2099 · Torino · Registration not open yet "
        "Workshop of month 5 1–3 May 2099 · Torino · Registration not open yet "
        "All workshops, upcoming and past Partners "
    ) in main_text(response)
    assertContains(response, '<a href="/workshops/">All workshops, upcoming and past</a>')
    assertContains(response, '<a class="fw-semibold" href="/workshops/amadora-2008/">')


def test_home_says_when_no_workshop_is_upcoming(client, db):
    WorkshopFactory(title="Scoping 2008", **HELD_2008)

    assert (
        "Upcoming workshops No upcoming workshops have been announced yet. "
        "All workshops, upcoming and past Partners "
    ) in main_text(client.get("/"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_that_skips_the_signals_shows_on_the_public_page_once_committed(
    client, workshop, bob_delegate
):
    assert main_text(client.get(url(workshop))).endswith(
        "Amadora Portugal 1 of 3 Komotini Greece 0 of 3"
    )

    Registration.objects.filter(pk=bob_delegate.pk).update(status=Registration.Status.WITHDRAWN)

    assert main_text(client.get(url(workshop))).endswith(
        "Amadora Portugal 0 of 3 Komotini Greece 0 of 3"
    )
