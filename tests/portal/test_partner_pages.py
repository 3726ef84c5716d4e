import datetime as dt

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from learningsets.invitations import account_invitation_send, account_invitation_use
from tests.factories import MemberFactory, add_partners
from tests.pages import main_text

ROLES = ["anonymous", "alice", "bob", "charlie", "dora"]
INVITED_AT = dt.datetime(2030, 3, 4, 10, 0, tzinfo=dt.UTC)
NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."


@pytest.mark.parametrize("role", ROLES)
def test_the_partner_page_shows_sister_learning_sets_and_local_support_group(
    as_role, role, lisboa, amadora_sets, bob_member
):
    MemberFactory(
        learning_set=amadora_sets[2],
        name="Carla Mendes",
        email="carla@amadora.example",
        organisation="Migrant community associations",
        actor_type="community",
    )

    response = as_role(role).get("/partners/amadora/")

    # Its people and the team read the Local Support Group's meetings.
    meetings = (
        " Local Support Group meetings Record a meeting No meetings recorded yet."
        if role in ("alice", "bob", "dora")
        else ""
    )
    assert main_text(response).replace("Manage members ", "") == (
        "Partners Amadora Amadora City · Portugal Sister region: Lisboa e Vale do Tejo "
        "Action Learning Sets "
        "Enterprise support and development Key actors working together. 1 member "
        "Active inclusion measures for labour market access Key actors working together. "
        "0 members "
        "Access to key services (education, housing, health) and intercultural dialogue "
        "Key actors working together. 1 member "
        "Local Support Group The members of Amadora’s learning sets together. "
        "Members of the Local Support Group of Amadora "
        "Name Organisation Type of actor Learning sets "
        "Bob Town hall Practitioner Enterprise support and development "
        "Carla Mendes Migrant community associations Community-based organisation "
        "Access to key services (education, housing, health) and intercultural dialogue" + meetings
    )
    assertContains(
        response,
        '<a href="/partners/lisboa-e-vale-do-tejo/">Lisboa e Vale do Tejo</a>',
        html=True,
    )
    for learning_set in amadora_sets:
        assertContains(response, f'href="/learning-sets/{learning_set.pk}/"')


