"""Registering, replacing and withdrawing delegates: who may, what they see, bad input."""

import datetime as dt
from html import unescape
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from learningsets.models import Member
from tests.factories import MemberFactory
from tests.pages import INLINE_TAGS, OTHER_TAGS, main_text
from tests.workshops.factories import OPENS, WorkshopFactory, enterprise_workshop
from workshops import services
from workshops.models import Registration, StatusChange, Workshop

NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."
DURING = dt.datetime(2025, 1, 20, 12, 0, tzinfo=dt.UTC)
BASE = "/workshops/amadora-2008/delegates/amadora/"
HEADER = (
    "Enterprise development: Enterprise development for ethnic minorities "
    "26–28 February 2090 in Amadora, Town hall. "
    "Registration is open until 10 February 2090, 18:00 (Europe/Lisbon)."
)
CLOSED = (
    "Registration for Enterprise development closed on 10 February 2024, 18:00 "
    "(Europe/Lisbon). For a late change, write to the MILE management team."
)
NEW_PERSON = {
    "name": "Eva Lopes",
    "email": "eva@amadora.example",
    "organisation": "IEFP",
    "position": "Employment counsellor",
    "actor_type": "institution",
}
QUOTA_FULL = (
    "Amadora may send 3 delegates to Enterprise development and has registered 3: "
    "withdraw or replace a delegate first."
)


@pytest.fixture
def workshop(amadora, komotini, als):
    """Open for registration until 2090, on the sub-theme of Amadora's set `als`."""
    return enterprise_workshop(host=amadora, invited=[amadora, komotini], learning_set=als)


@pytest.fixture
def people(als):
    """Ana, Bruno, Carla and Duarte: members of Amadora's set on the workshop's sub-theme."""
    return [
        MemberFactory(learning_set=als, name=name, organisation=f"{name}'s association")
        for name in ("Ana", "Bruno", "Carla", "Duarte")
    ]


@pytest.fixture
def eleni(other_als):
    return MemberFactory(learning_set=other_als, name="Eleni", organisation="Komotini")


@pytest.fixture
def delegates(workshop, amadora, people, alice):
    """Ana and Bruno, registered by alice."""
    return services.delegates_register(
        workshop=workshop, partner=amadora, members=people[:2], by=alice, at=DURING
    )


def urls(registration=None) -> dict:
    pk = registration.pk if registration else 1
    return {
        "delegates": BASE,
        "table": f"{BASE}table/",
        "replace": f"{BASE}{pk}/replace/",
        "withdraw": f"{BASE}{pk}/withdraw/",
    }


def registrations():
    """Every registration as (member, partner, status, registered by, whom it replaces)."""
    return list(
        Registration.objects.order_by("pk").values_list(
            "member__name",
            "partner__name",
            "status",
            "registered_by__email",
            "replaces__member__name",
        )
    )


def state():
    """Everything a registration form may change."""
    return (
        registrations(),
        list(StatusChange.objects.order_by("pk").values_list("registration", "status")),
        list(Member.objects.order_by("pk").values_list("learning_set", "name", "email")),
    )


def close(workshop):
    workshop.registration_opens_at = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)
    workshop.registration_closes_at = dt.datetime(2024, 2, 10, 18, 0, tzinfo=dt.UTC)
    workshop.save()


def send(client, method, url, data=None):
    return client.post(url, data or {}) if method == "post" else client.get(url)


