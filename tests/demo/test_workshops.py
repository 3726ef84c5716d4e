"""The demo workshops: Amadora, February 2008, and one open for registration when it is loaded."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.data import AMADORA_2008, OPEN_WORKSHOP, load_demo
from learningsets.models import LearningSet, Member
from partners.models import Partner
from tests.pages import main_text
from workshops.models import Registration, Session, StatusChange, Workshop

DEMO_PARTNERS = [
    "Amadora", "Andalucía", "East Macedonia and Thrace", "Komotini", "Lisboa e Vale do Tejo",
    "Piemonte", "Sevilla", "Torino",
]  # fmt: skip
LISBON, ROME = ZoneInfo("Europe/Lisbon"), ZoneInfo("Europe/Rome")


def everything() -> dict[str, list[dict]]:
    """Every row the demo writes, field by field."""
    models = [
        Partner, LearningSet, Member, Workshop, Workshop.invited_partners.through, Session,
        Registration, StatusChange,
    ]  # fmt: skip
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def agenda(workshop: Workshop) -> list[tuple]:
    return [
        (f"{s.day:%d %b} {s.start_time:%H:%M}–{s.end_time:%H:%M}", s.get_kind_display(), s.title)
        for s in workshop.sessions.order_by("day", "start_time")
    ]


@pytest.fixture
def demo(db):
    load_demo()


def test_the_amadora_workshop_of_february_2008_is_held_with_all_partners_invited(demo):
    workshop = Workshop.objects.select_related("host", "sub_theme").get(slug=AMADORA_2008)

    assert (workshop.title, workshop.theme, workshop.sub_theme.number, workshop.host.name) == (
        "Transnational Scoping and Exchange Workshop: Enterprise development for ethnic minorities",
        "Enterprise development for ethnic minorities",
        1,
        "Amadora",
    )
    assert (workshop.city, workshop.time_zone, workshop.status) == (
        "Amadora",
        "Europe/Lisbon",
        Workshop.Status.HELD,
    )
    assert (workshop.start_date, workshop.end_date, workshop.delegates_per_partner) == (
        dt.date(2008, 2, 26),
        dt.date(2008, 2, 28),
        3,
    )
    assert (workshop.registration_opens_at, workshop.registration_closes_at) == (
        dt.datetime(2008, 1, 7, 9, tzinfo=LISBON),
        dt.datetime(2008, 2, 15, 18, tzinfo=LISBON),
    )
    assert [p.name for p in workshop.invited_partners.order_by("name")] == DEMO_PARTNERS
    workshop.full_clean()


def test_the_amadora_agenda_is_what_the_handbook_says_happens(demo):
    workshop = Workshop.objects.get(slug=AMADORA_2008)

    assert agenda(workshop) == [
        ("26 Feb 09:30–11:00", "Plenary", "Welcome and introduction to the MILE project"),
        ("26 Feb 11:30–13:00", "Plenary", "The Action Learning methodology"),
        ("26 Feb 14:30–17:00", "ALS meeting", "Action Learning Set meetings"),
        ("27 Feb 09:30–11:00", "Plenary", "Transnational exchange: ethnic entrepreneurship"),
        ("27 Feb 11:30–13:00", "Plenary", "The Common Basic Principles for integration"),
        ("27 Feb 14:30–17:00", "ALS meeting", "Action Learning Set meetings"),
        (
            "28 Feb 09:30–11:30",
            "ALS meeting",
            "Action Learning Set meetings: towards a project proposal",
        ),
        ("28 Feb 12:00–13:00", "Plenary", "Next steps towards project proposals"),
    ]
    for session in workshop.sessions.all():
        session.full_clean()


def test_the_amadora_handbook_quotes_the_handbook(client, demo):
    text = main_text(client.get(f"/workshops/{AMADORA_2008}/"))
    handbook = text[text.index("Handbook ") : text.index(" Participating partners")]

    assert handbook.startswith(
        "Handbook “Businesses owned by migrants and ethnic minorities have a significant impact "
        "on economic growth in Europe."
    )
    for sentence in [
        "This handbook has been produced for the participants of the first Transnational "
        "Scoping and Exchange workshop that will take place in Amadora, Portugal on "
        "26–28 February 2008.",
        "General Project Information This project seeks to establish a thematic network of "
        "10 Cities and 10 Regions",
        "Aims The overall aim of this project is to assist 20 partner Cities and Regions",
        "The Action Learning Set methodology The project will use an Action Learning Methodology.",
        "The members of three Action Learning Sets will form a Local Support Group.",
    ]:
        assert sentence in handbook


def test_each_demo_city_sent_three_delegates_from_its_enterprise_set_who_attended(demo):
    registrations = Registration.objects.filter(workshop__slug=AMADORA_2008).order_by(
        "partner__name", "pk"
    )

    assert [(r.partner.name, r.member.name, r.status) for r in registrations] == [
        (city, role, Registration.Status.ATTENDED)
        for city in ["Amadora", "Komotini", "Sevilla", "Torino"]
        for role in [
            "Councillor for economic development",
            "Business adviser for ethnic minority entrepreneurs",
            "Representative of ethnic minority businesses",
        ]
    ]
    assert {r.member.learning_set.sub_theme.number for r in registrations} == {1}
    history = StatusChange.objects.filter(registration=registrations[0])
    assert [(c.status, c.changed_at, c.changed_by.email) for c in history] == [
        ("registered", dt.datetime(2008, 1, 14, 10, tzinfo=LISBON), "contact.amadora@mile.example"),
        ("attended", dt.datetime(2008, 2, 26, 9, tzinfo=LISBON), "team@mile.example"),
    ]  # fmt: skip


def test_the_open_workshop_has_registration_open_from_a_week_before_the_load(db):
    at = dt.datetime(2030, 5, 6, 12, tzinfo=dt.UTC)

    load_demo(at=at)

    workshop = Workshop.objects.select_related("host", "sub_theme").get(slug=OPEN_WORKSHOP)
    assert (workshop.sub_theme.number, workshop.host.name, workshop.city, workshop.time_zone) == (
        2,
        "Torino",
        "Torino",
        "Europe/Rome",
    )
    assert (workshop.start_date, workshop.end_date) == (dt.date(2030, 7, 15), dt.date(2030, 7, 17))
    assert (workshop.registration_opens_at, workshop.registration_closes_at) == (
        dt.datetime(2030, 4, 29, 9, tzinfo=ROME),
        dt.datetime(2030, 6, 3, 18, tzinfo=ROME),
    )
    assert (workshop.status, workshop.delegates_per_partner) == ("registration_open", 3)
    assert workshop.is_registration_open(at)
    assert [p.name for p in workshop.invited_partners.order_by("name")] == DEMO_PARTNERS
    assert agenda(workshop) == [
        ("15 Jul 09:30–11:00", "Plenary", "Welcome and introduction to the workshop"),
        (
            "15 Jul 11:30–13:00",
            "Plenary",
            "Transnational exchange: active inclusion measures for labour market access",
        ),
        ("15 Jul 14:30–17:00", "ALS meeting", "Action Learning Set meetings"),
        (
            "16 Jul 09:30–12:30",
            "ALS meeting",
            "Action Learning Set meetings: towards a project proposal",
        ),
        ("17 Jul 09:30–11:00", "Plenary", "Next steps towards project proposals"),
    ]
    workshop.full_clean()


def test_the_open_workshop_has_a_delegate_of_amadora_and_one_of_torino(db):
    load_demo()

    registrations = Registration.objects.filter(workshop__slug=OPEN_WORKSHOP).order_by("pk")

    assert [
        (r.partner.name, r.member.name, r.status, r.registered_by.email) for r in registrations
    ] == [
        ("Amadora", "Employment counsellor", "invited", "contact.amadora@mile.example"),
        ("Torino", "Councillor for social affairs", "invited", "contact.torino@mile.example"),
    ]


def test_the_contact_of_amadora_sees_one_of_three_and_may_register_more(client, demo):
    client.login(email="contact.amadora@mile.example", password="mile-demo-2008")

    text = main_text(client.get(f"/workshops/{OPEN_WORKSHOP}/"))

    assert "Register delegates of Amadora" in text
    assert "Amadora Portugal 1 of 3 " in text
    assert "Delegates of each partner Name Organisation Status Amadora Employment counsellor " in (
        text
    )


def test_the_list_shows_the_open_workshop_upcoming_and_amadora_past(client, demo):
    text = main_text(client.get("/workshops/"))

    upcoming, past = text.split("Past workshops Past workshops")
    assert "Incorporating immigrants into local labour markets" in upcoming
    assert "Registration open until" in upcoming
    assert past.endswith("Amadora Amadora 26–28 February 2008 Workshop held")


def test_loading_the_demo_again_later_changes_nothing(db):
    load_demo()
    first = everything()

    load_demo(at=timezone.now() + dt.timedelta(days=40))

    assert everything() == first


def test_the_demo_command_prints_where_to_register(db, capsys):
    call_command("load_demo")

    assert capsys.readouterr().out.endswith(
        "Workshop with registration open: /workshops/torino-active-inclusion/\n"
    )
