"""Bad input on the member forms: a clear message, the typed values kept, nothing changed."""

import pytest
from django.utils.html import escape
from pytest_django.asserts import assertContains

from learningsets.models import Member
from tests.factories import MemberFactory

MEMBER_ROW = ("learning_set", "name", "email", "organisation", "position", "actor_type", "user")
REQUIRED = ["This field is required."]
NOT_AVAILABLE = ["Select a valid choice. That choice is not one of the available choices."]
DUPLICATE = "This e-mail address is already a member of this learning set."


def member_rows():
    return list(Member.objects.order_by("pk").values_list(*MEMBER_ROW))


@pytest.fixture(params=["add", "edit"])
def form_url(request, login, alice, bob_member):
    """A member form of Amadora, adding or editing Ana; logs the client in as alice."""
    login(alice)
    if request.param == "add":
        return "/partners/amadora/manage/members/add/"
    ana = MemberFactory(
        learning_set=bob_member.learning_set,
        name="Ana Silva",
        email="ana@amadora.example",
        organisation="IEFP",
        actor_type=Member.ActorType.INSTITUTION,
    )
    return f"/partners/amadora/manage/members/{ana.pk}/edit/"


@pytest.fixture
def typed(als):
    """What the contact typed: valid unless a test spoils it."""
    return {
        "learning_set": str(als.pk),
        "name": "Eva Costa",
        "email": "eva@amadora.example",
        "organisation": "Associação Cultural Moinho da Juventude",
        "position": "Intercultural mediator",
        "actor_type": "community",
    }


def assert_shows_again(response, data):
    """The form is on the page again with every value the person typed."""
    assertContains(response, '<form method="post" novalidate>')
    for name in ["name", "email", "organisation", "position"]:
        if data.get(name):
            assertContains(response, f'name="{name}" value="{escape(data[name])}"')
    for name in ["learning_set", "actor_type"]:
        if data.get(name):
            assert response.context["form"][name].value() == data[name]


def test_a_duplicate_email_in_the_same_learning_set_is_refused(client, form_url, typed):
    typed["email"] = "BOB@Amadora.example"
    before = member_rows()

    response = client.post(form_url, typed)

    assert response.context["form"].errors == {"__all__": [DUPLICATE]}
    assertContains(response, f"<li>{DUPLICATE}</li>", html=True)
    assert_shows_again(response, typed)
    assert member_rows() == before


def test_a_bad_email_is_refused(client, form_url, typed):
    typed["email"] = "eva at amadora"
    before = member_rows()

    response = client.post(form_url, typed)

    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assertContains(response, "Enter a valid email address.")
    assert_shows_again(response, typed)
    assert member_rows() == before


def test_missing_required_fields_are_named(client, form_url, typed):
    typed.update(name="", organisation="  ", actor_type="")
    before = member_rows()

    response = client.post(form_url, typed)

    assert response.context["form"].errors == {
        "name": REQUIRED,
        "organisation": REQUIRED,
        "actor_type": REQUIRED,
    }
    assertContains(response, "This field is required.", count=3)
    assert_shows_again(response, typed)
    assert member_rows() == before


def test_an_empty_post_asks_for_every_required_field(client, form_url):
    before = member_rows()

    response = client.post(form_url, {})

    assert response.context["form"].errors == {
        "learning_set": REQUIRED,
        "name": REQUIRED,
        "email": REQUIRED,
        "organisation": REQUIRED,
        "actor_type": REQUIRED,
    }
    assertContains(response, "This field is required.", count=5)
    assert member_rows() == before


def test_a_learning_set_of_another_partner_is_not_a_choice(client, form_url, typed, other_als):
    typed["learning_set"] = str(other_als.pk)
    before = member_rows()

    response = client.post(form_url, typed)

    assert response.context["form"].errors == {"learning_set": NOT_AVAILABLE}
    assertContains(response, NOT_AVAILABLE[0])
    assert_shows_again(response, typed | {"learning_set": None})
    assert member_rows() == before


def test_a_learning_set_that_is_not_a_number_is_not_a_choice(client, form_url, typed):
    typed["learning_set"] = "ALS Amadora"
    before = member_rows()

    response = client.post(form_url, typed)

    assert response.context["form"].errors == {"learning_set": NOT_AVAILABLE}
    assert_shows_again(response, typed | {"learning_set": None})
    assert member_rows() == before


def test_an_unknown_type_of_actor_is_refused(client, form_url, typed):
    typed["actor_type"] = "mayor"
    before = member_rows()

    response = client.post(form_url, typed)

    message = "Select a valid choice. mayor is not one of the available choices."
    assert response.context["form"].errors == {"actor_type": [message]}
    assertContains(response, message)
    assert_shows_again(response, typed)
    assert member_rows() == before


def test_values_over_the_maximum_length_are_refused(client, form_url, typed):
    typed.update(
        name="N" * 201,
        organisation="O" * 201,
        position="P" * 250,
        email="e" * 250 + "@amadora.example",
    )
    before = member_rows()

    response = client.post(form_url, typed)

    assert response.context["form"].errors == {
        "name": ["Ensure this value has at most 200 characters (it has 201)."],
        "email": ["Ensure this value has at most 254 characters (it has 266)."],
        "organisation": ["Ensure this value has at most 200 characters (it has 201)."],
        "position": ["Ensure this value has at most 200 characters (it has 250)."],
    }
    assertContains(response, "Ensure this value has at most 200 characters (it has 201).", count=2)
    assertContains(response, "Ensure this value has at most 254 characters (it has 266).")
    assert_shows_again(response, typed)
    assert member_rows() == before


def test_markup_typed_into_a_field_is_kept_as_text(client, form_url, typed):
    typed.update(name='<script>alert("x")</script>', email="not an email")
    before = member_rows()

    response = client.post(form_url, typed)

    assert "<script>alert" not in response.content.decode()
    assert_shows_again(response, typed)
    assert member_rows() == before
