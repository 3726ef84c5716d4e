"""The management team's admin: workshops, the registration overview, delegates and exports."""

import csv
import datetime as dt
import io
import re
import zoneinfo

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from learningsets.models import Member
from outbox.models import Email
from tests.factories import MemberFactory, PartnerFactory, UserFactory, add_partners, sub_theme
from tests.pages import main_text
from tests.workshops.factories import RegistrationFactory, SessionFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration, Session, StatusChange, Workshop

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
S = Registration.Status
ENGLISH = {"title": "title_en_gb", "description": "description_en_gb"}
WORKSHOP_ROW = ("title", "start_date", "end_date", "delegates_per_partner", "time_zone")


@pytest.fixture
def team(dora):
    """dora, on the management team, with the permissions of the workshops app."""
    dora.user_permissions.add(*Permission.objects.filter(content_type__app_label="workshops"))
    return dora


@pytest.fixture
def staff_without_workshops(db):
    """A staff member who may curate partners and learning sets, but not workshops."""
    user = UserFactory(email="erin@mile.example", is_staff=True)
    apps = ["partners", "learningsets"]
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=apps))
    return user


def overview_url(workshop) -> str:
    return f"/admin/workshops/workshop/{workshop.pk}/registrations/"


def workshop_rows():
    return list(Workshop.objects.order_by("pk").values_list(*WORKSHOP_ROW))


