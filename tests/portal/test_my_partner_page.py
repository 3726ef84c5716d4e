"""'My partner' shows each workshop and each learning set as they are now: a change shows at
once, and its forms are accepted from whoever they were shown to."""

import datetime as dt
from types import SimpleNamespace

from learningsets import services as members
from learningsets.invitations import account_invitation_send
from tests.factories import UserFactory
from tests.pages import browser_of, token_after
from workshops import services as registrations

URL = "/partners/amadora/manage/"


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_another_contact_invites_with_the_token_of_their_page(alice, amadora, ana):
    page(browser_of(alice))
    ines = UserFactory(email="ines@amadora.example")
    amadora.contacts.add(ines)
    ineses = browser_of(ines)
    html = page(ineses)
    invite = f"/partners/amadora/manage/members/{ana.pk}/invite/"

    response = ineses.post(invite, {"csrfmiddlewaretoken": token_after(html, invite)})

    assert response.status_code == 302
    assert ana.account_invitations.get().sent_by == ines


def test_a_member_added_renamed_or_invited_shows_at_once(alice, als, ana):
    alices = browser_of(alice)
    page(alices)

    members.member_create(
        learning_set=als, name="Rui Lopes", email="rui@amadora.example",
        organisation="Amadora city council", actor_type=ana.actor_type,
    )  # fmt: skip
    assert "Rui Lopes" in page(alices)

    members.member_update(member=ana, learning_set=als, name="Ana Costa Silva")
    assert "Ana Costa Silva" in page(alices)

    account_invitation_send(member=ana, by=alice)
    assert 'Invite again<span class="visually-hidden"> (Ana Costa Silva)' in page(alices)


def test_a_delegate_registered_shows_at_once_with_the_places_taken(alice, ana, workshop):
    alices = browser_of(alice)
    assert "0 of 3 places taken" in page(alices)

    registrations.delegates_register(
        workshop=workshop, partner=workshop.host, members=[ana], by=alice
    )

    html = page(alices)
    assert "1 of 3 places taken" in html
    assert "Ana Costa, " in html


def test_a_registration_that_closes_shows_closed_without_any_change_of_data(
    alice, workshop, monkeypatch
):
    alices = browser_of(alice)
    assert "Register delegates<span" in page(alices)

    later = workshop.registration_closes_at + dt.timedelta(minutes=1)
    # The workshop's clock only: the session must not expire with it.
    monkeypatch.setattr("workshops.models.workshop.timezone", SimpleNamespace(now=lambda: later))

    html = page(alices)
    assert "See delegates<span" in html
    assert "Registration is not open" in html
