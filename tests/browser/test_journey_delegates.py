"""Journey 1 in chromium: a partner contact registers delegates; a delegate confirms."""

import re

import pytest
from playwright.sync_api import expect

from outbox.models import Email
from tests.browser.conftest import assert_no_script_blocked, browser_test
from tests.factories import MemberFactory
from tests.workshops.factories import WorkshopFactory
from workshops.models import Registration

pytestmark = browser_test

INVITATION_PATH = re.compile(r"/workshops/invitation/[^/\s]+/")


@pytest.fixture
def workshop(amadora, komotini, als):
    return WorkshopFactory(
        title="Torino workshop",
        slug="torino",
        host=komotini,
        sub_theme=als.sub_theme,
        invited=[amadora, komotini],
        delegates_per_partner=3,
    )


@pytest.fixture
def people(als):
    return [
        MemberFactory(learning_set=als, name=name, organisation=f"{name}'s association")
        for name in ("Ana", "Bruno", "Carla")
    ]


def choice(name: str) -> str:
    """A member's label among the choices of the delegates form."""
    return f"{name} — {name}'s association (Practitioner)"


def statuses(page) -> list[tuple[str, str]]:
    """(name, status) of each row of the delegates table, the status without its 'since…'."""
    rows = page.locator("#delegates tbody tr")
    return [
        (
            rows.nth(i).locator("td").nth(0).inner_text(),
            rows.nth(i).locator("td").nth(3).inner_text().split(" since ")[0],
        )
        for i in range(rows.count())
    ]


def invitation_path(outbox, address: str) -> str:
    """The personal link in the invitation e-mail that was sent to `address`."""
    (message,) = [m for m in outbox if m.to == [address] and INVITATION_PATH.search(m.body)]
    return INVITATION_PATH.search(message.body)[0]


def test_a_contact_registers_three_delegates_and_one_confirms(
    open_page, alice, workshop, people, mailoutbox
):
    _, bruno, carla = people
    page = open_page(alice)

    page.get_by_role("link", name="Manage learning sets and members of Amadora").click()
    page.get_by_role("link", name="Register delegates for Torino workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegates of Amadora")
    page.get_by_label(choice("Ana")).check()
    page.get_by_label(choice("Bruno")).check()
    new_person = page.get_by_role("group", name="Add a new person")
    new_person.get_by_label("Name").fill("Eva Lopes")
    new_person.get_by_label("E-mail address").fill("eva@amadora.example")
    new_person.get_by_label("Organisation").fill("IEFP")
    new_person.get_by_label("Type of actor").select_option(label="Institution")
    page.get_by_role("button", name="Register", exact=True).click()

    expect(page.locator("#delegates")).to_contain_text("3 of 3 places taken")
    assert statuses(page) == [("Ana", "Invited"), ("Bruno", "Invited"), ("Eva Lopes", "Invited")]

    # A fourth delegate: the form says why and nothing is saved.
    page.get_by_label(choice("Carla")).check()
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.locator("form .alert-danger")).to_contain_text(
        "Amadora may send 3 delegates to Torino workshop and has registered 3: "
        "withdraw or replace a delegate first."
    )
    assert statuses(page) == [("Ana", "Invited"), ("Bruno", "Invited"), ("Eva Lopes", "Invited")]
    assert Registration.objects.filter(member=carla).count() == 0

    # Carla takes Bruno's place.
    page.get_by_role("link", name="Replace Bruno").click()
    page.get_by_label(choice("Carla")).check()
    page.get_by_role("button", name="Replace Bruno").click()
    expect(page.locator("#delegates")).to_contain_text("3 of 3 places taken")
    assert statuses(page) == [("Ana", "Invited"), ("Eva Lopes", "Invited"), ("Carla", "Invited")]
    assert list(
        Email.objects.filter(to=bruno.email).order_by("pk").values_list("kind", "status")
    ) == [
        ("invitation", "sent"),
        ("delegate_replaced", "sent"),
    ]

    # Eva opens her invitation from the e-mail, in a browser of her own, and confirms.
    assert Email.objects.get(kind="invitation", to="eva@amadora.example").status == "sent"
    delegate = open_page()
    delegate.goto(invitation_path(mailoutbox, "eva@amadora.example"))
    expect(delegate.get_by_role("heading", level=1)).to_have_text(
        "Will you come to Torino workshop?"
    )
    delegate.get_by_role("button", name="Confirm: I will come").click()
    expect(delegate.get_by_role("heading", level=1)).to_have_text(
        "Thank you: you are coming to Torino workshop"
    )

    page.reload()
    assert statuses(page) == [
        ("Ana", "Invited"),
        ("Eva Lopes", "Confirmed"),
        ("Carla", "Invited"),
    ]
    assert_no_script_blocked(open_page)
