"""Brute force: allauth refuses a login after too many failures, and the admin has no login form
of its own that would escape the limit.

ACCOUNT_RATE_LIMITS["login_failed"] is "10/m/ip,5/5m/key": five failures for one address in five
minutes, or ten from one IP address in a minute. The limits live in the cache (Redis in CI and
production); tests/conftest.py empties it around every test.
"""

import types

import pytest
from allauth.core.internal import ratelimit
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

TOO_MANY = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."


@pytest.fixture
def clock(monkeypatch):
    """allauth's rate-limit clock, moved forward by the test instead of waiting."""
    import time

    now = [time.time()]
    fake = types.SimpleNamespace(time=lambda: now[0], monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", fake)

    def advance(seconds):
        now[0] += seconds

    return advance


def log_in(client, email, password, next_url=None):
    data = {"login": email, "password": password}
    url = reverse("account_login")
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, data)


def errors(response) -> list[str]:
    return response.context["form"].non_field_errors()


def test_the_sixth_attempt_for_one_address_is_refused_even_with_the_right_password(
    client, alice, clock
):
    for _ in range(5):
        response = log_in(client, alice.email, "not-the-password")
        assert response.status_code == 200
        assert errors(response) == [WRONG]

    refused = log_in(client, alice.email, PASSWORD)

    assert refused.status_code == 200
    assert errors(refused) == [TOO_MANY]
    assert TOO_MANY in refused.content.decode()
    assert "_auth_user_id" not in client.session

    clock(4 * 60)
    still = log_in(client, alice.email, PASSWORD)
    assert errors(still) == [TOO_MANY]
    assert "_auth_user_id" not in client.session

    clock(61)  # the five-minute window of the first failure has passed
    accepted = log_in(client, alice.email, PASSWORD)
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_success_does_not_count_as_a_failure(client, alice):
    for _ in range(4):
        log_in(client, alice.email, "not-the-password")
    assert log_in(client, alice.email, PASSWORD).status_code == 302
    client.logout()

    # The four failures still count: one more is the fifth, the sixth is refused.
    assert errors(log_in(client, alice.email, "not-the-password")) == [WRONG]
    assert errors(log_in(client, alice.email, PASSWORD)) == [TOO_MANY]


def test_the_eleventh_attempt_from_one_ip_address_is_refused_whatever_the_address(
    client, alice, clock
):
    for number in range(10):
        response = log_in(client, f"guess{number}@amadora.example", "not-the-password")
        assert errors(response) == [WRONG]

    refused = log_in(client, alice.email, PASSWORD)

    assert errors(refused) == [TOO_MANY]
    assert "_auth_user_id" not in client.session
    # Another IP address is not blocked by this one's failures.
    other = log_in(client.__class__(REMOTE_ADDR="192.0.2.7"), alice.email, PASSWORD)
    assert other.status_code == 302

    clock(61)
    assert log_in(client, alice.email, PASSWORD).status_code == 302


def test_the_admin_login_is_allauths_login(client, dora):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    # A password posted to the admin's old form is not even looked at.
    posted = client.post("/admin/login/", {"username": dora.email, "password": PASSWORD})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/accounts/login/?next=")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_rate_limited_the_same_way(client, dora):
    for _ in range(5):
        response = log_in(client, dora.email, "not-the-password", next_url="/admin/")
        assert errors(response) == [WRONG]

    refused = log_in(client, dora.email, PASSWORD, next_url="/admin/")

    assert errors(refused) == [TOO_MANY]
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"] == "/admin/login/?next=/admin/"


def test_staff_log_in_through_allauth_and_reach_the_admin(client, dora):
    response = log_in(client, dora.email, PASSWORD, next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_outside_the_staff_gets_no_admin_through_the_admin_login(client, bob):
    response = log_in(client, bob.email, PASSWORD, next_url="/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)

    assert client.get("/admin/login/?next=/admin/").status_code == 403
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"] == "/admin/login/?next=/admin/"
    assert client.get("/admin/accounts/user/").status_code == 302


def test_an_inactive_staff_member_cannot_log_in(client, db):
    former = UserFactory(email="former@mile.example", is_staff=True, is_active=False)

    response = log_in(client, former.email, PASSWORD, next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.fixture
def colleague(db):
    """Another member of staff, whose password the signed-in team member happens to know."""
    return UserFactory(email="erin@mile.example", is_staff=True)


def test_a_signed_in_team_member_cannot_become_another_account_through_the_admin_login(
    login, dora, colleague
):
    client = login(dora)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": colleague.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(dora.pk)


def test_the_admin_login_checks_no_password_so_guesses_there_escape_no_limit(
    login, dora, colleague
):
    client = login(dora)
    # Guesses at the admin login, the right password last, are never looked at...
    for password in [*(f"guess-{number}" for number in range(10)), PASSWORD]:
        response = client.post("/admin/login/", {"username": colleague.email, "password": password})
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(dora.pk)
    client.logout()

    # ...so the only place a password is checked, allauth's login, keeps its count: five tries.
    for _ in range(5):
        assert errors(log_in(client, colleague.email, "not-the-password")) == [WRONG]
    assert errors(log_in(client, colleague.email, PASSWORD)) == [TOO_MANY]


def test_a_signed_in_team_member_changes_their_password_through_allauths_limited_form(login, dora):
    client = login(dora)

    for method in (client.get, client.post):
        response = method("/admin/password_change/", {"old_password": "a-guess"})
        assert response.status_code == 302
        assert response["Location"] == reverse("account_change_password")
