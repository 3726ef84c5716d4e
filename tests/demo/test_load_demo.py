"""`manage.py load_demo`: the MILE demo data, idempotent, with working logins."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pytest_django.asserts import assertRedirects

from learningsets.models import LearningSet, Member
from partners.models import Partner

User = get_user_model()

LOGINS = [
    ("Management team (admin)", "team@mile.example"),
    ("Partner contact, Amadora", "contact.amadora@mile.example"),
    ("ALS member, Amadora", "economy-councillor@amadora.mile.example"),
    ("Partner contact, Lisboa e Vale do Tejo", "contact.lisboa-e-vale-do-tejo@mile.example"),
    (
        "ALS member, Lisboa e Vale do Tejo",
        "enterprise-manager@lisboa-e-vale-do-tejo.mile.example",
    ),
    ("Partner contact, Komotini", "contact.komotini@mile.example"),
    ("ALS member, Komotini", "economy-councillor@komotini.mile.example"),
    (
        "Partner contact, East Macedonia and Thrace",
        "contact.east-macedonia-and-thrace@mile.example",
    ),
    (
        "ALS member, East Macedonia and Thrace",
        "enterprise-manager@east-macedonia-and-thrace.mile.example",
    ),
    ("Partner contact, Sevilla", "contact.sevilla@mile.example"),
    ("ALS member, Sevilla", "economy-councillor@sevilla.mile.example"),
    ("Partner contact, Andalucía", "contact.andalucia@mile.example"),
    ("ALS member, Andalucía", "enterprise-manager@andalucia.mile.example"),
    ("Partner contact, Torino", "contact.torino@mile.example"),
    ("ALS member, Torino", "economy-councillor@torino.mile.example"),
    ("Partner contact, Piemonte", "contact.piemonte@mile.example"),
    ("ALS member, Piemonte", "enterprise-manager@piemonte.mile.example"),
]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "partners": Partner.objects.count(),
        "learning sets": LearningSet.objects.count(),
        "members": Member.objects.count(),
        "users": User.objects.count(),
        "linked members": Member.objects.filter(user__isnull=False).count(),
    }


@pytest.fixture
def demo(db):
    return load_demo()


def test_it_prints_every_demo_login_with_the_password(demo):
    width = max(len(role) for role, _ in LOGINS)

    # Later parts of MILE may print more after these lines.
    assert demo.splitlines()[: len(LOGINS) + 3] == [
        "MILE demo data is loaded.",
        "Demo logins (password for all: mile-demo-2008):",
        *(f"  {role.ljust(width)}  {email}" for role, email in LOGINS),
        "Open http://127.0.0.1:8000/ and log in at /accounts/login/.",
    ]


def test_it_loads_four_cities_and_their_sister_regions_with_three_sets_each(demo):
    assert counts() == {
        "partners": 8,
        "learning sets": 24,
        "members": 56,
        "users": 17,
        "linked members": 8,
    }


def test_running_it_twice_changes_nothing(demo):
    before = (counts(), list(Member.objects.order_by("pk").values_list()))

    second = load_demo()

    assert (counts(), list(Member.objects.order_by("pk").values_list())) == before
    assert second == demo


def test_each_city_is_paired_with_its_real_sister_region(demo):
    pairs = Partner.objects.filter(kind=Partner.Kind.CITY).values_list(
        "name", "sister_region__name", "country"
    )

    assert list(pairs) == [
        ("Amadora", "Lisboa e Vale do Tejo", "PT"),
        ("Komotini", "East Macedonia and Thrace", "GR"),
        ("Sevilla", "Andalucía", "ES"),
        ("Torino", "Piemonte", "IT"),
    ]


def test_each_partner_has_a_learning_set_per_sub_theme(demo):
    for partner in Partner.objects.all():
        assert list(partner.learning_sets.values_list("sub_theme__number", flat=True)) == [
            1,
            2,
            3,
        ]


def test_the_managing_authority_sits_in_each_of_its_citys_learning_sets(demo):
    amadora_managing_authority = Member.objects.filter(
        learning_set__partner__slug="amadora", actor_type=Member.ActorType.MANAGING_AUTHORITY
    ).values_list("learning_set__sub_theme__number", "email", "organisation")

    assert list(amadora_managing_authority) == [
        (
            number,
            "programme-manager@lisboa-e-vale-do-tejo.mile.example",
            "CCDR Lisboa e Vale do Tejo",
        )
        for number in (1, 2, 3)
    ]


def test_each_partner_has_its_contact(demo):
    assert [
        (partner.slug, [user.email for user in partner.contacts.all()])
        for partner in Partner.objects.filter(slug__in=["amadora", "piemonte"])
    ] == [
        ("amadora", ["contact.amadora@mile.example"]),
        ("piemonte", ["contact.piemonte@mile.example"]),
    ]


def test_every_demo_login_logs_in_with_the_printed_password(client, demo):
    logged_in = []
    for _, email in LOGINS:
        response = client.post("/accounts/login/", {"login": email, "password": "mile-demo-2008"})
        assertRedirects(response, "/my/", fetch_redirect_response=False)
        logged_in.append(User.objects.get(pk=client.session["_auth_user_id"]).email)
        client.logout()

    assert logged_in == [email for _, email in LOGINS]


def test_the_team_login_is_staff_in_the_management_team_group(demo):
    team = User.objects.get(email="team@mile.example")

    assert (team.is_staff, team.is_superuser) == (True, False)
    assert list(team.groups.values_list("name", flat=True)) == ["MILE management team"]
    assert {
        "accounts.add_user",
        "partners.change_partner",
        "learningsets.add_member",
        "learningsets.change_member",
        "learningsets.delete_member",
        "learningsets.view_commonbasicprinciple",
    } <= team.get_all_permissions()


def test_the_team_login_can_open_the_administration(client, demo):
    client.post("/accounts/login/", {"login": "team@mile.example", "password": "mile-demo-2008"})

    response = client.get("/admin/learningsets/member/")

    assert response.context["cl"].result_count == 56


def test_a_demo_member_sees_their_learning_set_on_the_dashboard(client, demo):
    client.post(
        "/accounts/login/",
        {"login": "economy-councillor@amadora.mile.example", "password": "mile-demo-2008"},
    )

    response = client.get("/my/")

    assert [learning_set.name for learning_set in response.context["my_learning_sets"]] == [
        "ALS Amadora — Enterprise support and development"
    ]
