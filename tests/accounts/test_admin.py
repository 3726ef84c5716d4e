"""The management team's user administration."""

import pytest
from django.contrib.auth import get_user_model
from pytest_django.asserts import assertContains, assertRedirects

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