# The delegates page


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_delegates_page_shows_the_workshop_the_delegates_and_the_form(
    as_role, role, delegates, people, eleni
):
    response = as_role(role).get(BASE)

    assert main_text(response) == (
        "My MILE Amadora Delegates for Enterprise development "
        f"Delegates of Amadora {HEADER} "
        "Delegates 2 of 3 places taken "
        "Delegates of Amadora; times in Europe/Lisbon. The statuses update by themselves. "
        "Name Organisation Type of actor Status Actions "
        "Ana Ana's association Practitioner Invited since 20 January 2025, 12:00 by "
        "alice@amadora.example Replace Ana Withdraw Ana "
        "Bruno Bruno's association Practitioner Invited since 20 January 2025, 12:00 by "
        "alice@amadora.example Replace Bruno Withdraw Bruno "
        "Register delegates "
        "Members of ALS Amadora — Enterprise support and development "
        "Carla — Carla's association (Practitioner) "
        "Duarte — Duarte's association (Practitioner) "
        "Add a new person Someone who is not in the learning set yet: they become a member of "
        "it in the same step. Name E-mail address Organisation Position (optional) "
        "Type of actor --------- Elected representative Practitioner Institution Company "
        "Community-based organisation Managing Authority Register"
    )
    assertContains(response, '<a href="/workshops/amadora-2008/">Enterprise development</a>')
    assertContains(response, f'href="{urls(delegates[0])["replace"]}"', count=1)
    assertContains(response, f'href="{urls(delegates[0])["withdraw"]}"', count=1)


def heading_area(response) -> str:
    """What the page says from its heading to the delegates table, as it reads."""
    html = response.content.decode()
    area = html[html.index("<h1") : html.index("<h2")]
    return " ".join(unescape(OTHER_TAGS.sub(" ", INLINE_TAGS.sub("", area))).split())


def test_the_delegates_page_names_the_workshop_once_in_its_heading(login, alice, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(title="Torino workshop")

    response = login(alice).get(BASE)

    assert heading_area(response) == (
        "Delegates of Amadora Torino workshop: Enterprise development for ethnic minorities "
        "26–28 February 2090 in Amadora, Town hall. "
        "Registration is open until 10 February 2090, 18:00 (Europe/Lisbon)."
    )


@pytest.mark.parametrize(
    ("opens", "closes", "status", "sentence"),
    [
        (
            dt.datetime(2090, 1, 10, 9, 0, tzinfo=dt.UTC),
            dt.datetime(2090, 2, 10, 18, 0, tzinfo=dt.UTC),
            Workshop.Status.REGISTRATION_OPEN,
            "Registration opens on 10 January 2090, 09:00 (Europe/Lisbon) and closes on "
            "10 February 2090, 18:00 (Europe/Lisbon).",
        ),
        (
            dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC),
            dt.datetime(2024, 2, 10, 18, 0, tzinfo=dt.UTC),
            Workshop.Status.REGISTRATION_OPEN,
            "Registration closed on 10 February 2024, 18:00 (Europe/Lisbon).",
        ),
        (
            dt.datetime(2020, 1, 10, 9, 0, tzinfo=dt.UTC),
            dt.datetime(2090, 2, 10, 18, 0, tzinfo=dt.UTC),
            Workshop.Status.PUBLISHED,
            "Registration runs from 10 January 2020, 09:00 (Europe/Lisbon) to "
            "10 February 2090, 18:00 (Europe/Lisbon).",
        ),
    ],
    ids=["not yet", "closed", "not opened by the team"],
)
def test_the_delegates_page_says_where_registration_stands(
    login, alice, workshop, opens, closes, status, sentence
):
    Workshop.objects.filter(pk=workshop.pk).update(
        registration_opens_at=opens, registration_closes_at=closes, status=status
    )

    response = login(alice).get(BASE)

    assert heading_area(response).endswith(f"Town hall. {sentence}")


def test_the_form_never_offers_another_partners_members(login, charlie, workshop, people, eleni):
    response = login(charlie).get("/workshops/amadora-2008/delegates/komotini/")

    assert [label for _, label in response.context["form"].fields["members"].widget.choices] == [
        "Eleni — Komotini (Practitioner)"
    ]
    assertNotContains(response, "Ana")


def test_the_form_explains_when_everyone_in_the_set_is_a_delegate(login, alice, workshop, als):
    member = MemberFactory(learning_set=als, name="Ana")
    services.delegates_register(workshop=workshop, partner=als.partner, members=[member], by=alice)

    response = login(alice).get(BASE)

    assertContains(
        response, "Nobody else in the learning set can be chosen; add a new person below."
    )


def test_the_form_explains_when_the_partner_has_no_learning_set_on_the_sub_theme(
    login, charlie, workshop
):
    response = login(charlie).get("/workshops/amadora-2008/delegates/komotini/")

    assertContains(
        response,
        "There is no learning set on this sub-theme yet: the MILE management team sets it up.",
    )