def sessions(*rows, initial=0) -> dict:
    """The inline formset of sessions: `rows` are dicts of a session's fields, its English
    title as "title" (the form's field is title_en_gb)."""
    data = {
        "sessions-TOTAL_FORMS": str(len(rows)),
        "sessions-INITIAL_FORMS": str(initial),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {
            f"sessions-{index}-{ENGLISH.get(name, name)}": value for name, value in row.items()
        }
    return data


def workshop_2030(host):
    """The workshop of workshop_data as saved: 4–6 March 2030, closing 25 Feb 18:00 Lisbon."""
    return WorkshopFactory(
        host=host,
        slug="amadora-2030",
        start_date=dt.date(2030, 3, 4),
        end_date=dt.date(2030, 3, 6),
        registration_closes_at=dt.datetime(2030, 2, 25, 18, 0, tzinfo=LISBON),
    )


def workshop_data(host, invited, **changes) -> dict:
    """A valid add/change form: 4–6 March 2030 in Lisbon, registration closing 25 Feb 18:00."""
    data = {
        "title_en_gb": "Enterprise development for ethnic minorities",
        "slug": "amadora-2030",
        "theme_en_gb": "Enterprise development for ethnic minorities",
        "sub_theme": sub_theme(1).pk,
        "host": host.pk,
        "venue": "Recreios da Amadora",
        "city": "Amadora",
        "time_zone": "Europe/Lisbon",
        "start_date": "2030-03-04",
        "end_date": "2030-03-06",
        "status": Workshop.Status.REGISTRATION_OPEN,
        "registration_opens_at_0": "2030-01-07",
        "registration_opens_at_1": "09:00",
        "registration_closes_at_0": "2030-02-25",
        "registration_closes_at_1": "18:00",
        "delegates_per_partner": "3",
        "invited_partners": [partner.pk for partner in invited],
        "handbook_en_gb": "## Welcome to Amadora",
        "reminder_missing_days": "7, 2",
        "reminder_unanswered_days": "5",
        "reminder_upcoming_days": "7",
    }
    return data | sessions() | changes


PLENARY = {"day": "2030-03-04", "start_time": "09:30", "end_time": "11:00", "title": "Opening"}


# Who may: the management team; staff without the workshops app get 403, others the login.


@pytest.mark.parametrize(
    "path",
    ["/admin/workshops/workshop/", "/admin/workshops/workshop/add/", "overview"],
)
@pytest.mark.parametrize("role", ["anonymous", "alice"])
def test_it_sends_people_outside_the_staff_to_the_admin_login(as_role, role, path, workshop):
    url = overview_url(workshop) if path == "overview" else path

    response = as_role(role).get(url)

    assertRedirects(response, f"/admin/login/?next={url}", fetch_redirect_response=False)


def test_the_overview_is_forbidden_to_staff_without_workshop_permissions(
    login, staff_without_workshops, workshop
):
    response = login(staff_without_workshops).get(overview_url(workshop))

    assert response.status_code == 403


def test_the_overview_answers_404_for_an_unknown_workshop(login, team):
    response = login(team).get("/admin/workshops/workshop/999999/registrations/")

    assert response.status_code == 404


# The workshop list.


def test_the_list_shows_delegates_against_the_places_of_all_invited_partners(
    login, team, workshop, bob_member
):
    RegistrationFactory(workshop=workshop, member=bob_member)
    RegistrationFactory(
        workshop=workshop,
        member=MemberFactory(learning_set=bob_member.learning_set),
        status=S.DECLINED,
    )

    response = login(team).get("/admin/workshops/workshop/")

    assertContains(response, '<td class="field-registrations">1 / 6</td>', html=True)
    assertContains(response, f'<a href="{overview_url(workshop)}">Overview</a>', html=True)


# Adding and changing a workshop.


def test_the_add_page_invites_every_partner_by_default(login, team, amadora, komotini):
    response = login(team).get("/admin/workshops/workshop/add/")

    form = response.context["adminform"].form
    assert sorted(form.initial["invited_partners"]) == sorted([amadora.pk, komotini.pk])


def test_the_change_page_keeps_the_partners_saved(login, team, workshop, amadora):
    PartnerFactory(name="Valencia")
    workshop.invited_partners.set([amadora])

    response = login(team).get(f"/admin/workshops/workshop/{workshop.pk}/change/")

    assert response.context["adminform"].form.initial["invited_partners"] == [amadora]


def test_it_adds_a_workshop_with_its_agenda(login, team, amadora, komotini):
    data = workshop_data(amadora, [amadora, komotini]) | sessions(
        PLENARY | {"kind": Session.Kind.PLENARY, "location": "Main hall"},
        {
            "day": "2030-03-05",
            "start_time": "14:00",
            "end_time": "17:30",
            "title": "Visit to the Casal da Boba neighbourhood",
            "kind": Session.Kind.SITE_VISIT,
            "location": "",
        },
    )

    response = login(team).post("/admin/workshops/workshop/add/", data)

    assertRedirects(response, "/admin/workshops/workshop/")
    workshop = Workshop.objects.get()
    assert workshop_rows() == [
        (
            "Enterprise development for ethnic minorities",
            dt.date(2030, 3, 4),
            dt.date(2030, 3, 6),
            3,
            "Europe/Lisbon",
        )
    ]
    assert list(workshop.invited_partners.all()) == [amadora, komotini]
    assert list(workshop.sessions.values_list("day", "start_time", "title", "kind")) == [
        (dt.date(2030, 3, 4), dt.time(9, 30), "Opening", "plenary"),
        (
            dt.date(2030, 3, 5),
            dt.time(14, 0),
            "Visit to the Casal da Boba neighbourhood",
            "site_visit",
        ),
    ]


def test_registration_times_are_read_in_the_workshops_time_zone(login, team, amadora):
    login(team).post("/admin/workshops/workshop/add/", workshop_data(amadora, [amadora]))

    workshop = Workshop.objects.get()
    assert workshop.registration_closes_at == dt.datetime(2030, 2, 25, 18, 0, tzinfo=LISBON)
    assert workshop.registration_opens_at == dt.datetime(2030, 1, 7, 9, 0, tzinfo=LISBON)
    # Not the server's zone: 18:00 in Lisbon is 19:00 in Brussels.
    assert timezone.localtime(workshop.registration_closes_at).hour == 19


def test_changing_the_time_zone_keeps_the_wall_clock_times(login, team, amadora):
    workshop = WorkshopFactory(host=amadora, slug="amadora-2030", invited=[amadora])
    data = workshop_data(amadora, [amadora], time_zone="Europe/Athens")

    login(team).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    workshop.refresh_from_db()
    athens = zoneinfo.ZoneInfo("Europe/Athens")
    assert workshop.registration_closes_at == dt.datetime(2030, 2, 25, 18, 0, tzinfo=athens)


def test_the_change_page_shows_registration_times_in_the_workshops_zone(login, team, amadora):
    workshop = WorkshopFactory(
        host=amadora,
        start_date=dt.date(2030, 3, 4),
        end_date=dt.date(2030, 3, 6),
        registration_closes_at=dt.datetime(2030, 2, 25, 18, 0, tzinfo=LISBON),
    )

    response = login(team).get(f"/admin/workshops/workshop/{workshop.pk}/change/")

    assertContains(response, 'name="registration_closes_at_0" value="25/02/2030"')
    assertContains(response, 'name="registration_closes_at_1" value="18:00:00"')
    help_text = response.context["adminform"].form.fields["registration_closes_at"].help_text
    assert help_text == "In the workshop's time zone (Europe/Lisbon), as set under Place and time."
    # The admin's clock shortcuts ("Now") read the page's zone: the workshop's.
    offset = int(timezone.now().astimezone(LISBON).utcoffset().total_seconds())
    assertContains(response, f'data-admin-utc-offset="{offset}"')


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"end_date": "2030-03-03"},
            "end_date",
            "The workshop cannot end before it starts.",
        ),
        (
            {"registration_closes_at_0": "2030-03-04", "registration_closes_at_1": "09:00"},
            "registration_closes_at",
            "Registration must close before the workshop starts.",
        ),
        (
            {"registration_closes_at_0": "2030-01-07", "registration_closes_at_1": "08:00"},
            "registration_closes_at",
            "Registration must close after it opens.",
        ),
        (
            {
                "start_date": "2030-04-08",
                "end_date": "2030-04-10",
                "registration_closes_at_0": "2030-03-31",
                "registration_closes_at_1": "01:30",
            },
            "registration_closes_at",
            "31 March 2030, 01:30 does not exist or happens twice in Europe/Lisbon "
            "(the clocks change then); choose another time.",
        ),
        (
            {"time_zone": "Mars/Olympus"},
            "time_zone",
            "Select a valid choice. Mars/Olympus is not one of the available choices.",
        ),
        (
            {"start_date": "not a date"} | sessions(PLENARY | {"kind": "plenary"}),
            "start_date",
            "Enter a valid date.",
        ),
    ],
)
def test_it_refuses_a_workshop_that_does_not_add_up(login, team, amadora, changes, field, message):
    data = workshop_data(amadora, [amadora], **changes)

    response = login(team).post("/admin/workshops/workshop/add/", data)

    assert response.context["adminform"].form.errors[field] == [message]
    assert workshop_rows() == []
    assert Session.objects.count() == 0


