"""Logged-in pages show what the data is now, whatever wrote it (a service, a QuerySet.update(),
raw SQL), each person gets their own page, and a change by the clock shows at that moment."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from learningsets.models import Member
from proposals import comments, services
from tests.factories import UserFactory
from tests.pages import browser_of, main_text, token_after
from tests.proposals.factories import make_proposal
from tests.workshops.factories import enterprise_workshop
from workshops import services as registrations
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db

MY_PARTNER = "/partners/amadora/manage/"
DELEGATES = "/workshops/amadora-2008/delegates/amadora/"


def html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_kind_of_write_shows_at_once(alice, ana, workshop):
    alices = browser_of(alice)
    html(alices, MY_PARTNER)

    registrations.delegates_register(
        workshop=workshop, partner=workshop.host, members=[ana], by=alice
    )
    assert "1 of 3 places taken" in html(alices, MY_PARTNER)

    Member.objects.filter(pk=ana.pk).update(name="Ana Maria Costa")  # no signal
    assert "Ana Maria Costa" in html(alices, MY_PARTNER)

    with connection.cursor() as cursor:  # no ORM at all
        cursor.execute("UPDATE learningsets_member SET name = %s WHERE id = %s", ["Ana M.", ana.pk])
    assert "Ana M." in main_text(alices.get(MY_PARTNER))

    Registration.objects.filter(member=ana).delete()
    assert "0 of 3 places taken" in html(alices, MY_PARTNER)


def test_each_person_gets_their_own_page_and_losing_access_turns_them_away(alice, amadora, bob):
    alices = browser_of(alice)
    assert alice.email in html(alices, MY_PARTNER)
    ines = UserFactory(email="ines@amadora.example")
    amadora.contacts.add(ines)

    ineses_page = html(browser_of(ines), MY_PARTNER)

    assert "ines@amadora.example" in ineses_page and alice.email not in ineses_page
    assert browser_of(bob).get(MY_PARTNER).status_code == 404  # a member, not a contact
    amadora.contacts.remove(alice)
    assert alices.get(MY_PARTNER).status_code == 404


def test_a_message_is_shown_once_and_a_form_of_another_browser_is_accepted(alice, ana):
    laptop, alices = browser_of(alice), browser_of(alice)  # each with a CSRF cookie of its own
    html(laptop, MY_PARTNER)
    page = html(alices, MY_PARTNER)
    invite = f"/partners/amadora/manage/members/{ana.pk}/invite/"

    response = alices.post(invite, {"csrfmiddlewaretoken": token_after(page, invite)}, follow=True)

    sent = "Ana Costa will get an e-mail to create their account."
    assert sent in main_text(response)
    after = main_text(alices.get(MY_PARTNER))
    assert "Invite again" in after and sent not in after


def test_registration_opening_by_the_clock_shows_at_that_moment(alice, als, amadora, komotini):
    opens = timezone.now() + dt.timedelta(minutes=2)
    workshop = enterprise_workshop(host=amadora, invited=[amadora], learning_set=als)
    Workshop.objects.filter(pk=workshop.pk).update(registration_opens_at=opens)
    alices = browser_of(alice)
    closed = main_text(alices.get(DELEGATES))
    assert "Registration for Enterprise development opens on" in closed
    assert "Add a new person" not in closed
    assert "Registration is not open" in html(alices, MY_PARTNER)

    later = opens + dt.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        opened = main_text(alices.get(DELEGATES))
        assert "Registration for Enterprise development opens on" not in opened
        assert "Add a new person" in opened
        assert "Registration is open" in html(alices, MY_PARTNER)


def test_the_polled_delegates_table_shows_a_status_change_at_once(alice, ana, dora, workshop):
    (registration,) = registrations.delegates_register(
        workshop=workshop, partner=workshop.host, members=[ana], by=alice
    )
    alices = browser_of(alice)

    def poll() -> str:
        response = alices.get(DELEGATES + "table/", headers={"HX-Request": "true"})
        assert response.status_code == 200
        return response.content.decode()

    polled = poll()
    assert "Invited" in polled and "Confirmed" not in polled

    registrations.registration_set_status(
        registration=registration, status=Registration.Status.CONFIRMED, by=dora
    )

    assert "Confirmed" in poll()


def test_the_proposal_page_shows_a_save_and_a_comment_at_once(als, bob, dora):
    proposal = make_proposal(als, by=bob)
    url = f"/proposals/{proposal.pk}/"
    bobs = browser_of(bob)
    assert "Bob's summary." not in main_text(bobs.get(url))
    summary = proposal.sections.get(key="summary")

    services.section_save(section=summary, text="Bob's summary.", version=0, by=bob)
    assert "Summary (Markdown) Bob's summary. 14 / 1 500" in main_text(bobs.get(url))
    comments.comment_add(proposal=proposal, section=summary, body="Numbers, please.", by=dora)
    assert "Numbers, please." in main_text(bobs.get(url))


def test_the_registration_overview_shows_a_status_change_at_once(alice, ana, dora, workshop):
    (registration,) = registrations.delegates_register(
        workshop=workshop, partner=workshop.host, members=[ana], by=alice
    )
    url = f"/admin/workshops/workshop/{workshop.pk}/registrations/"
    doras = browser_of(dora)
    totals = "Registered Invited Confirmed Declined Attended No-show 2 0 2 1 / 6 0"
    main_text(doras.get(url))
    assert f"{totals} 1 0 0 0 0" in main_text(doras.get(url))  # one invited

    registrations.registration_set_status(
        registration=registration, status=Registration.Status.CONFIRMED, by=dora
    )

    assert f"{totals} 0 1 0 0 0" in main_text(doras.get(url))
    assert browser_of(alice).get(url).status_code == 302  # not staff: to the admin's login
