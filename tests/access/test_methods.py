"""Every URL of the access matrix answers only the methods it serves, and a page made for
somebody logged in is private: no cache along the way keeps it, nor the browser.

The site serves GET, HEAD and POST (common.middleware.served_methods): any other method gets 405
before a view runs, ours, the admin's or allauth's. Each of the site's views serves only some of
these: a POST to a page that is only read gets 405 too (its `@require_safe`).
"""

import pytest
from django.contrib.auth.views import redirect_to_login

from tests.access.pages import ROLES, pages, rolled_back_world, site_pages
from tests.access.pages.expectations import changes, database_rows

pytestmark = pytest.mark.django_db

NOT_SERVED = ("PUT", "PATCH", "DELETE", "TRACE", "OPTIONS")
NOT_STORED = {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}
PUBLIC_PAGES = ("home", "partners:list", "workshops:list", "workshops:detail")
# Asked for by load balancers and monitors: no cache along the way may answer for the process.
# A person's calendar feed is fetched without a session: no cache may keep their calendar.
NEVER_STORED = ("health_live", "health_ready", "calendar_feed")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back_world(django_db_blocker) as built:
        yield built


def paths(listed) -> list[str]:
    return list(dict.fromkeys(page.path for page in listed))


def read_only(listed) -> list[str]:
    """The paths of the views the matrix never sends a POST to: pages that are only read."""
    posted = {page.name for page in listed if page.method == "POST"}
    return paths(page for page in listed if page.name not in posted)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", NOT_SERVED)
def test_no_url_answers_a_method_the_site_does_not_serve(world, client, method, role):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    before = database_rows()

    answered = {
        path: (response.status_code, response.get("Allow"))
        for path in paths(pages(world))
        for response in [client.generic(method, path)]
    }

    wrong = {path: got for path, got in answered.items() if got != (405, "GET, HEAD, POST")}
    assert not wrong, f"{method} as {role} did not get 405 with Allow: GET, HEAD, POST: {wrong}"
    assert not changes(before, database_rows())


@pytest.mark.parametrize("role", ROLES)
def test_a_page_of_the_site_that_is_only_read_refuses_a_post(world, client, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    read = read_only(site_pages(world))
    before = database_rows()

    wrong = {}
    for path in read:
        response = client.post(path)
        if response.status_code == 405:
            if "GET" not in response["Allow"] or "POST" in response["Allow"]:
                wrong[path] = f"405 with Allow: {response['Allow']}"
        # A page for the logged-in sends a visitor to log in first, whatever the method.
        elif user is not None or response.get("Location") != redirect_to_login(path).url:
            wrong[path] = response.status_code

    assert len(read) > 20  # every page that shows something and takes no form
    assert not wrong, f"POST as {role}: {wrong}"
    assert not changes(before, database_rows())


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_page_shown_to_somebody_logged_in_is_private_and_not_stored(world, client, role):
    client.force_login(world.users[role])
    shown = [
        page for page in pages(world) if page.method == "GET" and page.expect[role].status == 200
    ]

    wrong = {
        page.key: response.get("Cache-Control")
        for page in shown
        for response in [client.get(page.path)]
        if set(response.get("Cache-Control", "").split(", ")) != NOT_STORED
    }

    assert len(shown) > 20
    assert not wrong, f"as {role}: {wrong}"


def test_the_public_pages_are_each_visitor_s_own_with_the_language_menu(world, client):
    """The language menu in every page's header is a form with the visitor's CSRF token: no
    cache along the way may hand one visitor's page to another (README, Performance)."""
    shown = {
        page.name: page.path
        for page in site_pages(world)
        if page.name in PUBLIC_PAGES and page.expect["anonymous"].status == 200
    }

    for name, path in shown.items():
        first, again = client.get(path), client.get(path)  # the second with the cookie
        for response in (first, again):
            assert response.status_code == 200, name
            assert set(response["Cache-Control"].split(", ")) == NOT_STORED, name
            assert 'action="/i18n/setlang/"' in response.text, name
            assert 'name="csrfmiddlewaretoken"' in response.text, name
    assert set(shown) == set(PUBLIC_PAGES)


def test_a_page_shown_to_a_visitor_is_private_when_it_sets_a_cookie(world, client):
    """A form's CSRF cookie is the visitor's own; a page without one is the same for all."""
    shown = [
        page
        for page in pages(world)
        if page.method == "GET" and page.expect["anonymous"].status == 200
    ]

    ours = {page.name for page in site_pages(world)}
    private, wrong = set(), {}
    for page in shown:
        client.cookies.clear()
        response = client.get(page.path)
        cache_control = response.get("Cache-Control")
        if response.cookies:
            private.add(page.name)
            if set((cache_control or "").split(", ")) != NOT_STORED:
                wrong[page.key] = cache_control
        elif page.name in NEVER_STORED:
            if set((cache_control or "").split(", ")) != NOT_STORED:
                wrong[page.key] = cache_control
        elif page.name in ours and cache_control is not None:  # allauth sets its own
            wrong[page.key] = cache_control

    assert not wrong, wrong
    assert {"workshops:invitation", "account_invitation", "account_login"} <= private
    assert not private & set(NEVER_STORED)
