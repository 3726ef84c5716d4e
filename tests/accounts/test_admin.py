"""The management team's user administration."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import PASSWORD, UserFactory

User = get_user_model()


def listed(response):
    return [str(user) for user in response.context["cl"].result_list]


def test_the_team_lists_users_by_email(login, dora, alice, charlie):
    response = login(dora).get("/admin/accounts/user/")

    assert listed(response) == [
        "alice@amadora.example",
        "charlie@komotini.example",
        "dora@mile.example",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=komotini", ["charlie@komotini.example"]),
        ("?is_staff__exact=1", ["dora@mile.example"]),
        ("?is_active__exact=1&is_superuser__exact=0&q=example", [
            "alice@amadora.example", "charlie@komotini.example", "dora@mile.example"
        ]),
    ],
)  # fmt: skip
def test_the_team_searches_and_filters_users(login, dora, alice, charlie, query, expected):
    response = login(dora).get(f"/admin/accounts/user/{query}")

    assert listed(response) == expected


def test_the_team_opens_a_users_change_page(login, dora, alice):
    response = login(dora).get(f"/admin/accounts/user/{alice.pk}/change/")

    assertContains(response, "<h2>alice@amadora.example</h2>", html=True)
    assertContains(response, 'name="email" value="alice@amadora.example"')


def test_the_team_opens_the_add_user_page(login, dora):
    response = login(dora).get("/admin/accounts/user/add/")

    assertContains(response, "<h1>Add user</h1>", html=True)
    assertContains(response, 'name="password1"')


def test_the_team_adds_a_user(login, dora):
    response = login(dora).post(
        "/admin/accounts/user/add/",
        {
            "email": "eva@sevilla.example",
            "usable_password": "true",
            "password1": "a-long-secret-2008",
            "password2": "a-long-secret-2008",
        },
    )

    eva = User.objects.get(email="eva@sevilla.example")
    assertRedirects(response, f"/admin/accounts/user/{eva.pk}/change/")
    assert eva.check_password("a-long-secret-2008")


def test_adding_a_user_whose_email_differs_only_in_case_is_explained(login, dora, alice):
    response = login(dora).post(
        "/admin/accounts/user/add/",
        {
            "email": "Alice@Amadora.example",
            "usable_password": "true",
            "password1": "a-long-secret-2008",
            "password2": "a-long-secret-2008",
        },
    )

    assertContains(response, "A user with this e-mail address already exists.")
    assertContains(response, 'value="Alice@Amadora.example"')
    assert list(User.objects.values_list("email", flat=True)) == [
        "alice@amadora.example",
        "dora@mile.example",
    ]


def test_someone_who_is_not_staff_is_sent_to_the_admin_login(login, alice):
    response = login(alice).get("/admin/accounts/user/")

    assertRedirects(
        response, "/admin/login/?next=/admin/accounts/user/", fetch_redirect_response=False
    )


# Who may give an account more than its own pages: only a superuser.
PRIVILEGE_INPUTS = ['name="is_staff"', 'name="is_superuser"', 'name="groups"',
                    'name="user_permissions"']  # fmt: skip


@pytest.fixture
def root(db):
    return UserFactory(email="root@mile.example", is_staff=True, is_superuser=True)


@pytest.fixture
def erin(team_group):
    """Another member of the team, without superuser status."""
    user = UserFactory(email="erin@mile.example", is_staff=True)
    user.groups.add(team_group)
    return user


def change_data(user, **changes):
    """The change form of `user` as its page posts it, with `changes`."""
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    return {**data, **changes}


def privileges(user) -> tuple:
    user.refresh_from_db()
    return (
        user.is_staff,
        user.is_superuser,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
    )


@pytest.mark.parametrize("whose", ["dora", "alice"])
def test_a_team_member_who_is_not_a_superuser_sees_privileges_read_only(
    request, login, dora, alice, whose
):
    user = request.getfixturevalue(whose)

    response = login(dora).get(f"/admin/accounts/user/{user.pk}/change/")

    assertContains(response, f'name="email" value="{user.email}"')
    page = response.content.decode()
    assert [name for name in PRIVILEGE_INPUTS if name in page] == []


@pytest.mark.parametrize("whose", ["dora", "alice"])
def test_privileges_posted_by_a_team_member_who_is_not_a_superuser_change_nothing(
    request, login, dora, alice, team_group, whose
):
    user = request.getfixturevalue(whose)
    before = privileges(user)
    permission = Permission.objects.get(codename="change_group")
    tampered = change_data(
        user,
        first_name="Renamed",
        is_staff="on",
        is_superuser="on",
        groups=[team_group.pk],
        user_permissions=[permission.pk],
    )

    response = login(dora).post(f"/admin/accounts/user/{user.pk}/change/", tampered)

    assertRedirects(response, "/admin/accounts/user/", fetch_redirect_response=False)
    assert privileges(user) == before
    assert user.first_name == "Renamed"  # the rest of the form is saved as usual


def test_a_user_added_by_a_team_member_with_privileges_posted_gets_none(login, dora, team_group):
    login(dora).post(
        "/admin/accounts/user/add/",
        {
            "email": "eva@sevilla.example",
            "usable_password": "true",
            "password1": "a-long-secret-2008",
            "password2": "a-long-secret-2008",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [team_group.pk],
        },
    )

    assert privileges(User.objects.get(email="eva@sevilla.example")) == (False, False, [], [])


@pytest.mark.parametrize("whose", ["root", "erin"])
def test_a_team_member_who_is_not_a_superuser_cannot_edit_staff_accounts(
    request, login, dora, whose
):
    user = request.getfixturevalue(whose)
    client = login(dora)
    change = f"/admin/accounts/user/{user.pk}/change/"

    page = client.get(change)
    posted = client.post(change, change_data(user, email="dora+taken@mile.example"))
    password = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "dora-knows-this-1", "password2": "dora-knows-this-1",
         "usable_password": "true"},
    )  # fmt: skip
    deleted = client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})

    # The page is shown read-only; every write is refused.
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="email"' not in page.content.decode()
    assert (posted.status_code, password.status_code, deleted.status_code) == (403, 403, 403)
    user.refresh_from_db()
    assert user.email == f"{whose}@mile.example"
    assert user.check_password(PASSWORD)


def test_a_superuser_gives_and_takes_privileges(login, root, alice, dora, team_group):
    client = login(root)

    given = client.post(
        f"/admin/accounts/user/{alice.pk}/change/",
        change_data(alice, is_staff="on", groups=[team_group.pk]),
    )
    taken = client.post(f"/admin/accounts/user/{dora.pk}/change/", change_data(dora))

    assertRedirects(given, "/admin/accounts/user/", fetch_redirect_response=False)
    assertRedirects(taken, "/admin/accounts/user/", fetch_redirect_response=False)
    assert privileges(alice) == (True, False, [team_group.name], [])
    assert privileges(dora) == (False, False, [], [])


def test_a_superuser_changes_a_team_members_password(login, root, dora):
    response = login(root).post(
        f"/admin/accounts/user/{dora.pk}/password/",
        {"password1": "a-new-secret-2031", "password2": "a-new-secret-2031",
         "usable_password": "true"},
    )  # fmt: skip

    assertRedirects(response, f"/admin/accounts/user/{dora.pk}/change/")
    dora.refresh_from_db()
    assert dora.check_password("a-new-secret-2031")
