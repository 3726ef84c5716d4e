"""A learning set's take-home of a workshop: written from the workshop's page once it has
started, by a set that attended; read by the workshop's participants, and by everyone when
public.

Amadora's `als` (bob a member, alice the contact) sent a delegate to a workshop that started
yesterday; Komotini's `other_als` (charlie the contact) did not.
"""

import datetime as dt

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import MemberFactory
from tests.pages import main_text
from tests.workshops.factories import RegistrationFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration, TakeHome, Workshop

DAY = dt.timedelta(days=1)
TOO_LONG = "x" * 100_001


@pytest.fixture
def started(amadora, komotini, als):
    workshop = WorkshopFactory(
        title="Enterprise development",
        slug="amadora-2008",
        host=amadora,
        sub_theme=als.sub_theme,
        invited=[amadora, komotini],
        start_date=timezone.localdate() - DAY,
        registration_opens_at=timezone.now() - 30 * DAY,
        registration_closes_at=timezone.now() - 10 * DAY,
        status=Workshop.Status.REGISTRATION_CLOSED,
    )
    delegate = MemberFactory(learning_set=als, name="Delfina")
    RegistrationFactory(workshop=workshop, member=delegate, status=Registration.Status.ATTENDED)
    return workshop


def url(workshop, learning_set) -> str:
    return f"/workshops/{workshop.slug}/take-home/{learning_set.pk}/"


FORM = {"learning_points": "Ask the banks early.", "actions": "Meet the bank.", "is_public": "on"}


@pytest.mark.parametrize("role", ["bob", "alice", "dora"])
def test_a_member_the_contact_and_the_team_write_the_sets_take_home(
    as_role, role, request, started, als
):
    response = as_role(role).post(url(started, als), FORM)

    assertRedirects(
        response, f"/workshops/amadora-2008/#take-home-{als.pk}", fetch_redirect_response=False
    )
    take_home = TakeHome.objects.get()
    assert (
        take_home.workshop,
        take_home.learning_set,
        take_home.learning_points,
        take_home.actions,
        take_home.is_public,
        take_home.written_by,
    ) == (
        started,
        als,
        "Ask the banks early.",
        "Meet the bank.",
        True,
        request.getfixturevalue(role),
    )


def test_the_saved_take_home_is_shown_on_the_workshop_page(login, bob, started, als):
    client = login(bob)

    response = client.post(url(started, als), FORM, follow=True)

    text = main_text(response)
    assert "The take-home of ALS Amadora — Enterprise support and development is saved." in text
    assert text.endswith(
        "Take-homes Write the take-home of ALS Amadora — Enterprise support and development "
        "ALS Amadora — Enterprise support and development Learning points Ask the banks early. "
        "Actions it leads to Meet the bank."
    )


def test_a_take_home_is_written_again_later(login, bob, alice, started, als):
    login(bob).post(url(started, als), FORM)

    response = login(alice).get(url(started, als))
    assertContains(response, "Ask the banks early.</textarea>")
    assertContains(response, "Save the changes")
    login(alice).post(url(started, als), {"learning_points": "Ask the banks in March."})

    take_home = TakeHome.objects.get()
    assert (take_home.learning_points, take_home.actions, take_home.is_public) == (
        "Ask the banks in March.",
        "",
        False,
    )
    assert take_home.written_by == alice


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"learning_points": ""}, "learning_points", "This field is required."),
        ({"learning_points": "   "}, "learning_points", "This field is required."),
        (
            {"learning_points": TOO_LONG},
            "learning_points",
            "Ensure this value has at most 100000 characters (it has 100001).",
        ),
        (
            {"learning_points": "Fine.", "actions": TOO_LONG},
            "actions",
            "Ensure this value has at most 100000 characters (it has 100001).",
        ),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    login, bob, started, als, posted, field, message
):
    response = login(bob).post(url(started, als), posted)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assertContains(response, message)
    assert not TakeHome.objects.exists()


def test_a_take_home_left_empty_keeps_the_one_written_before(login, bob, started, als):
    client = login(bob)
    client.post(url(started, als), FORM)

    client.post(url(started, als), {"learning_points": ""})

    assert TakeHome.objects.get().learning_points == "Ask the banks early."


def test_before_the_workshop_starts_the_page_says_when_and_nothing_is_saved(
    login, bob, started, als
):
    started.start_date = timezone.localdate() + 2 * DAY
    started.end_date = started.start_date + DAY
    started.save()
    starts = f"{started.start_date.day} {started.start_date:%B} {started.start_date.year}"
    message = f"Enterprise development starts on {starts}: its take-homes are written from then on."
    client = login(bob)

    assertContains(client.get(url(started, als)), message)
    response = client.post(url(started, als), FORM)

    assertContains(response, message)
    assertNotContains(response, "<textarea")
    assert not TakeHome.objects.exists()
    assertNotContains(client.get(started.get_absolute_url()), "Write the take-home")