def test_a_person_in_several_learning_sets_is_one_member_of_the_local_support_group(
    client, amadora_sets
):
    for learning_set in amadora_sets:
        MemberFactory(
            learning_set=learning_set,
            name="Programme manager",
            email=f"{'PM' if learning_set.sub_theme.number == 2 else 'pm'}@lisboa.example",
            organisation="CCDR Lisboa e Vale do Tejo",
            actor_type="managing_authority",
        )

    response = client.get("/partners/amadora/")

    assert main_text(response).split("Learning sets ")[-1] == (
        "Programme manager CCDR Lisboa e Vale do Tejo Managing Authority "
        "Enterprise support and development; Active inclusion measures for labour market "
        "access; Access to key services (education, housing, health) and intercultural dialogue"
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_partner_page_never_shows_email_addresses(as_role, role, bob_member):
    response = as_role(role).get("/partners/amadora/")

    assert "@" not in main_text(response)
    assertNotContains(response, "mailto:")


def test_the_partner_page_of_a_region_names_its_sister_city(client, lisboa):
    response = client.get("/partners/lisboa-e-vale-do-tejo/")

    assert main_text(response).startswith(
        "Partners Lisboa e Vale do Tejo Lisboa e Vale do Tejo Region · Portugal "
        "Sister city: Amadora Action Learning Sets "
        "Lisboa e Vale do Tejo has no learning sets yet."
    )
    assertContains(response, '<a href="/partners/amadora/">Amadora</a>', html=True)


def test_the_partner_page_of_an_unpaired_city_says_so(client, komotini):
    response = client.get("/partners/komotini/")

    assert "Greece This partner has no sister region yet. " in main_text(response)


@pytest.mark.parametrize(("role", "can_manage"), [
    ("anonymous", False), ("alice", True), ("bob", False), ("charlie", False), ("dora", True)
])  # fmt: skip
def test_the_partner_page_offers_managing_members_only_to_who_may(as_role, role, can_manage, als):
    response = as_role(role).get("/partners/amadora/")

    assert ('href="/partners/amadora/manage/">Manage members</a>' in response.text) is can_manage


def test_an_unknown_partner_is_not_found(client, db):
    response = client.get("/partners/atlantis/")

    assert (response.status_code, main_text(response)) == (
        404,
        f"{NOT_FOUND} Go to the home page",
    )


def test_partner_page_queries_do_not_grow_with_members_and_partners(
    client, lisboa, amadora_sets, count_queries, django_assert_num_queries
):
    small = count_queries("/partners/amadora/")
    for learning_set in amadora_sets:
        MemberFactory.create_batch(30, learning_set=learning_set)
    add_partners(30)

    with django_assert_num_queries(small):
        response = client.get("/partners/amadora/")

    assert main_text(response).count("Town hall Practitioner") == 90


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_my_partner_lists_the_learning_sets_with_their_members(
    as_role, role, amadora_sets, bob_member
):
    carla = MemberFactory(learning_set=amadora_sets[0], name="Carla", email="carla@amadora.example")
    dina = MemberFactory(learning_set=amadora_sets[0], name="Dina", email="dina@amadora.example")
    account_invitation_send(member=dina, by=None, at=INVITED_AT)

    response = as_role(role).get("/partners/amadora/manage/")

    assert main_text(response) == (
        "My MILE Amadora My partner: Amadora Keep your learning sets up to date: the people "
        "listed here are the ones you can register as delegates for workshops. "
        "See the public page. Add a member "
        "Enterprise support and development Add a member to Enterprise support and development "
        "Members of the learning set on Enterprise support and development "
        "Name E-mail Organisation Position Type of actor Account Actions "
        "Bob bob@amadora.example Town hall Practitioner Has an account Edit Bob Remove Bob "
        "Carla carla@amadora.example Town hall Practitioner "
        "Invite to create an account (Carla) Edit Carla Remove Carla "
        "Dina dina@amadora.example Town hall Practitioner "
        "Invite again (Dina) Invited 4 Mar 2030 Edit Dina Remove Dina "
        "Active inclusion measures for labour market access "
        "Add a member to Active inclusion measures for labour market access No members yet. "
        "Access to key services (education, housing, health) and intercultural dialogue "
        "Add a member to Access to key services (education, housing, health) and "
        "intercultural dialogue No members yet."
    )
    assertContains(
        response, f'href="/partners/amadora/manage/members/{bob_member.pk}/edit/"', count=1
    )
    assertContains(
        response, f'href="/partners/amadora/manage/members/{bob_member.pk}/remove/"', count=1
    )
    assertNotContains(response, f"/partners/amadora/manage/members/{bob_member.pk}/invite/")
    for member in (carla, dina):
        assertContains(
            response,
            f'<form method="post" action="/partners/amadora/manage/members/{member.pk}/invite/" '
            'class="d-inline">',
            count=1,
        )
    assertContains(
        response, f'href="/partners/amadora/manage/members/add/?learning_set={amadora_sets[1].pk}"'
    )


def test_my_partner_says_when_an_account_invitation_was_used(login, alice, als):
    dina = MemberFactory(learning_set=als, name="Dina", email="dina@amadora.example")
    invitation = account_invitation_send(member=dina, by=alice, at=INVITED_AT)
    account_invitation_use(token=invitation.token(), at=INVITED_AT + dt.timedelta(hours=2))

    response = login(alice).get("/partners/amadora/manage/")

    assert (
        "Dina dina@amadora.example Town hall Practitioner "
        "Invite again (Dina) Invited 4 Mar 2030, link used Edit Dina"
    ) in main_text(response)


def test_my_partner_says_when_the_team_has_not_set_up_learning_sets(login, alice):
    response = login(alice).get("/partners/amadora/manage/")

    assert main_text(response).endswith(
        "Amadora has no learning sets yet; the MILE management team sets them up."
    )


@pytest.mark.parametrize("role", ["bob", "charlie", "staff_without_permissions"])
def test_my_partner_is_not_found_for_who_does_not_look_after_the_partner(as_role, role, als):
    response = as_role(role).get("/partners/amadora/manage/")

    assert (response.status_code, main_text(response)) == (
        404,
        f"{NOT_FOUND} Go to the home page",
    )


def test_my_partner_sends_an_anonymous_visitor_to_log_in(client, als):
    response = client.get("/partners/amadora/manage/")

    assertRedirects(
        response,
        "/accounts/login/?next=/partners/amadora/manage/",
        fetch_redirect_response=False,
    )


def test_my_partner_of_an_unknown_partner_is_not_found_even_for_the_team(login, dora):
    response = login(dora).get("/partners/atlantis/manage/")

    assert response.status_code == 404
    assert main_text(response).startswith(NOT_FOUND)


@pytest.mark.parametrize("role", ["alice", "dora"])
def test_my_partner_queries_do_not_grow_with_members(
    role, as_role, amadora_sets, count_queries, django_assert_num_queries
):
    client = as_role(role)
    MemberFactory(learning_set=amadora_sets[0])
    small = count_queries("/partners/amadora/manage/")
    for learning_set in amadora_sets:
        for member in MemberFactory.create_batch(10, learning_set=learning_set):
            account_invitation_send(member=member, by=None)
        MemberFactory.create_batch(20, learning_set=learning_set)
    add_partners(30)

    with django_assert_num_queries(small):
        response = client.get("/partners/amadora/manage/")

    text = main_text(response)
    assert (text.count("Town hall Practitioner Invite"), text.count("Invite again")) == (91, 30)
