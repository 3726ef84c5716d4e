"""The public pages of learning sets and sub-themes."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from learningsets.models import Member
from tests.factories import MemberFactory, add_partners
from tests.pages import main_text

NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."


@pytest.fixture
def enterprise_set(bob_member):
    """Amadora's enterprise set with members of three actor types."""
    learning_set = bob_member.learning_set
    MemberFactory(
        learning_set=learning_set,
        name="Ana Silva",
        email="ana@amadora.example",
        organisation="Câmara Municipal da Amadora",
        position="Councillor for economic development",
        actor_type=Member.ActorType.ELECTED_REPRESENTATIVE,
    )
    MemberFactory(
        learning_set=learning_set,
        name="Rui Lopes",
        email="rui@lisboa.example",
        organisation="CCDR Lisboa e Vale do Tejo",
        actor_type=Member.ActorType.MANAGING_AUTHORITY,
    )
    MemberFactory(
        learning_set=learning_set,
        name="Abel Nunes",
        email="abel@amadora.example",
        organisation="IEFP",
        actor_type=Member.ActorType.PRACTITIONER,
    )
    return learning_set


@pytest.mark.parametrize("role", ["anonymous", "alice", "bob", "charlie", "dora"])
def test_the_learning_set_page_lists_members_by_actor_type(as_role, role, enterprise_set):
    response = as_role(role).get(f"/learning-sets/{enterprise_set.pk}/")

    # Who sees e-mail addresses is tested below; here only the names and organisations.
    text = re.sub(r" · \S+@\S+", "", main_text(response))
    proposals_link = "Proposals " if role in ("alice", "bob", "dora") else ""
    # Its people and the team read the set's meetings.
    meetings = (
        " Set meetings Record a meeting No meetings recorded yet."
        if role in ("alice", "bob", "dora")
        else ""
    )
    assert text == (
        "Partners Amadora Enterprise support and development "
        "ALS Amadora Action Learning Set on Enterprise support and development "
        f"Key actors working together. {proposals_link}Members 4 "
        "Elected representative Ana Silva, Câmara Municipal da Amadora "
        "(Councillor for economic development) "
        "Practitioner Abel Nunes, IEFP Bob, Town hall "
        "Managing Authority Rui Lopes, CCDR Lisboa e Vale do Tejo" + meetings
    )


@pytest.mark.parametrize("role", ["anonymous", "charlie"])
def test_the_learning_set_page_hides_email_addresses_from(as_role, role, enterprise_set):
    response = as_role(role).get(f"/learning-sets/{enterprise_set.pk}/")

    assert "@" not in main_text(response)
    assertNotContains(response, "mailto:")


@pytest.mark.parametrize("role", ["alice", "bob", "dora"])
def test_the_learning_set_page_shows_email_addresses_to(as_role, role, enterprise_set):
    response = as_role(role).get(f"/learning-sets/{enterprise_set.pk}/")

    assert "Practitioner Abel Nunes, IEFP · abel@amadora.example Bob, Town hall · " in (
        main_text(response)
    )
    assertContains(
        response, '<a href="mailto:bob@amadora.example">bob@amadora.example</a>', html=True
    )
    assertContains(response, "mailto:", count=4)


def test_a_member_does_not_see_email_addresses_of_another_learning_set(login, bob, amadora_sets):
    MemberFactory(learning_set=amadora_sets[1], email="eva@amadora.example")

    response = login(bob).get(f"/learning-sets/{amadora_sets[1].pk}/")

    assertNotContains(response, "eva@amadora.example")
    assertNotContains(response, "mailto:")


def test_an_empty_learning_set_says_it_has_no_members(client, als):
    response = client.get(f"/learning-sets/{als.pk}/")

    assert main_text(response).endswith("Members 0 This learning set has no members yet.")


def test_an_unknown_learning_set_is_not_found(client, db):
    response = client.get("/learning-sets/999999/")

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


@pytest.mark.parametrize("role", ["anonymous", "alice", "dora"])
def test_learning_set_page_queries_do_not_grow_with_members(
    role, as_role, enterprise_set, count_queries, django_assert_num_queries
):
    client = as_role(role)
    small = count_queries(f"/learning-sets/{enterprise_set.pk}/")
    MemberFactory.create_batch(30, learning_set=enterprise_set)
    add_partners(30)

    with django_assert_num_queries(small):
        response = client.get(f"/learning-sets/{enterprise_set.pk}/")

    assert "Members 34 " in main_text(response)


@pytest.mark.parametrize("role", ["anonymous", "alice", "bob", "charlie", "dora"])
def test_the_sub_theme_page_lists_its_learning_sets_with_member_counts(
    as_role, role, bob_member, other_als, amadora_sets
):
    MemberFactory.create_batch(2, learning_set=amadora_sets[1])

    response = as_role(role).get("/sub-themes/enterprise-support-and-development/")

    assert main_text(response) == (
        "Sub-themes Enterprise support and development Enterprise support and development "
        "Support for businesses owned by migrants and ethnic minorities: mainly small and micro "
        "enterprises, access to finance, and a voice for ethnic minority businesses. "
        "Learning sets on this sub-theme ALS Amadora 1 member ALS Komotini 0 members"
    )
    assertContains(
        response, f'<a href="/learning-sets/{other_als.pk}/">ALS Komotini</a>', html=True
    )


def test_a_sub_theme_without_learning_sets_says_so(client, db):
    response = client.get("/sub-themes/active-inclusion/")

    assert main_text(response).endswith(
        "Learning sets on this sub-theme No learning set works on this sub-theme yet."
    )


def test_an_unknown_sub_theme_is_not_found(client, db):
    response = client.get("/sub-themes/tourism/")

    assert (response.status_code, main_text(response)) == (404, f"{NOT_FOUND} Go to the home page")


def test_sub_theme_page_queries_do_not_grow_with_learning_sets(
    client, bob_member, count_queries, django_assert_num_queries
):
    small = count_queries("/sub-themes/enterprise-support-and-development/")
    add_partners(30, members_per_set=2)

    with django_assert_num_queries(small):
        response = client.get("/sub-themes/enterprise-support-and-development/")

    assert main_text(response).count(" 2 members") == 30


def test_the_sub_theme_page_lists_fifty_learning_sets_to_a_page(client, bob_member):
    add_partners(50)  # and Amadora's: 51 learning sets on the sub-theme
    page = "/sub-themes/enterprise-support-and-development/"

    first, second = client.get(page), client.get(f"{page}?page=2")

    assert [main_text(first).count("ALS "), main_text(second).count("ALS ")] == [50, 1]
    assertContains(first, '<nav aria-label="Pages of learning sets">')
    assertContains(first, '<a class="page-link" href="?page=2">Next</a>', html=True)
    assertContains(second, '<a class="page-link" href="?page=1">Previous</a>', html=True)
    assert "Page 2 of 2" in main_text(second)


@pytest.mark.parametrize(("asked", "shown"), [("abc", "Page 1 of 2"), ("99", "Page 2 of 2")])
def test_a_bad_sub_theme_page_number_shows_the_first_or_the_last(client, bob_member, asked, shown):
    add_partners(50)

    response = client.get(f"/sub-themes/enterprise-support-and-development/?page={asked}")

    assert response.status_code == 200
    assert shown in main_text(response)