# Registering


@pytest.mark.parametrize(
    ("role", "email"), [("alice", "alice@amadora.example"), ("dora", "dora@mile.example")]
)
def test_a_contact_or_the_team_registers_members_as_delegates(
    as_role, role, email, workshop, people
):
    response = as_role(role).post(BASE, {"members": [people[0].pk, people[2].pk]}, follow=True)

    assertRedirects(response, BASE)
    assertContains(
        response, "Ana and Carla are now delegates of Amadora for Enterprise development."
    )
    assert registrations() == [
        ("Ana", "Amadora", "invited", email, None),
        ("Carla", "Amadora", "invited", email, None),
    ]
    assert "Delegates 2 of 3 places taken" in main_text(response)


def test_a_new_person_joins_the_learning_set_and_becomes_a_delegate(
    login, alice, workshop, als, people
):
    response = login(alice).post(BASE, {"members": [people[1].pk], **NEW_PERSON}, follow=True)

    assertContains(
        response, "Bruno and Eva Lopes are now delegates of Amadora for Enterprise development."
    )
    eva = Member.objects.get(email="eva@amadora.example")
    assert (eva.learning_set, eva.name, eva.organisation, eva.position, eva.actor_type) == (
        als,
        "Eva Lopes",
        "IEFP",
        "Employment counsellor",
        "institution",
    )
    assert registrations() == [
        ("Bruno", "Amadora", "invited", "alice@amadora.example", None),
        ("Eva Lopes", "Amadora", "invited", "alice@amadora.example", None),
    ]


def test_one_new_person_alone_is_registered(login, alice, workshop, als):
    response = login(alice).post(BASE, NEW_PERSON, follow=True)

    assertContains(response, "Eva Lopes is now a delegate of Amadora for Enterprise development.")
    assert registrations() == [("Eva Lopes", "Amadora", "invited", "alice@amadora.example", None)]


# Bad input on the registration form: the message shown, the input kept, nothing changed.


def post_refused(client, data, errors):
    before = state()

    response = client.post(BASE, data)

    assert (response.status_code, response.context["form"].errors) == (200, errors)
    for messages in errors.values():
        for message in messages:
            assertContains(response, escape(message))
    assert state() == before
    return response


def test_a_fourth_delegate_is_refused_and_the_choice_kept(
    login, alice, workshop, amadora, delegates, people
):
    services.delegates_register(workshop=workshop, partner=amadora, members=[people[2]], by=alice)

    response = post_refused(login(alice), {"members": [people[3].pk]}, {"__all__": [QUOTA_FULL]})

    assertContains(
        response,
        f'<input type="checkbox" class="form-check-input" name="members" value="{people[3].pk}" '
        'id="id_members_0" checked>',
        html=True,
    )


def test_more_people_than_places_left_are_refused(login, alice, delegates, people):
    post_refused(
        login(alice),
        {"members": [people[2].pk], **NEW_PERSON},
        {
            "__all__": [
                "Amadora may send 3 delegates to Enterprise development; 1 place is left, "
                "and you chose 2."
            ]
        },
    )


def test_a_member_who_is_already_a_delegate_is_refused(login, alice, delegates, people):
    post_refused(
        login(alice),
        {"members": [people[0].pk]},
        {"__all__": ["Ana is already a delegate for Enterprise development."]},
    )


def test_a_member_of_another_partner_posted_by_id_is_refused(login, alice, workshop, eleni):
    post_refused(
        login(alice),
        {"members": [eleni.pk]},
        {
            "__all__": [
                "Eleni is not a member of Amadora's learning set on Enterprise support and "
                "development."
            ]
        },
    )


def test_an_empty_form_is_refused(login, alice, workshop, people):
    post_refused(login(alice), {}, {"__all__": ["Choose at least one person, or add a new one."]})


def test_a_bad_e_mail_address_for_the_new_person_is_refused_and_kept(login, alice, workshop, als):
    response = post_refused(
        login(alice),
        NEW_PERSON | {"email": "eva at amadora"},
        {"email": ["Enter a valid email address."]},
    )

    assertContains(response, 'value="eva at amadora"')
    assertContains(response, 'value="Eva Lopes"')


