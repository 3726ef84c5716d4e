"""The public pages served whole from the cache to visitors without a session (mile/public_cache):
the same page for everyone who shares it, a change of data shown at once, a change by the clock
within PAGE_TIMEOUT, and never one visitor's page given to another."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from mile import public_cache
from mile.public_cache import PAGE_TIMEOUT
from tests.factories import PartnerFactory
from tests.pages import main_text
from workshops.models import Workshop

PUBLIC_PAGES = ["/", "/workshops/", "/workshops/{slug}/"]


@pytest.fixture
def pages(workshop):
    return [page.format(slug=workshop.slug) for page in PUBLIC_PAGES]


def test_a_visitor_without_a_session_gets_the_page_from_the_cache(
    client, pages, django_assert_num_queries
):
    for page in pages:
        first = client.get(page)
        with django_assert_num_queries(0):
            again = client.get(page)

        assert (again.status_code, again.content) == (200, first.content)
        assert again["Vary"] == "Cookie"


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
        client.get(page)  # cached for visitors without a session
    logged_in = Client()
    logged_in.force_login(alice)

    for page in pages:
        response = logged_in.get(page)
        assertContains(response, "My MILE")
        assertNotContains(response, ">Log in</a>")
    assert "Register delegates" in main_text(logged_in.get(pages[2]))


def test_a_waiting_message_is_shown_not_the_shared_page(client, alice):
    client.get("/")
    client.force_login(alice)

    response = client.post("/accounts/logout/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    assertContains(response, "You have signed out.")
    assertContains(response, ">Log in</a>")
    assertNotContains(client.get("/"), "You have signed out.")  # shown once, then shared again


def test_a_page_not_found_is_not_kept(client, workshop):
    assert client.get("/workshops/not-yet/").status_code == 404
    Workshop.objects.filter(pk=workshop.pk).update(slug="not-yet")

    response = client.get("/workshops/not-yet/")
    assert (response.status_code, main_text(response).split(" ")[0]) == (200, "Workshops")
    assertContains(response, f"<h1>{workshop.title}</h1>", html=True)


def test_a_registration_opening_by_the_clock_shows_within_the_page_timeout(
    client, workshop, settings
):
    # A local-memory cache, whose clock (time.time) the test can move; Redis keeps its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    start = timezone.now()
    workshop.registration_opens_at = start + dt.timedelta(seconds=30)
    workshop.save()
    page = f"/workshops/{workshop.slug}/"
    assert "Registration opens on" in main_text(client.get(page))

    later = PAGE_TIMEOUT + 31  # seconds: past the opening, and past the page's life
    with (
        mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(seconds=later)),
        mock.patch("time.time", return_value=time.time() + later),
    ):
        text = main_text(client.get(page))

    assert "Registration open until" in text


def test_a_page_with_a_form_is_never_shared(rf, db):
    renders = []

    @public_cache.whole_page
    def page_with_a_form(request):
        renders.append(get_token(request))
        return HttpResponse("<form method='post'>…</form>")

    for _ in range(2):
        page_with_a_form(rf.get("/with-a-form/"))

    assert len(renders) == 2