def test_it_refuses_a_session_outside_the_workshops_days(login, team, amadora):
    data = workshop_data(amadora, [amadora]) | sessions(
        PLENARY | {"day": "2030-03-07", "kind": "plenary"}
    )

    response = login(team).post("/admin/workshops/workshop/add/", data)

    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.errors == [
        {"day": ["The day must be within the workshop (4 Mar 2030 to 6 Mar 2030)."]}
    ]
    assert workshop_rows() == []


def test_sessions_are_checked_against_the_dates_being_saved(login, team, amadora):
    workshop = workshop_2030(amadora)
    session = SessionFactory(workshop=workshop, day=dt.date(2030, 3, 6))
    existing = {
        "id": session.pk,
        "workshop": workshop.pk,
        "day": "2030-03-06",
        "start_time": "09:30",
        "end_time": "11:00",
        "title": session.title,
        "kind": "plenary",
    }
    data = workshop_data(amadora, [amadora], end_date="2030-03-05") | sessions(existing, initial=1)

    response = login(team).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.errors == [
        {"day": ["The day must be within the workshop (4 Mar 2030 to 5 Mar 2030)."]}
    ]
    workshop.refresh_from_db()
    assert workshop.end_date == dt.date(2030, 3, 6)


def test_the_quota_cannot_drop_below_the_delegates_a_partner_has(
    login, team, workshop, als, amadora, komotini
):
    for member in MemberFactory.create_batch(3, learning_set=als):
        RegistrationFactory(workshop=workshop, member=member)
    data = workshop_data(amadora, [amadora, komotini], delegates_per_partner="2")

    response = login(team).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    assert response.context["adminform"].form.errors["delegates_per_partner"] == [
        "Amadora already has 3 delegates; the quota cannot be lower than 3."
    ]
    workshop.refresh_from_db()
    assert (workshop.slug, workshop.delegates_per_partner) == ("amadora-2008", 3)


def test_a_partner_with_delegates_cannot_be_uninvited(
    login, team, workshop, als, amadora, komotini
):
    RegistrationFactory(workshop=workshop, member=MemberFactory(learning_set=als))
    data = workshop_data(amadora, [komotini])

    response = login(team).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    assert response.context["adminform"].form.errors["invited_partners"] == [
        "Amadora already registered delegates for this workshop: withdraw them before "
        "un-inviting the partner."
    ]
    assert set(workshop.invited_partners.all()) == {amadora, komotini}


