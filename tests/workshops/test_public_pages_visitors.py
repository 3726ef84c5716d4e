"""The public pages seen by visitors without a session and by people logged in: a change of data
or by the clock shows at once, and a logged-in person gets the page made for them."""

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import PartnerFactory
from tests.pages import main_text
from workshops.models import Workshop

PUBLIC_PAGES = ["/", "/workshops/", "/workshops/{slug}/"]


@pytest.fixture
def pages(workshop):
    return [page.format(slug=workshop.slug) for page in PUBLIC_PAGES]


def test_a_change_of_data_shows_at_once(client, pages, workshop):
    client.get("/")
    client.get(pages[2])

    PartnerFactory(name="Heraklion")
    workshop.venue = "Cine-Teatro"
    workshop.save()

    assertContains(client.get("/"), "Heraklion")
    assertContains(client.get(pages[2]), "Cine-Teatro")


def test_a_logged_in_user_gets_the_page_made_for_them(client, pages, alice):
    for page in pages:
        client.get(page)  # seen by a visitor without a session first
    logged_in = Client()
    logged_in.force_login(alice)

    for page in pages:
        response = logged_in.get(page)
        assertContains(response, "My MILE")
        assertNotContains(response, ">Log in</a>")
    assert "Register delegates" in main_text(logged_in.get(pages[2]))


def test_a_waiting_message_is_shown_once(client, alice):
    client.get("/")
    client.force_login(alice)

    response = client.post("/accounts/logout/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assertContains(response, "You have signed out.")
    assertContains(response, ">Log in</a>")
    assertNotContains(client.get("/"), "You have signed out.")  # shown once


def test_a_page_not_found_then_made_is_shown(client, workshop):
    assert client.get("/workshops/not-yet/").status_code == 404
    Workshop.objects.filter(pk=workshop.pk).update(slug="not-yet")

    response = client.get("/workshops/not-yet/")
    assert (response.status_code, main_text(response).split(" ")[0]) == (200, "Workshops")
    assertContains(response, f"<h1>{workshop.title}</h1>", html=True)


def test_a_registration_opening_by_the_clock_shows_at_that_moment(client, workshop):
    start = timezone.now()
    workshop.registration_opens_at = start + dt.timedelta(seconds=30)
    workshop.save()
    page = f"/workshops/{workshop.slug}/"
    assert "Registration opens on" in main_text(client.get(page))

    later = start + dt.timedelta(seconds=31)  # past the opening
    with mock.patch("django.utils.timezone.now", return_value=later):
        text = main_text(client.get(page))

    assert "Registration open until" in text