def test_a_new_person_needs_a_name_an_e_mail_an_organisation_and_a_type(
    login, alice, workshop, als
):
    needed = ["Needed to add a new person."]
    post_refused(
        login(alice),
        {"position": "Mediator"},
        {"name": needed, "email": needed, "organisation": needed, "actor_type": needed},
    )


def test_a_new_person_whose_e_mail_is_already_in_the_set_is_refused(login, alice, workshop, people):
    response = post_refused(
        login(alice),
        NEW_PERSON | {"email": people[0].email.upper()},
        {"__all__": ["This e-mail address is already a member of this learning set."]},
    )

    assertContains(response, f'value="{people[0].email.upper()}"')


def test_huge_strings_are_refused(login, alice, workshop, als):
    huge = "x" * 100_000
    post_refused(
        login(alice),
        {"name": huge, "email": f"{huge}@example.org", "organisation": huge, "actor_type": huge},
        {
            "name": ["Ensure this value has at most 200 characters (it has 100000)."],
            "email": [
                "Enter a valid email address.",
                "Ensure this value has at most 254 characters (it has 100012).",
            ],
            "organisation": ["Ensure this value has at most 200 characters (it has 100000)."],
            "actor_type": [f"Select a valid choice. {huge} is not one of the available choices."],
        },
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "99999999999999999999",
            "Select a valid choice. 99999999999999999999 is not one of the available choices.",
        ),
        ("0", "Select a valid choice. 0 is not one of the available choices."),
        ("Ana", "“Ana” is not a valid value."),
    ],
)
def test_a_member_id_that_is_no_member_is_refused(login, alice, workshop, people, value, message):
    post_refused(login(alice), {"members": [value]}, {"members": [message]})


# The window: closed, not yet open, or the workshop not open for registration.


def test_after_the_deadline_the_form_is_replaced_by_the_message(login, alice, delegates, workshop):
    close(workshop)

    response = login(alice).get(BASE)

    text = main_text(response)
    assert text.endswith(f"Register delegates {CLOSED}")
    assert "Name Organisation Type of actor Status Ana" in text
    assert response.context["form"] is None
    assertNotContains(response, "/replace/")
    assertNotContains(response, "/withdraw/")
    assertNotContains(response, '<form method="post" novalidate>')


@pytest.mark.parametrize(
    ("status", "opens", "message"),
    [
        (
            Workshop.Status.REGISTRATION_OPEN,
            dt.datetime(2089, 1, 10, 9, 0, tzinfo=dt.UTC),
            "Registration for Enterprise development opens on 10 January 2089, 09:00 "
            "(Europe/Lisbon).",
        ),
        (
            Workshop.Status.PUBLISHED,
            OPENS,
            "Registration for Enterprise development is not open yet.",
        ),
        (
            Workshop.Status.REGISTRATION_CLOSED,
            OPENS,
            "Registration for Enterprise development is closed. For a late change, write to "
            "the MILE management team.",
        ),
    ],
)
def test_the_form_is_closed_unless_registration_is_open(
    login, alice, workshop, people, status, opens, message
):
    Workshop.objects.filter(pk=workshop.pk).update(status=status, registration_opens_at=opens)

    response = login(alice).get(BASE)

    assert main_text(response).endswith(f"Register delegates {message}")


def test_a_post_after_the_deadline_gives_the_message_and_changes_nothing(
    login, alice, delegates, workshop, people
):
    close(workshop)
    before = state()

    response = login(alice).post(BASE, {"members": [people[2].pk]})

    assert (response.status_code, main_text(response).endswith(CLOSED)) == (200, True)
    assert state() == before