@pytest.mark.parametrize("pk", ["99999999999999999999999999999999", "-9223372036854775809"])
def test_an_invited_partner_beyond_any_id_is_refused(login, team, workshop, amadora, pk):
    data = workshop_data(amadora, [amadora]) | {"invited_partners": [str(amadora.pk), pk]}

    response = login(team).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    assert response.context["adminform"].form.errors["invited_partners"] == [
        f"Select a valid choice. {pk} is not one of the available choices."
    ]
    workshop.refresh_from_db()
    assert workshop.slug != "amadora-2030"


# The registration overview.


@pytest.fixture
def delegates(workshop, als, other_als):
    """Amadora: Ana (confirmed), Bruno (invited), Carla (declined), Filipe (withdrawn);
    Komotini: Eleni (registered)."""
    people = {}
    for name, learning_set, status in [
        ("Ana Silva", als, S.CONFIRMED),
        ("Bruno Costa", als, S.INVITED),
        ("Carla Dias", als, S.DECLINED),
        ("Eleni Pappa", other_als, S.REGISTERED),
        ("Filipe Reis", als, S.WITHDRAWN),
    ]:
        member = MemberFactory(learning_set=learning_set, name=name, organisation="Town hall")
        people[name] = RegistrationFactory(workshop=workshop, member=member, status=status)
    return people


def overview_rows(response) -> list[tuple]:
    return [
        (
            row.partner.name,
            row.places_taken,
            row.missing,
            [(d.member.name, d.get_status_display()) for d in row.delegates],
        )
        for row in response.context["rows"]
    ]


def test_the_overview_shows_every_invited_partner_with_its_delegates(
    login, team, workshop, delegates
):
    response = login(team).get(overview_url(workshop))

    assert overview_rows(response) == [
        (
            "Amadora",
            2,
            1,
            [("Ana Silva", "Confirmed"), ("Bruno Costa", "Invited"), ("Carla Dias", "Declined")],
        ),
        ("Komotini", 1, 2, [("Eleni Pappa", "Registered")]),
    ]
    assert response.context["totals"] == {
        "partners": 2,
        "complete": 0,
        "missing": 2,
        "places_taken": 3,
        "places": 6,
        "by_status": [
            ("Registered", 1),
            ("Invited", 1),
            ("Confirmed", 1),
            ("Declined", 1),
            ("Attended", 0),
            ("No-show", 0),
        ],
    }
    assertContains(response, '<td class="places">2 / 3 — 1 missing</td>', html=True)
    assertContains(response, '<tr class="missing">', count=2)


def test_a_partner_with_its_quota_is_not_highlighted(login, team, workshop, delegates, als):
    RegistrationFactory(workshop=workshop, member=MemberFactory(learning_set=als))

    response = login(team).get(overview_url(workshop))

    assert [(row.partner.name, row.missing) for row in response.context["rows"]] == [
        ("Amadora", 0),
        ("Komotini", 2),
    ]
    assertContains(response, '<tr class="complete">', count=1)
    assert response.context["totals"]["complete"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=invited", [("Amadora", 2, 1, [("Bruno Costa", "Invited")])]),
        ("?partner=komotini", [("Komotini", 1, 2, [("Eleni Pappa", "Registered")])]),
        ("?status=registered&partner=amadora", []),
    ],
)
def test_the_overview_filters_by_status_and_partner(
    login, team, workshop, delegates, query, expected
):
    response = login(team).get(overview_url(workshop) + query)

    assert overview_rows(response) == expected


@pytest.mark.parametrize(
    "query", ["?status=bogus", "?partner=atlantis", "?status=withdrawn&partner="]
)
def test_the_overview_ignores_filter_values_it_does_not_know(
    login, team, workshop, delegates, query
):
    response = login(team).get(overview_url(workshop) + query)

    assert [row[0] for row in overview_rows(response)] == ["Amadora", "Komotini"]
    assert (response.context["status"], response.context["partner_slug"]) == ("", "")


def test_the_overview_refuses_a_nul_in_its_address_like_every_page(login, team, workshop):
    response = login(team).get(overview_url(workshop) + "?status=%00")

    assert (response.status_code, main_text(response)) == (
        400,
        "Request refused The address contains a character that is not allowed (NUL). "
        "Go to the home page",
    )


