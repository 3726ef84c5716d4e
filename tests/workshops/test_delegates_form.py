"""The fields of the delegates form offer the members as they are now: never a member who is a
delegate already, never an old name, and a posted form always shows its own errors and input."""

import re

import pytest

from learningsets import services as members
from tests.factories import MemberFactory
from tests.pages import browser_of, token_after
from workshops import services

URL = "/workshops/amadora-2008/delegates/amadora/"


@pytest.fixture
def people(als):
    """Ana and Bruno, of the learning set on the sub-theme of `workshop` (tests/workshops)."""
    return [MemberFactory(learning_set=als, name=name) for name in ("Ana", "Bruno")]


def chosen_from(html: str) -> list[str]:
    """The names of the members offered in the form."""
    labels = re.findall(r'class="form-check-label">\s*(.*?)\s*</label>', html, re.S)
    return [label.split(" — ")[0] for label in labels]


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_offers_the_members_of_the_learning_set(alice, workshop, people):
    assert chosen_from(page(browser_of(alice))) == ["Ana", "Bruno"]


def test_a_member_registered_leaves_the_choices_at_once(alice, amadora, workshop, people):
    alices = browser_of(alice)
    page(alices)

    services.delegates_register(workshop=workshop, partner=amadora, members=people[:1], by=alice)

    assert chosen_from(page(alices)) == ["Bruno"]


def test_a_member_added_or_renamed_shows_in_the_choices_at_once(alice, als, workshop, people):
    alices = browser_of(alice)
    page(alices)

    members.member_create(
        learning_set=als, name="Carla", email="carla@amadora.example",
        organisation="IEFP", actor_type=people[0].actor_type,
    )  # fmt: skip
    members.member_update(member=people[1], learning_set=als, name="Bruno Reis")

    assert chosen_from(page(alices)) == ["Ana", "Bruno Reis", "Carla"]


def test_a_posted_form_shows_its_own_errors_and_input(alice, workshop, people):
    alices = browser_of(alice)
    html = page(alices)

    response = alices.post(
        URL,
        {"csrfmiddlewaretoken": token_after(html), "name": "Eva Lopes"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Needed to add a new person.") == 3  # e-mail, organisation, type of actor
    assert 'value="Eva Lopes"' in body
