"""The registration rules: quota, window, uniqueness, whose members, replace, withdraw, history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from learningsets.models import Member
from tests.factories import LearningSetFactory, MemberFactory, sub_theme
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration, StatusChange, Workshop

OPENS = dt.datetime(2030, 1, 10, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2030, 2, 10, 18, 0, tzinfo=dt.UTC)
DURING = dt.datetime(2030, 1, 20, 12, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2030, 1, 21, 8, 30, tzinfo=dt.UTC)
NEW_PERSON = {
    "name": "Ana Silva",
    "email": "ana@amadora.example",
    "organisation": "IEFP",
    "position": "Employment counsellor",
    "actor_type": "institution",
}


@pytest.fixture
def workshop(amadora, komotini, als):
    """Open for registration from 10 January to 10 February 2030, held 26–28 February 2030."""
    return WorkshopFactory(
        title="Enterprise development",
        host=amadora,
        sub_theme=als.sub_theme,
        invited=[amadora, komotini],
        start_date=dt.date(2030, 2, 26),
        end_date=dt.date(2030, 2, 28),
        registration_opens_at=OPENS,
        registration_closes_at=CLOSES,
    )


@pytest.fixture
def people(als):
    """Four members of Amadora's learning set on the workshop's sub-theme."""
    return [
        MemberFactory(learning_set=als, name=name) for name in ("Ana", "Bruno", "Carla", "Duarte")
    ]


def register(workshop, partner, members=(), new_people=(), by=None, at=DURING):
    return services.delegates_register(
        workshop=workshop, partner=partner, members=members, new_people=new_people, by=by, at=at
    )


def refusal(call, *args, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.messages


def registrations():
    """Every registration as (member, partner, status, whom it replaces)."""
    return list(
        Registration.objects.order_by("pk").values_list(
            "member__name", "partner__name", "status", "replaces__member__name"
        )
    )


# The quota


def test_a_partner_registers_exactly_its_quota(workshop, amadora, people, alice):
    created = register(workshop, amadora, people[:3], by=alice)

    assert [r.member.name for r in created] == ["Ana", "Bruno", "Carla"]
    assert registrations() == [
        ("Ana", "Amadora", "invited", None),
        ("Bruno", "Amadora", "invited", None),
        ("Carla", "Amadora", "invited", None),
    ]
    assert services.places_taken(workshop=workshop, partner=amadora) == 3


def test_choosing_more_than_the_quota_at_once_is_refused(workshop, amadora, people, alice):
    assert refusal(register, workshop, amadora, people, by=alice) == [
        "Amadora may send 3 delegates to Enterprise development; 3 places are left, "
        "and you chose 4."
    ]
    assert registrations() == []


def test_a_fourth_delegate_is_refused(workshop, amadora, people, alice):
    register(workshop, amadora, people[:3], by=alice)

    assert refusal(register, workshop, amadora, people[3:], by=alice) == [
        "Amadora may send 3 delegates to Enterprise development and has registered 3: "
        "withdraw or replace a delegate first."
    ]
    assert [name for name, *_ in registrations()] == ["Ana", "Bruno", "Carla"]


def test_a_new_person_counts_towards_the_quota(workshop, amadora, people, alice):
    register(workshop, amadora, people[:2], by=alice)

    assert refusal(register, workshop, amadora, people[2:3], new_people=[NEW_PERSON], by=alice) == [
        "Amadora may send 3 delegates to Enterprise development; 1 place is left, and you chose 2."
    ]
    assert (len(registrations()), Member.objects.filter(name="Ana Silva").exists()) == (2, False)


def test_a_declined_delegate_frees_the_place(workshop, amadora, people, alice):
    first, *_ = register(workshop, amadora, people[:3], by=alice)
    services.registration_set_status(
        registration=first, status=Registration.Status.DECLINED, by=None, at=LATER
    )

    register(workshop, amadora, people[3:], by=alice)

    assert services.places_taken(workshop=workshop, partner=amadora) == 3


def test_asking_for_nobody_is_refused(workshop, amadora, alice):
    assert refusal(register, workshop, amadora, by=alice) == [
        "Choose at least one person, or add a new one."
    ]


# The window


def test_registering_before_registration_opens_is_refused(workshop, amadora, people, alice):
    early = OPENS - dt.timedelta(minutes=1)

    assert refusal(register, workshop, amadora, people[:1], by=alice, at=early) == [
        "Registration for Enterprise development opens on 10 January 2030, 09:00 (Europe/Lisbon)."
    ]
    assert registrations() == []


def test_registering_after_registration_closes_is_refused(workshop, amadora, people, alice):
    assert refusal(register, workshop, amadora, people[:1], by=alice, at=CLOSES) == [
        "Registration for Enterprise development closed on 10 February 2030, 18:00 "
        "(Europe/Lisbon). For a late change, write to the MILE management team."
    ]
    assert registrations() == []


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Workshop.Status.PUBLISHED, "Registration for Enterprise development is not open yet."),
        (
            Workshop.Status.REGISTRATION_CLOSED,
            "Registration for Enterprise development is closed. For a late change, write to "
            "the MILE management team.",
        ),
        (
            Workshop.Status.HELD,
            "Registration for Enterprise development is closed. For a late change, write to "
            "the MILE management team.",
        ),
    ],
)
def test_registering_is_refused_unless_the_workshop_is_open_for_registration(
    workshop, amadora, people, alice, status, message
):
    workshop.status = status
    workshop.save()

    assert refusal(register, workshop, amadora, people[:1], by=alice) == [message]
    assert registrations() == []


def test_replacing_and_withdrawing_are_refused_after_registration_closes(
    workshop, amadora, people, alice
):
    ana, _ = register(workshop, amadora, people[:2], by=alice)
    closed = [
        "Registration for Enterprise development closed on 10 February 2030, 18:00 "
        "(Europe/Lisbon). For a late change, write to the MILE management team."
    ]

    assert refusal(
        services.delegate_replace, registration=ana, member=people[2], by=alice, at=CLOSES
    ) == (closed)
    assert refusal(services.delegate_withdraw, registration=ana, by=alice, at=CLOSES) == closed
    assert registrations() == [
        ("Ana", "Amadora", "invited", None),
        ("Bruno", "Amadora", "invited", None),
    ]


def test_a_partner_that_is_not_invited_cannot_register(workshop, lisboa, alice):
    member = MemberFactory(learning_set=LearningSetFactory(partner=lisboa), name="Rui")

    assert refusal(register, workshop, lisboa, [member], by=alice) == [
        "Lisboa e Vale do Tejo is not invited to Enterprise development."
    ]
    assert registrations() == []


# Uniqueness and whose members


def test_the_same_member_twice_in_one_go_is_refused(workshop, amadora, people, alice):
    assert refusal(register, workshop, amadora, [people[0], people[0]], by=alice) == [
        "The same person was chosen twice."
    ]
    assert registrations() == []


def test_a_member_who_is_already_a_delegate_is_refused(workshop, amadora, people, alice):
    register(workshop, amadora, people[:1], by=alice)

    assert refusal(register, workshop, amadora, people[:2], by=alice) == [
        "Ana is already a delegate for Enterprise development."
    ]
    assert registrations() == [("Ana", "Amadora", "invited", None)]


def test_a_withdrawn_delegate_can_be_registered_again(workshop, amadora, people, alice):
    (ana,) = register(workshop, amadora, people[:1], by=alice)
    services.delegate_withdraw(registration=ana, by=alice, at=DURING)

    register(workshop, amadora, people[:1], by=alice, at=LATER)

    assert registrations() == [
        ("Ana", "Amadora", "withdrawn", None),
        ("Ana", "Amadora", "invited", None),
    ]


def test_a_member_of_another_partners_learning_set_is_refused(
    workshop, amadora, people, other_als, alice
):
    eleni = MemberFactory(learning_set=other_als, name="Eleni")

    assert refusal(register, workshop, amadora, [people[0], eleni], by=alice) == [
        "Eleni is not a member of Amadora's learning set on Enterprise support and development."
    ]
    assert registrations() == []


def test_a_member_of_the_partners_set_on_another_sub_theme_is_refused(
    workshop, amadora, amadora_sets, alice
):
    inclusion = MemberFactory(learning_set=amadora_sets[1], name="Inês")

    assert refusal(register, workshop, amadora, [inclusion], by=alice) == [
        "Inês is not a member of Amadora's learning set on Enterprise support and development."
    ]
    assert registrations() == []


def test_a_former_member_is_refused(workshop, amadora, people, alice):
    Member.objects.filter(pk=people[1].pk).update(left_on=dt.date(2030, 1, 5))

    assert refusal(register, workshop, amadora, [people[0], people[1]], by=alice) == [
        f"{people[1].name} is a former member of ALS Amadora — Enterprise support and development."
    ]
    assert registrations() == []


def test_a_member_holding_a_place_ahead_cannot_leave_and_a_withdrawn_one_can(
    workshop, amadora, people, alice
):
    register(workshop, amadora, [people[0]], by=alice)
    (registration,) = Registration.objects.all()

    with pytest.raises(ValidationError) as refused:
        services.member_leave(member=people[0], at=DURING)
    services.delegate_withdraw(registration=registration, by=alice, at=LATER)
    services.member_leave(member=people[0], at=LATER)

    assert refused.value.messages == [
        f"{people[0].name} is a delegate for Enterprise development: withdraw them, or give "
        "their place to someone else, first. Nothing was changed."
    ]
    assert Member.objects.get(pk=people[0].pk).left_on == dt.date(2030, 1, 21)


# New people


def test_a_new_person_joins_the_learning_set_of_the_workshops_sub_theme(
    workshop, amadora, amadora_sets, people, alice
):
    created = register(workshop, amadora, people[:1], new_people=[NEW_PERSON], by=alice)

    ana_silva = Member.objects.get(email="ana@amadora.example")
    assert (ana_silva.learning_set, ana_silva.learning_set.sub_theme) == (
        amadora_sets[0],
        sub_theme(1),
    )
    assert (
        ana_silva.name,
        ana_silva.organisation,
        ana_silva.position,
        ana_silva.actor_type,
    ) == ("Ana Silva", "IEFP", "Employment counsellor", "institution")
    assert [r.member for r in created] == [people[0], ana_silva]
    assert registrations() == [
        ("Ana", "Amadora", "invited", None),
        ("Ana Silva", "Amadora", "invited", None),
    ]


def test_a_new_person_whose_e_mail_is_already_in_the_set_is_refused(
    workshop, amadora, people, alice
):
    members_before = list(Member.objects.values_list("pk", flat=True))

    assert refusal(
        register,
        workshop,
        amadora,
        people[:1],
        new_people=[NEW_PERSON | {"email": people[1].email.upper()}],
        by=alice,
    ) == ["This e-mail address is already a member of this learning set."]
    assert (registrations(), list(Member.objects.values_list("pk", flat=True))) == (
        [],
        members_before,
    )


def test_a_new_person_needs_a_learning_set_on_the_sub_theme(workshop, komotini, charlie):
    assert refusal(register, workshop, komotini, new_people=[NEW_PERSON], by=charlie) == [
        "Komotini has no learning set on Enterprise support and development."
    ]
    assert (registrations(), Member.objects.count()) == ([], 0)


# Replace and withdraw


def test_replacing_withdraws_the_delegate_and_registers_the_other_person(
    workshop, amadora, people, alice
):
    ana, *_ = register(workshop, amadora, people[:3], by=alice)

    duarte = services.delegate_replace(registration=ana, member=people[3], by=alice, at=LATER)

    ana.refresh_from_db()
    assert (ana.status, duarte.replaces, duarte.status) == ("withdrawn", ana, "invited")
    assert registrations() == [
        ("Ana", "Amadora", "withdrawn", None),
        ("Bruno", "Amadora", "invited", None),
        ("Carla", "Amadora", "invited", None),
        ("Duarte", "Amadora", "invited", "Ana"),
    ]
    assert services.places_taken(workshop=workshop, partner=amadora) == 3


def test_replacing_by_a_new_person_adds_them_to_the_learning_set(
    workshop, amadora, als, people, alice
):
    (ana,) = register(workshop, amadora, people[:1], by=alice)

    replacement = services.delegate_replace(
        registration=ana, new_person=NEW_PERSON, by=alice, at=LATER
    )

    assert (replacement.member.learning_set, replacement.member.name) == (als, "Ana Silva")
    assert registrations() == [
        ("Ana", "Amadora", "withdrawn", None),
        ("Ana Silva", "Amadora", "invited", "Ana"),
    ]


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("nobody", "Choose one person to take the place, or add a new one."),
        ("both", "Choose one person to take the place, or add a new one."),
        ("delegate", "Bruno is already a delegate for Enterprise development."),
        (
            "stranger",
            "Eleni is not a member of Amadora's learning set on Enterprise support "
            "and development.",
        ),
    ],
)
def test_replacing_by_nobody_both_a_delegate_or_a_stranger_is_refused(
    workshop, amadora, people, other_als, alice, choice, message
):
    ana, bruno = register(workshop, amadora, people[:2], by=alice)
    eleni = MemberFactory(learning_set=other_als, name="Eleni")
    arguments = {
        "both": {"member": people[2], "new_person": NEW_PERSON},
        "delegate": {"member": bruno.member},
        "stranger": {"member": eleni},
    }.get(choice, {})

    assert refusal(
        services.delegate_replace, registration=ana, by=alice, at=LATER, **arguments
    ) == [message]
    assert registrations() == [
        ("Ana", "Amadora", "invited", None),
        ("Bruno", "Amadora", "invited", None),
    ]


def test_replacing_a_declined_delegate_is_refused_when_the_places_are_taken(
    workshop, amadora, people, alice
):
    ana, *_ = register(workshop, amadora, people[:3], by=alice)
    services.registration_set_status(
        registration=ana, status=Registration.Status.DECLINED, by=None, at=DURING
    )
    register(workshop, amadora, people[3:], by=alice)
    newcomer = MemberFactory(learning_set=people[0].learning_set, name="Eva")

    assert refusal(
        services.delegate_replace, registration=ana, member=newcomer, by=alice, at=LATER
    ) == [
        "Amadora may send 3 delegates to Enterprise development and has registered 3: "
        "withdraw or replace a delegate first."
    ]
    assert [status for _, _, status, _ in registrations()] == [
        "declined",
        "invited",
        "invited",
        "invited",
    ]


def test_withdrawing_frees_the_place(workshop, amadora, people, alice):
    ana, *_ = register(workshop, amadora, people[:3], by=alice)

    services.delegate_withdraw(registration=ana, by=alice, at=LATER)
    register(workshop, amadora, people[3:], by=alice, at=LATER)

    assert registrations() == [
        ("Ana", "Amadora", "withdrawn", None),
        ("Bruno", "Amadora", "invited", None),
        ("Carla", "Amadora", "invited", None),
        ("Duarte", "Amadora", "invited", None),
    ]
    assert services.places_taken(workshop=workshop, partner=amadora) == 3


def test_a_withdrawn_delegate_cannot_be_withdrawn_again(workshop, amadora, people, alice):
    (ana,) = register(workshop, amadora, people[:1], by=alice)
    services.delegate_withdraw(registration=ana, by=alice, at=LATER)

    assert refusal(services.delegate_withdraw, registration=ana, by=alice, at=LATER) == [
        "Ana is withdrawn; that cannot become withdrawn."
    ]
    assert list(ana.status_changes.values_list("status", flat=True)) == [
        "registered",
        "invited",
        "withdrawn",
    ]


# The status history


def test_every_status_change_is_recorded_with_who_and_when(workshop, amadora, people, alice, dora):
    (ana,) = register(workshop, amadora, people[:1], by=alice, at=DURING)

    services.registration_set_status(
        registration=ana, status=Registration.Status.CONFIRMED, by=None, at=LATER
    )
    services.delegate_withdraw(registration=ana, by=dora, at=LATER + dt.timedelta(hours=1))

    assert list(ana.status_changes.values_list("status", "changed_at", "changed_by")) == [
        ("registered", DURING, alice.pk),
        ("invited", DURING, alice.pk),
        ("confirmed", LATER, None),
        ("withdrawn", LATER + dt.timedelta(hours=1), dora.pk),
    ]
    ana.refresh_from_db()
    assert (ana.status, ana.status_changed_at, ana.status_changed_by, ana.registered_by) == (
        "withdrawn",
        LATER + dt.timedelta(hours=1),
        dora,
        alice,
    )


def test_a_replacement_records_both_changes_at_the_same_moment(workshop, amadora, people, alice):
    (ana,) = register(workshop, amadora, people[:1], by=alice)

    bruno = services.delegate_replace(registration=ana, member=people[1], by=alice, at=LATER)

    assert list(
        StatusChange.objects.order_by("pk").values_list(
            "registration__member__name", "status", "changed_at", "changed_by"
        )
    ) == [
        ("Ana", "registered", DURING, alice.pk),
        ("Ana", "invited", DURING, alice.pk),
        ("Ana", "withdrawn", LATER, alice.pk),
        ("Bruno", "registered", LATER, alice.pk),
        ("Bruno", "invited", LATER, alice.pk),
    ]
    assert bruno.registered_at == LATER


@pytest.mark.parametrize("status", [Registration.Status.ATTENDED, Registration.Status.NO_SHOW])
def test_attendance_is_refused_before_the_workshop_starts(workshop, people, dora, status):
    registration = RegistrationFactory(workshop=workshop, member=people[0])
    the_day_before = timezone.make_aware(dt.datetime(2030, 2, 25, 18, 0))

    assert refusal(
        services.registration_set_status,
        registration=registration,
        status=status,
        by=dora,
        at=the_day_before,
    ) == ["Attendance can be marked from the first day of the workshop."]
    registration.refresh_from_db()
    assert (registration.status, registration.status_changes.count()) == ("registered", 0)


def test_attendance_is_recorded_from_the_first_day(workshop, people, dora):
    registration = RegistrationFactory(workshop=workshop, member=people[0])
    first_day = timezone.make_aware(dt.datetime(2030, 2, 26, 9, 0))

    services.registration_set_status(
        registration=registration, status=Registration.Status.ATTENDED, by=dora, at=first_day
    )

    assert list(registration.status_changes.values_list("status", "changed_at", "changed_by")) == [
        ("attended", first_day, dora.pk)
    ]