def test_the_overview_costs_the_same_queries_for_2_and_20_partners(
    client, team, count_queries, amadora
):
    client.force_login(team)
    workshop = WorkshopFactory(host=amadora)

    def invite(count):
        for city in add_partners(count, members_per_set=2):
            workshop.invited_partners.add(city)
            for member in Member.objects.filter(learning_set__partner=city):
                RegistrationFactory(workshop=workshop, member=member, status=S.CONFIRMED)

    invite(2)
    small = count_queries(overview_url(workshop))
    invite(18)
    large = count_queries(overview_url(workshop))

    assert small == large
    assert len(client.get(overview_url(workshop)).context["rows"]) == 20


def test_the_change_page_links_to_the_overview(login, team, workshop):
    response = login(team).get(f"/admin/workshops/workshop/{workshop.pk}/change/")

    assertContains(
        response, f'<a href="{overview_url(workshop)}">Registration overview</a>', html=True
    )


# Registrations: added and changed through the services.

REGISTRATION_ROW = ("workshop", "partner", "member", "status", "registered_by")


def registration_rows():
    return list(Registration.objects.order_by("pk").values_list(*REGISTRATION_ROW))


def test_adding_a_delegate_in_the_admin_goes_through_the_service(login, team, workshop, bob_member):
    response = login(team).post(
        "/admin/workshops/registration/add/", {"workshop": workshop.pk, "member": bob_member.pk}
    )

    assertRedirects(response, "/admin/workshops/registration/")
    assert registration_rows() == [
        (workshop.pk, bob_member.learning_set.partner_id, bob_member.pk, S.INVITED, team.pk)
    ]
    assert list(StatusChange.objects.values_list("status", "changed_by")) == [
        (S.REGISTERED, team.pk),
        (S.INVITED, team.pk),
    ]
    assert list(Email.objects.values_list("kind", "to")) == [("invitation", bob_member.email)]


def test_the_admin_cannot_register_a_fourth_delegate(login, team, workshop, als, bob_member):
    for member in MemberFactory.create_batch(3, learning_set=als):
        RegistrationFactory(workshop=workshop, member=member)
    before = registration_rows()

    response = login(team).post(
        "/admin/workshops/registration/add/", {"workshop": workshop.pk, "member": bob_member.pk}
    )

    assert response.context["adminform"].form.errors["member"] == [
        f"Amadora may send 3 delegates to {workshop} and has registered 3: "
        "withdraw or replace a delegate first."
    ]
    assert registration_rows() == before


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        ("duplicate", "Bob is already a delegate for {workshop}."),
        (
            "closed",
            "Registration for {workshop} is closed. For a late change, write to the MILE "
            "management team.",
        ),
        (
            "other_sub_theme",
            "Bob is not a member of Amadora's learning set on Enterprise support and development.",
        ),
    ],
)
def test_the_admin_keeps_the_registration_rules(
    login, team, workshop, bob_member, amadora_sets, arrange, message
):
    if arrange == "duplicate":
        RegistrationFactory(workshop=workshop, member=bob_member)
    if arrange == "closed":
        Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.REGISTRATION_CLOSED)
    if arrange == "other_sub_theme":
        Member.objects.filter(pk=bob_member.pk).update(learning_set=amadora_sets[1])
    before = registration_rows()

    response = login(team).post(
        "/admin/workshops/registration/add/", {"workshop": workshop.pk, "member": bob_member.pk}
    )

    assert response.context["adminform"].form.errors["member"] == [
        message.format(workshop=workshop)
    ]
    assert registration_rows() == before