@pytest.mark.parametrize("page", ["replace", "withdraw"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_replace_and_withdraw_after_the_deadline_give_the_message_and_change_nothing(
    login, alice, delegates, workshop, people, page, method
):
    close(workshop)
    before = state()

    response = send(login(alice), method, urls(delegates[0])[page], {"member": people[2].pk})

    assert response.status_code == 200
    assert main_text(response).endswith(f"{CLOSED} Back to the delegates")
    assertNotContains(response, "Cancel")
    assert state() == before


# Replacing


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_replace_form_offers_the_members_who_are_not_delegates(
    as_role, role, delegates, people, eleni
):
    response = as_role(role).get(urls(delegates[0])["replace"])

    assert main_text(response) == (
        "My MILE Amadora Delegates for Enterprise development Replace Ana "
        f"Replace Ana {HEADER} "
        "Ana (Ana's association) will no longer be a delegate of Amadora, and the person you "
        "choose takes the place. "
        "A member of ALS Amadora — Enterprise support and development "
        "Carla — Carla's association (Practitioner) "
        "Duarte — Duarte's association (Practitioner) "
        "Or add a new person Someone who is not in the learning set yet: they become a member "
        "of it in the same step. Name E-mail address Organisation Position (optional) "
        "Type of actor --------- Elected representative Practitioner Institution Company "
        "Community-based organisation Managing Authority Replace Ana Cancel"
    )


@pytest.mark.parametrize(
    ("role", "email"), [("alice", "alice@amadora.example"), ("dora", "dora@mile.example")]
)
def test_a_contact_or_the_team_replaces_a_delegate_by_another_member(
    as_role, role, email, delegates, people
):
    response = as_role(role).post(
        urls(delegates[0])["replace"], {"member": people[3].pk}, follow=True
    )

    assertRedirects(response, BASE)
    assertContains(response, "Ana is no longer a delegate; Duarte takes the place.")
    assert registrations() == [
        ("Ana", "Amadora", "withdrawn", "alice@amadora.example", None),
        ("Bruno", "Amadora", "invited", "alice@amadora.example", None),
        ("Duarte", "Amadora", "invited", email, "Ana"),
    ]
    assert "Delegates 2 of 3 places taken" in main_text(response)


def test_a_delegate_is_replaced_by_a_new_person(login, alice, delegates, als):
    response = login(alice).post(urls(delegates[1])["replace"], NEW_PERSON, follow=True)

    assertContains(response, "Bruno is no longer a delegate; Eva Lopes takes the place.")
    assert Member.objects.get(email="eva@amadora.example").learning_set == als
    assert registrations()[1:] == [
        ("Bruno", "Amadora", "withdrawn", "alice@amadora.example", None),
        ("Eva Lopes", "Amadora", "invited", "alice@amadora.example", "Bruno"),
    ]


CHOOSE_ONE = {"__all__": ["Choose one person to take the place, or add a new one."]}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (lambda people, eleni: {}, CHOOSE_ONE),
        (lambda people, eleni: {"member": people[2].pk, **NEW_PERSON}, CHOOSE_ONE),
        (
            lambda people, eleni: {"member": people[1].pk},
            {"__all__": ["Bruno is already a delegate for Enterprise development."]},
        ),
        (
            lambda people, eleni: {"member": eleni.pk},
            {
                "__all__": [
                    "Eleni is not a member of Amadora's learning set on Enterprise support and "
                    "development."
                ]
            },
        ),
        (
            lambda people, eleni: NEW_PERSON | {"email": "not an address"},
            {"email": ["Enter a valid email address."]},
        ),
        (
            lambda people, eleni: {"member": "99999999999999999999"},
            {"member": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            lambda people, eleni: {"name": "x" * 100_000},
            {
                "name": ["Ensure this value has at most 200 characters (it has 100000)."],
                "email": ["Needed to add a new person."],
                "organisation": ["Needed to add a new person."],
                "actor_type": ["Needed to add a new person."],
            },
        ),
    ],
    ids=[
        "nobody",
        "both",
        "a-delegate",
        "another-partners-member",
        "bad-e-mail",
        "huge-id",
        "huge-name",
    ],
)
def test_bad_input_on_the_replace_form_is_refused(
    login, alice, delegates, people, eleni, data, errors
):
    before = state()

    response = login(alice).post(urls(delegates[0])["replace"], data(people, eleni))

    assert (response.status_code, response.context["form"].errors) == (200, errors)
    for messages in errors.values():
        for message in messages:
            assertContains(response, escape(message))
    assert state() == before


# Withdrawing


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_withdrawing_asks_for_confirmation_first(as_role, role, delegates):
    before = state()

    response = as_role(role).get(urls(delegates[0])["withdraw"])

    assert main_text(response) == (
        "My MILE Amadora Delegates for Enterprise development Withdraw Ana "
        f"Withdraw Ana? {HEADER} "
        "Ana (Ana's association) will no longer be a delegate of Amadora for Enterprise "
        "development, and the place becomes free. They stay a member of the learning set. "
        "Withdraw Ana Cancel"
    )
    assert state() == before


@pytest.mark.parametrize(
    ("role", "email"), [("alice", "alice@amadora.example"), ("dora", "dora@mile.example")]
)
def test_a_contact_or_the_team_withdraws_a_delegate(as_role, role, email, delegates):
    response = as_role(role).post(urls(delegates[0])["withdraw"], follow=True)

    assertRedirects(response, BASE)
    assertContains(
        response,
        "Ana is no longer a delegate of Amadora for Enterprise development; the place is free.",
    )
    assert list(
        StatusChange.objects.filter(registration=delegates[0]).values_list(
            "status", "changed_by__email"
        )
    ) == [
        ("registered", "alice@amadora.example"),
        ("invited", "alice@amadora.example"),
        ("withdrawn", email),
    ]
    assert "Delegates 1 of 3 places taken" in main_text(response)


def test_withdrawing_shows_what_the_service_refuses(login, alice, delegates, dora):
    services.registration_set_status(
        registration=delegates[0],
        status=Registration.Status.ATTENDED,
        by=dora,
        at=dt.datetime(2090, 2, 26, 10, 0, tzinfo=dt.UTC),
    )
    before = state()

    response = login(alice).post(urls(delegates[0])["withdraw"])

    assert response.status_code == 200
    assertContains(response, "Ana is attended; that cannot become withdrawn.")
    assert state() == before


@pytest.mark.parametrize("page", ["replace", "withdraw"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_withdrawn_delegate_is_not_found(login, alice, delegates, page, method):
    services.delegate_withdraw(registration=delegates[0], by=alice)
    before = state()

    response = send(login(alice), method, urls(delegates[0])[page])

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")
    assert state() == before


@pytest.mark.parametrize("page", ["replace", "withdraw"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_registration_of_another_partner_or_workshop_is_not_found(
    login, alice, workshop, komotini, eleni, delegates, als, page, method
):
    theirs = services.delegates_register(
        workshop=workshop, partner=komotini, members=[eleni], by=None
    )[0]
    other_workshop = WorkshopFactory(sub_theme=als.sub_theme, invited=[als.partner])
    ours_elsewhere = services.delegates_register(
        workshop=other_workshop, partner=als.partner, members=[delegates[0].member], by=alice
    )[0]
    before = state()

    for registration in (theirs, ours_elsewhere):
        response = send(login(alice), method, urls(registration)[page])

        assert (response.status_code, main_text(response)) == (
            404,
            f"{NOT_FOUND} Go to the home page",
        )
    assert state() == before


# Who may not: another partner's contact, an ALS member, a staff account without the admin's
# permissions for registrations, a visitor.


@pytest.mark.parametrize("role", ["bob", "charlie", "staff_without_permissions"])
@pytest.mark.parametrize("page", ["delegates", "table", "replace", "withdraw"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_registration_pages_are_not_found_for_who_does_not_look_after_the_partner(
    as_role, role, page, method, delegates, people
):
    client = as_role(role)
    before = state()

    response = send(client, method, urls(delegates[0])[page], {"members": [people[2].pk]})

    expected = 405 if (page, method) == ("table", "post") else 404
    assert response.status_code == expected
    assert state() == before


@pytest.mark.parametrize(
    ("codenames", "may"),
    [
        (["add_registration", "change_registration"], True),
        (["add_registration"], False),
        (["change_registration"], False),
        (["view_registration"], False),
    ],
)
def test_the_team_registers_for_any_partner_with_the_admins_permissions(
    login, staff_without_permissions, workshop, people, codenames, may
):
    staff = staff_without_permissions
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="workshops", codename__in=codenames)
    )
    before = state()

    response = login(staff).post(BASE, {"members": [people[0].pk]})

    if may:
        assertRedirects(response, BASE, fetch_redirect_response=False)
        assert registrations() == [("Ana", "Amadora", "invited", "intern@mile.example", None)]
    else:
        assert response.status_code == 404
        assert state() == before


def test_a_superuser_registers_for_any_partner(login, superuser, workshop, people):
    response = login(superuser).post(BASE, {"members": [people[0].pk]})

    assertRedirects(response, BASE, fetch_redirect_response=False)
    assert registrations() == [("Ana", "Amadora", "invited", "root@mile.example", None)]


@pytest.mark.parametrize("page", ["delegates", "table", "replace", "withdraw"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_registration_pages_send_an_anonymous_visitor_to_log_in(
    client, page, method, delegates, people
):
    url = urls(delegates[0])[page]
    before = state()

    response = send(client, method, url, {"members": [people[2].pk]})

    if (page, method) == ("table", "post"):
        assert response.status_code == 405
    else:
        assertRedirects(response, f"/accounts/login/?next={url}", fetch_redirect_response=False)
    assert state() == before


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_a_draft_workshop_is_not_found(as_role, role, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(status=Workshop.Status.DRAFT)

    response = as_role(role).get(BASE)

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def test_a_workshop_the_partner_is_not_invited_to_is_not_found_even_for_the_team(
    login, dora, workshop, lisboa
):
    response = login(dora).get("/workshops/amadora-2008/delegates/lisboa-e-vale-do-tejo/")

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def test_the_registration_pages_reject_other_methods(login, alice, delegates):
    response = login(alice).delete(BASE)

    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, POST")


# The live table


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_the_table_alone_is_returned_for_htmx(as_role, role, delegates):
    response = as_role(role).get(f"{BASE}table/", headers={"HX-Request": "true"})

    html = response.content.decode().strip()
    assert html.startswith(
        '<div id="delegates" hx-get="/workshops/amadora-2008/delegates/amadora/table/" '
        'hx-trigger="every 15s" hx-swap="outerHTML">'
    )
    assert (html.endswith("</div>"), "<main" in html, "<html" in html) == (True, False, False)
    assert main_text_of_fragment(html) == (
        "Delegates 2 of 3 places taken "
        "Delegates of Amadora; times in Europe/Lisbon. The statuses update by themselves. "
        "Name Organisation Type of actor Status Actions "
        "Ana Ana's association Practitioner Invited since 20 January 2025, 12:00 by "
        "alice@amadora.example Replace Ana Withdraw Ana "
        "Bruno Bruno's association Practitioner Invited since 20 January 2025, 12:00 by "
        "alice@amadora.example Replace Bruno Withdraw Bruno"
    )


def main_text_of_fragment(html: str) -> str:
    """The text of an htmx fragment as it reads (it has no <main> of its own)."""
    return main_text(SimpleNamespace(content=f"<main>{html}</main>".encode()))


def test_the_page_polls_the_table(login, alice, delegates):
    response = login(alice).get(BASE)

    assertContains(
        response,
        '<div id="delegates" hx-get="/workshops/amadora-2008/delegates/amadora/table/" '
        'hx-trigger="every 15s" hx-swap="outerHTML">',
        count=1,
    )


def test_the_table_shows_a_status_change_with_its_time_and_who(login, alice, delegates, dora):
    services.registration_set_status(
        registration=delegates[1],
        status=Registration.Status.DECLINED,
        by=dora,
        at=dt.datetime(2030, 7, 1, 8, 15, tzinfo=dt.UTC),
    )

    response = login(alice).get(f"{BASE}table/", headers={"HX-Request": "true"})

    assert (
        "Bruno Bruno's association Practitioner Declined since 1 July 2030, 09:15 by "
        "dora@mile.example"
    ) in main_text_of_fragment(response.content.decode())
    assert "Delegates 1 of 3 places taken" in main_text_of_fragment(response.content.decode())


def test_the_table_without_a_session_reloads_the_page_for_htmx(client, delegates):
    response = client.get(f"{BASE}table/", headers={"HX-Request": "true"})

    assert (response.status_code, response["HX-Refresh"]) == (200, "true")


def test_the_table_says_when_there_are_no_delegates(login, alice, workshop):
    response = login(alice).get(f"{BASE}table/")

    assert main_text_of_fragment(response.content.decode()) == (
        "Delegates 0 of 3 places taken Amadora has no delegates for this workshop yet."
    )


# Query counts


@pytest.mark.parametrize("role", ["alice", "dora"])
@pytest.mark.parametrize("url", [BASE, f"{BASE}table/"])
def test_the_delegates_page_queries_do_not_grow_with_members_and_delegates(
    as_role, role, url, workshop, als, alice, count_queries, django_assert_num_queries
):
    client = as_role(role)
    Workshop.objects.filter(pk=workshop.pk).update(delegates_per_partner=40)
    workshop.refresh_from_db()
    first = MemberFactory(learning_set=als)
    services.delegates_register(workshop=workshop, partner=als.partner, members=[first], by=alice)
    small = count_queries(url)
    members = MemberFactory.create_batch(40, learning_set=als)
    services.delegates_register(
        workshop=workshop, partner=als.partner, members=members[:30], by=alice
    )

    with django_assert_num_queries(small):
        response = client.get(url)

    assert response.content.decode().count("Invited <small") == 31


# My partner: the workshops the partner is invited to


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_my_partner_lists_the_upcoming_workshops_with_window_quota_and_delegates(
    as_role, role, delegates, amadora
):
    services.registration_set_status(
        registration=delegates[1], status=Registration.Status.CONFIRMED, by=None
    )
    WorkshopFactory(
        title="Past",
        invited=[amadora],
        start_date=dt.date(2008, 2, 26),
        end_date=dt.date(2008, 2, 28),
    )
    WorkshopFactory(title="Draft", invited=[amadora], status=Workshop.Status.DRAFT)
    WorkshopFactory(title="Not invited")

    response = as_role(role).get("/partners/amadora/manage/")

    text = main_text(response)
    assert text[text.index("Workshops") : text.index("Enterprise support and development Add")] == (
        "Workshops Register up to the quota of delegates from your learning set on the "
        "workshop's sub-theme, and replace or withdraw them until registration closes. "
        "Enterprise development Register delegates for Enterprise development "
        "26–28 February 2090 in Amadora · Enterprise support and development "
        "Registration is open: from 10 January 2020, 09:00 (Europe/Lisbon) to "
        "10 February 2090, 18:00 (Europe/Lisbon). 2 of 3 places taken "
        "Ana, Ana's association: Invited Bruno, Bruno's association: Confirmed "
    )
    assertContains(response, f'href="{BASE}"', count=1)


def test_my_partner_offers_to_see_the_delegates_once_registration_closed(login, alice, workshop):
    close(workshop)

    response = login(alice).get("/partners/amadora/manage/")

    assert (
        "Enterprise development See delegates for Enterprise development "
        "26–28 February 2090 in Amadora · Enterprise support and development "
        "Registration is not open: from 10 January 2024, 09:00 (Europe/Lisbon) to "
        "10 February 2024, 18:00 (Europe/Lisbon). 0 of 3 places taken No delegates yet."
    ) in main_text(response)


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_my_partner_queries_do_not_grow_with_workshops_and_delegates(
    as_role,
    role,
    workshop,
    amadora,
    komotini,
    als,
    alice,
    count_queries,
    django_assert_num_queries,
):
    client = as_role(role)
    services.delegates_register(
        workshop=workshop, partner=amadora, members=[MemberFactory(learning_set=als)], by=alice
    )
    small = count_queries("/partners/amadora/manage/")
    for _ in range(5):
        more = WorkshopFactory(sub_theme=als.sub_theme, invited=[amadora, komotini])
        services.delegates_register(
            workshop=more,
            partner=amadora,
            members=MemberFactory.create_batch(3, learning_set=als),
            by=alice,
        )

    with django_assert_num_queries(small):
        response = client.get("/partners/amadora/manage/")

    assert main_text(response).count("3 of 3 places taken") == 5