@pytest.mark.parametrize(
    "status", [Registration.Status.DECLINED, Registration.Status.WITHDRAWN, "no_show", None]
)
def test_a_set_that_did_not_attend_is_told_so_and_nothing_is_saved(
    login, charlie, started, other_als, status
):
    if status is not None:
        eleni = MemberFactory(learning_set=other_als, name="Eleni")
        RegistrationFactory(workshop=started, member=eleni, status=status)
    client = login(charlie)

    response = client.post(url(started, other_als), FORM)

    assertContains(
        response,
        "ALS Komotini — Enterprise support and development had no delegate at Enterprise "
        "development: only the learning sets that attended it write a take-home.",
    )
    assert not TakeHome.objects.exists()
    assertNotContains(client.get(started.get_absolute_url()), "Write the take-home")


def test_the_service_refuses_a_set_that_did_not_attend(started, other_als, charlie):
    with pytest.raises(services.ValidationError):
        services.take_home_write(
            workshop=started,
            learning_set=other_als,
            learning_points="Points.",
            actions="",
            is_public=False,
            by=charlie,
        )
    assert not TakeHome.objects.exists()


@pytest.mark.parametrize("role", ["charlie", "staff_without_permissions"])
def test_someone_who_does_not_write_for_the_set_gets_a_404(as_role, role, started, als):
    client = as_role(role)

    assert client.get(url(started, als)).status_code == 404
    assert client.post(url(started, als), FORM).status_code == 404
    assert not TakeHome.objects.exists()


def test_a_former_member_no_longer_writes_the_take_home(login, bob, bob_member, started, als):
    bob_member.left_on = timezone.localdate()
    bob_member.save()

    assert login(bob).post(url(started, als), FORM).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, started, als):
    response = client.post(url(started, als), FORM)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not TakeHome.objects.exists()


# Who reads them


@pytest.fixture
def two_take_homes(started, als, other_als):
    TakeHome.objects.create(
        workshop=started, learning_set=als, learning_points="Points of Amadora.", is_public=True
    )
    TakeHome.objects.create(
        workshop=started, learning_set=other_als, learning_points="Points of Komotini."
    )


@pytest.mark.parametrize("role", ["alice", "charlie", "dora"])
def test_the_workshops_participants_read_every_take_home(as_role, role, started, two_take_homes):
    response = as_role(role).get(started.get_absolute_url())

    assertContains(response, "Points of Amadora.")
    assertContains(response, "Points of Komotini.")
    assertContains(response, "For participants", count=1)


def test_a_delegate_of_the_workshop_reads_every_take_home(
    login, bob, bob_member, started, two_take_homes
):
    RegistrationFactory(workshop=started, member=bob_member, status=Registration.Status.CONFIRMED)

    assertContains(login(bob).get(started.get_absolute_url()), "Points of Komotini.")


@pytest.mark.parametrize("role", ["anonymous", "bob", "staff_without_permissions"])
def test_everyone_else_reads_only_the_public_ones(as_role, role, started, two_take_homes):
    response = as_role(role).get(started.get_absolute_url())

    assertContains(response, "Points of Amadora.")
    assertNotContains(response, "Points of Komotini.")
    assertNotContains(response, "For participants")


def test_a_workshop_without_take_homes_shows_no_section(client, started):
    assertNotContains(client.get(started.get_absolute_url()), "Take-homes")


def test_the_workshop_page_costs_the_same_queries_however_many_take_homes(
    login, alice, started, als, count_queries, django_assert_num_queries
):
    TakeHome.objects.create(workshop=started, learning_set=als, learning_points="First.")
    client = login(alice)
    small = count_queries(started.get_absolute_url())
    for _ in range(8):
        city_set = MemberFactory().learning_set
        TakeHome.objects.create(workshop=started, learning_set=city_set, learning_points="More.")
        RegistrationFactory(workshop=started, member=MemberFactory(learning_set=city_set))

    with django_assert_num_queries(small):
        response = client.get(started.get_absolute_url())

    assert main_text(response).count("Learning points") == 9


# The admin


def test_the_team_reads_the_take_homes_in_the_admin(login, dora, started, two_take_homes):
    response = login(dora).get("/admin/workshops/takehome/")

    assertContains(response, "ALS Amadora — Enterprise support and development")
    assertContains(response, "ALS Komotini — Enterprise support and development")