def status_change_data(registration, status) -> dict:
    changes = list(registration.status_changes.all())
    data = {
        "status": status,
        "status_changes-TOTAL_FORMS": str(len(changes)),
        "status_changes-INITIAL_FORMS": str(len(changes)),
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    for index, change in enumerate(changes):
        data[f"status_changes-{index}-id"] = change.pk
        data[f"status_changes-{index}-registration"] = registration.pk
    return data


def test_a_status_change_in_the_admin_is_recorded_with_who_made_it(
    login, team, workshop, bob_member
):
    [registration] = services.delegates_register(
        workshop=workshop, partner=bob_member.learning_set.partner, members=[bob_member], by=None
    )
    url = f"/admin/workshops/registration/{registration.pk}/change/"

    response = login(team).post(url, status_change_data(registration, S.CONFIRMED))

    assertRedirects(response, "/admin/workshops/registration/")
    assert list(registration.status_changes.values_list("status", "changed_by")) == [
        (S.REGISTERED, None),
        (S.INVITED, None),
        (S.CONFIRMED, team.pk),
    ]
    registration.refresh_from_db()
    assert (registration.status, registration.status_changed_by) == (S.CONFIRMED, team)


def test_attendance_cannot_be_marked_in_the_admin_before_the_workshop(
    login, team, workshop, bob_member
):
    registration = RegistrationFactory(workshop=workshop, member=bob_member)
    url = f"/admin/workshops/registration/{registration.pk}/change/"

    response = login(team).post(url, status_change_data(registration, S.ATTENDED))

    assert response.context["adminform"].form.errors["status"] == [
        "Attendance can be marked from the first day of the workshop."
    ]
    registration.refresh_from_db()
    assert registration.status == S.REGISTERED
    assert registration.status_changes.count() == 0


def test_a_status_change_is_undone_when_the_page_comes_back_with_errors(
    login, team, workshop, bob_member
):
    registration = RegistrationFactory(workshop=workshop, member=bob_member)
    url = f"/admin/workshops/registration/{registration.pk}/change/"
    data = status_change_data(registration, S.CONFIRMED)
    del data["status_changes-TOTAL_FORMS"]  # a tampered history formset

    response = login(team).post(url, data)

    assert response.context["errors"]
    registration.refresh_from_db()
    assert registration.status == S.REGISTERED
    assert registration.status_changes.count() == 0


def test_the_status_offers_only_the_next_steps_of_the_lifecycle(login, team, workshop, bob_member):
    registration = RegistrationFactory(workshop=workshop, member=bob_member, status=S.DECLINED)

    response = login(team).get(f"/admin/workshops/registration/{registration.pk}/change/")

    field = response.context["adminform"].form.fields["status"]
    assert [label for _, label in field.choices] == ["Confirmed", "Declined", "Withdrawn"]


def test_the_change_page_shows_the_status_history(login, team, workshop, bob_member):
    [registration] = services.delegates_register(
        workshop=workshop, partner=bob_member.learning_set.partner, members=[bob_member], by=team
    )
    services.registration_set_status(registration=registration, status=S.CONFIRMED, by=team)

    response = login(team).get(f"/admin/workshops/registration/{registration.pk}/change/")

    [history] = response.context["inline_admin_formsets"]
    assert [form.form.instance.get_status_display() for form in history] == [
        "Registered",
        "Invited",
        "Confirmed",
    ]
    assert history.has_add_permission is False
    assert history.has_change_permission is False


def test_the_change_page_names_the_delegate_whose_place_was_taken(
    login, team, workshop, bob_member
):
    ana = MemberFactory(learning_set=bob_member.learning_set, name="Ana Silva")
    replaced = RegistrationFactory(workshop=workshop, member=bob_member, status=S.WITHDRAWN)
    registration = RegistrationFactory(workshop=workshop, member=ana, replaces=replaced)

    response = login(team).get(f"/admin/workshops/registration/{registration.pk}/change/")

    assertContains(
        response,
        f'<div class="readonly"><a href="/admin/workshops/registration/{replaced.pk}/change/">'
        "Bob</a></div>",
        html=True,
    )


# Attendance, in bulk.


@pytest.fixture
def held(amadora, komotini, als):
    """A workshop that started yesterday, with three delegates of Amadora, one withdrawn."""
    today = timezone.localdate()
    workshop = WorkshopFactory(
        host=amadora,
        sub_theme=als.sub_theme,
        invited=[amadora, komotini],
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
        registration_opens_at=timezone.now() - dt.timedelta(days=30),
        registration_closes_at=timezone.now() - dt.timedelta(days=3),
        status=Workshop.Status.REGISTRATION_CLOSED,
    )
    for name, status in [("Ana", S.CONFIRMED), ("Bruno", S.INVITED), ("Carla", S.WITHDRAWN)]:
        member = MemberFactory(learning_set=als, name=name)
        RegistrationFactory(workshop=workshop, member=member, status=status)
    return workshop


@pytest.mark.parametrize(
    ("action", "status", "done"),
    [
        ("mark_attended", S.ATTENDED, "2 delegates marked attended."),
        ("mark_no_show", S.NO_SHOW, "2 delegates marked no-show."),
    ],
)
def test_the_attendance_actions_mark_delegates_in_bulk(login, team, held, action, status, done):
    chosen = list(held.registrations.values_list("pk", flat=True))

    response = login(team).post(
        "/admin/workshops/registration/",
        {"action": action, "_selected_action": chosen},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        done,
        f"1 not changed: Carla is withdrawn; that cannot become {status.label.lower()}.",
    ]
    assert list(held.registrations.order_by("member__name").values_list("status", flat=True)) == [
        status,
        status,
        S.WITHDRAWN,
    ]
    assert list(
        StatusChange.objects.filter(status=status).values_list("changed_by", flat=True)
    ) == [team.pk, team.pk]


def test_the_attendance_actions_need_the_change_permission(login, held, staff_without_workshops):
    viewer = staff_without_workshops
    viewer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    before = list(held.registrations.order_by("pk").values_list("status", flat=True))
    chosen = list(held.registrations.values_list("pk", flat=True))

    response = login(viewer).post(
        "/admin/workshops/registration/",
        {"action": "mark_attended", "_selected_action": chosen},
        follow=True,
    )

    assert response.context["action_form"] is None
    assert list(held.registrations.order_by("pk").values_list("status", flat=True)) == before


# The delegate list export.

EXPORT_HEADER = [
    "Workshop",
    "Partner",
    "Learning set",
    "Name",
    "Organisation",
    "Position",
    "Type of actor",
    "E-mail",
    "Status",
]


@pytest.fixture
def export_delegates(workshop, als, other_als):
    ana = MemberFactory(
        learning_set=als,
        name="Ana Silva",
        email="ana@amadora.example",
        organisation="IEFP",
        position="Employment counsellor",
        actor_type=Member.ActorType.INSTITUTION,
    )
    eleni = MemberFactory(
        learning_set=other_als,
        name="Eleni Pappa",
        email="eleni@komotini.example",
        organisation="Municipality of Komotini",
        position="",
        actor_type=Member.ActorType.ELECTED_REPRESENTATIVE,
    )
    RegistrationFactory(workshop=workshop, member=ana, status=S.CONFIRMED)
    RegistrationFactory(workshop=workshop, member=eleni, status=S.NO_SHOW)
    other = WorkshopFactory(title="Another workshop", invited=[als.partner])
    RegistrationFactory(workshop=other, member=MemberFactory(learning_set=als))
    return workshop


def expected_export(workshop):
    return [
        EXPORT_HEADER,
        [
            workshop.title,
            "Amadora",
            "Enterprise support and development",
            "Ana Silva",
            "IEFP",
            "Employment counsellor",
            "Institution",
            "ana@amadora.example",
            "Confirmed",
        ],
        [
            workshop.title,
            "Komotini",
            "Enterprise support and development",
            "Eleni Pappa",
            "Municipality of Komotini",
            "",
            "Elected representative",
            "eleni@komotini.example",
            "No-show",
        ],
    ]


def export(client, workshop, file_format: int):
    url = f"/admin/workshops/registration/export/?workshop__id__exact={workshop.pk}"
    return client.post(url, {"format": file_format, "resource": "0"})


def test_the_delegate_list_exports_as_csv(login, team, export_delegates):
    response = export(login(team), export_delegates, 0)

    assert response["Content-Type"] == "text/csv"
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="delegates-{today}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows == expected_export(export_delegates)


def test_the_delegate_list_exports_as_xlsx(login, team, export_delegates):
    response = export(login(team), export_delegates, 1)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == expected_export(export_delegates)


def test_the_export_is_forbidden_without_the_view_permission(
    login, staff_without_workshops, export_delegates
):
    response = export(login(staff_without_workshops), export_delegates, 0)

    assert response.status_code == 403


@pytest.mark.parametrize("file_format", [0, 1])
def test_the_export_never_hands_a_spreadsheet_a_formula(login, team, workshop, als, file_format):
    member = MemberFactory(
        learning_set=als, name='=HYPERLINK("http://evil.example","Ana")', organisation="@SUM(1)"
    )
    RegistrationFactory(workshop=workshop, member=member)

    response = export(login(team), workshop, file_format)

    if file_format == 0:
        [_, row] = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    else:
        [_, row] = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
            values_only=True
        )
    assert (row[3], row[4]) == ('\'=HYPERLINK("http://evil.example","Ana")', "'@SUM(1)")


