"""The home page and *My MILE*."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import MemberFactory, RegionFactory, add_partners
from tests.pages import main_text

ROLES = ["anonymous", "alice", "bob", "charlie", "dora"]
# The calendar block at the end of My MILE, before its link is made (tests/portal/
# test_calendar_feed.py).
CALENDAR = (
    "My calendar Your workshops, your learning sets’ meetings and the due dates of your open "
    "actions, in your own calendar program: it fetches them again every few hours. "
    "Subscribe to my calendar"
)
SEARCH = (
    "Search proposals Words to look for Every word is looked for; “quotes” find a phrase, or "
    "finds either word, and -word leaves out what has it. Search "
)
SUB_THEMES = (
    "Enterprise support and development",
    "Active inclusion measures for labour market access",
    "Access to key services (education, housing, health) and intercultural dialogue",
)


@pytest.mark.parametrize("role", ROLES)
def test_home_explains_mile_and_lists_the_sub_themes_and_partners_for_everyone(
    as_role, role, lisboa
):
    response = as_role(role).get("/")

    text = main_text(response)
    assert text.startswith(
        "Managing Migration and Integration in Cities and Regions MILE is a thematic network "
        "of 10 cities and their 10 sister regions."
    )
    assert "The three sub-themes " + SUB_THEMES[0] in text
    assert [text.index(name) for name in SUB_THEMES] == sorted(
        text.index(name) for name in SUB_THEMES
    )
    assertContains(
        response,
        '<tr><td><a href="/partners/amadora/">Amadora</a></td>'
        '<td><a href="/partners/lisboa-e-vale-do-tejo/">Lisboa e Vale do Tejo</a></td>'
        "<td>Portugal</td></tr>",
        html=True,
    )


def test_home_pairs_each_city_with_its_sister_region_and_lists_the_unpaired(
    client, lisboa, komotini
):
    RegionFactory(name="Andalucía", slug="andalucia", country="ES")

    response = client.get("/")

    assert main_text(response).endswith(
        "City Sister region Country "
        "Amadora Lisboa e Vale do Tejo Portugal "
        "Komotini not yet paired Greece "
        "not yet paired Andalucía Spain "
        "All 4 partners, with a search by name or country"
    )


def test_home_counts_the_learning_sets_and_members_of_each_sub_theme(
    client, bob_member, amadora_sets, other_als
):
    MemberFactory(learning_set=other_als)
    MemberFactory(learning_set=amadora_sets[2])

    text = main_text(client.get("/"))

    assert f"{SUB_THEMES[0]} Support for businesses" in text
    assert "a voice for ethnic minority businesses. 2 learning sets · 2 members " in text
    assert "so that their potential is harnessed. 1 learning set · 0 members " in text
    assert "intercultural dialogue and mediation. 1 learning set · 1 member " in text


def test_home_says_when_there_are_no_partners_yet(client, db):
    response = client.get("/")

    assert main_text(response).endswith(
        "Partners Each city works with its sister region, "
        "whose Managing Authority joins the city’s learning sets. "
        "No partners have been added yet."
    )


def test_home_tells_a_visitor_that_accounts_are_by_invitation(client, db):
    response = client.get("/")

    assertContains(response, "Accounts are created by invitation from the MILE management team.")
    assertContains(response, '<a class="btn btn-primary" href="/accounts/login/">Log in</a>')


def test_home_queries_do_not_grow_with_partners(
    client, lisboa, bob_member, count_queries, django_assert_num_queries
):
    small = count_queries("/")
    add_partners(30, members_per_set=2)

    with django_assert_num_queries(small):
        response = client.get("/")

    partners = main_text(response).split("City Sister region Country ")[1]
    assert partners.count(" Portugal") == 12  # the first twelve of 31
    assert partners.endswith(" Portugal All 62 partners, with a search by name or country")


def test_the_dashboard_sends_an_anonymous_visitor_to_log_in(client, db):
    response = client.get("/my/")

    assertRedirects(response, "/accounts/login/?next=/my/", fetch_redirect_response=False)


def test_the_dashboard_shows_a_contact_my_partner(login, alice, komotini):
    response = login(alice).get("/my/")

    assert main_text(response) == (
        "My MILE Logged in as alice@amadora.example. "
        "My partner Amadora (city) Manage learning sets and members of Amadora "
        + SEARCH
        + "My learning sets You are not a member of a learning set. If you should be, ask your "
        "partner contact to add you with this e-mail address. " + CALENDAR
    )
    assertContains(response, 'href="/partners/amadora/manage/"')
    assertNotContains(response, "/partners/komotini/manage/")


def test_the_dashboard_shows_a_member_my_learning_sets(login, bob, amadora_sets):
    response = login(bob).get("/my/")

    assert main_text(response) == (
        "My MILE Logged in as bob@amadora.example. "
        + SEARCH
        + "My learning sets ALS Amadora — Enterprise support and development "
        "Proposals of Amadora on Enterprise support and development " + CALENDAR
    )
    assertContains(
        response,
        f'<a href="/learning-sets/{amadora_sets[0].pk}/">'
        "ALS Amadora — Enterprise support and development</a>",
        html=True,
    )


def test_the_dashboard_shows_another_contact_only_their_own_partner(login, charlie, alice):
    response = login(charlie).get("/my/")

    assert "My partner Komotini (city) Manage learning sets and members of Komotini " in (
        main_text(response)
    )
    assertNotContains(response, "Amadora")


def test_the_dashboard_sends_the_management_team_to_the_administration(login, dora, amadora):
    response = login(dora).get("/my/")

    assert main_text(response).startswith(
        "My MILE Logged in as dora@mile.example. MILE management team Curate partners, "
        "learning sets and members in the administration. Open the administration "
        "Review proposals " + SEARCH + "My learning sets"
    )
    assertContains(
        response, '<a class="btn btn-primary" href="/admin/">Open the administration</a>'
    )


@pytest.mark.parametrize("role", ["alice", "bob", "dora"])
def test_dashboard_queries_do_not_grow_with_partners_and_memberships(
    role, as_role, alice, bob, count_queries, django_assert_num_queries
):
    client = as_role(role)
    small = count_queries("/my/")
    for city in add_partners(30):
        city.contacts.add(alice)
        MemberFactory(learning_set=city.learning_sets.first(), email=bob.email, user=bob)

    with django_assert_num_queries(small):
        response = client.get("/my/")

    text, count = {
        "alice": ("Manage learning sets and members of", 31),
        "bob": ("ALS ", 31),
        "dora": ("Open the administration", 1),
    }[role]
    assert main_text(response).count(text) == count