# The overview's table shows every change at once, and each filter its own rows.


def overview_text(client, workshop, query="") -> str:
    html = client.get(overview_url(workshop) + query).content.decode()
    table = html[
        html.index("<h2>Totals</h2>") : html.index(
            "</table>", html.index('id="registration-overview"')
        )
    ]
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def test_the_overview_shows_a_status_change_and_a_new_name_at_once(
    login, team, workshop, delegates
):
    client = login(team)
    before = overview_text(client, workshop)
    assert "Bruno Costa , Town hall (Invited)" in before

    services.registration_set_status(
        registration=delegates["Bruno Costa"], status=S.CONFIRMED, by=team
    )
    member = delegates["Ana Silva"].member
    member.name = "Ana Silva Lopes"
    member.save()

    after = overview_text(client, workshop)
    assert "Bruno Costa , Town hall (Confirmed)" in after
    assert "Ana Silva Lopes , Town hall (Confirmed)" in after


def test_the_overviews_filtered_are_not_mixed_up(login, team, workshop, delegates):
    client = login(team)
    everyone = overview_text(client, workshop)

    invited = overview_text(client, workshop, "?status=invited")

    assert "Eleni Pappa" in everyone and "Eleni Pappa" not in invited
    assert overview_text(client, workshop) == everyone


# Deleting what a delegate's registration protects: the admin says why, nothing is deleted.


@pytest.mark.parametrize("what", ["member", "learning set", "partner"])
@pytest.mark.parametrize("how", ["delete page", "delete action"])
def test_deleting_what_a_registration_protects_is_refused_with_the_reason(
    login, team, bob_member, what, how
):
    registration = RegistrationFactory(member=bob_member, status=S.ATTENDED)
    target = {
        "member": bob_member,
        "learning set": bob_member.learning_set,
        "partner": bob_member.learning_set.partner,
    }[what]
    opts = target._meta
    changelist = f"/admin/{opts.app_label}/{opts.model_name}/"
    client = login(team)
    before = (Member.objects.count(), Registration.objects.count(), type(target).objects.count())

    if how == "delete page":
        response = client.post(f"{changelist}{target.pk}/delete/", {"post": "yes"})
    else:
        data = {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"}
        response = client.post(changelist, data)

    assert response.status_code == 200
    assertContains(response, "would require deleting the following protected related objects")
    assertContains(
        response,
        f'Registration: <a href="/admin/workshops/registration/{registration.pk}/change/">'
        f"Registration #{registration.pk}</a>",
    )
    after = (Member.objects.count(), Registration.objects.count(), type(target).objects.count())
    assert after == before


def test_the_delete_page_names_each_row_the_workshop_takes_with_it(
    login, team, workshop, bob_member
):
    [registration] = services.delegates_register(
        workshop=workshop, partner=bob_member.learning_set.partner, members=[bob_member], by=team
    )

    response = login(team).get(f"/admin/workshops/workshop/{workshop.pk}/delete/")

    assertContains(
        response,
        f'Registration: <a href="/admin/workshops/registration/{registration.pk}/change/">'
        f"Registration #{registration.pk}</a>",
    )
    assertContains(response, "Invitation: Invitation sent to bob@amadora.example")


def test_deleting_a_workshop_takes_its_registrations_with_it(login, team, bob_member):
    registration = RegistrationFactory(member=bob_member, status=S.ATTENDED)

    response = login(team).post(
        f"/admin/workshops/workshop/{registration.workshop_id}/delete/", {"post": "yes"}
    )

    assertRedirects(response, "/admin/workshops/workshop/", fetch_redirect_response=False)
    assert (Workshop.objects.count(), Registration.objects.count(), Member.objects.count()) == (
        0,
        0,
        1,
    )


@pytest.mark.parametrize(
    ("total", "initial", "status"),
    [("-5", "1", 302), ("0", "1", 302), ("0", "0", 302), ("1", "-3", 200)],
)
def test_a_malformed_sessions_formset_deletes_no_session(
    login, team, amadora, total, initial, status
):
    """Admin inlines delete only the rows ticked "Delete": whatever the management form says,
    an existing session stays (unlike a formset that saves exactly its rows, cf. the budget)."""
    workshop = workshop_2030(amadora)
    session = SessionFactory(workshop=workshop, day=dt.date(2030, 3, 5))
    data = workshop_data(amadora, [amadora]) | {
        "sessions-TOTAL_FORMS": total,
        "sessions-INITIAL_FORMS": initial,
    }

    response = login(team).post(f"/admin/workshops/workshop/{workshop.pk}/change/", data)

    assert response.status_code == status
    assert list(Session.objects.values_list("pk", flat=True)) == [session.pk]
