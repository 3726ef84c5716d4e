"""Brute force: allauth refuses a login after too many failures, and the admin has no login form
of its own that would escape the limit.

settings.ACCOUNT_RATE_LIMITS (see accounts/login_limits.py): ten failures a minute from one client
IP address; five in five minutes (and ten in an hour) for one e-mail address from one client; thirty
in an hour for one e-mail address from anywhere. The limits live in the cache (Redis in CI and
production); tests/conftest.py empties it around every test.
"""

import os
import re
import subprocess
import sys
import types

import pytest
from allauth.core.internal import ratelimit
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

TOO_MANY = (
    "Too many failed attempts to log in with this e-mail address: logging in is paused for a "
    "while to protect the account."
)
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


def from_ip(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_a_strangers_failures_from_another_client_do_not_lock_the_owner_out(client, alice):
    stranger = from_ip("203.0.113.9")
    for _ in range(5):
        assert errors(log_in(stranger, alice.email, "not-the-password")) == [WRONG]
    # The stranger's own client is paused, even with the right password...
    assert errors(log_in(stranger, alice.email, PASSWORD)) == [TOO_MANY]
    assert "_auth_user_id" not in stranger.session

    # ...the owner, from theirs, is not.
    response = log_in(client, alice.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_one_client_is_paused_for_an_hour_after_ten_failures_for_one_address(alice, clock):
    stranger = from_ip("203.0.113.9")
    for _ in range(2):
        for _ in range(5):
            assert errors(log_in(stranger, alice.email, "not-the-password")) == [WRONG]
        clock(5 * 60 + 1)

    assert errors(log_in(stranger, alice.email, PASSWORD)) == [TOO_MANY]
    clock(50 * 60)  # an hour after the first failure
    assert log_in(stranger, alice.email, PASSWORD).status_code == 302


def test_failures_spread_over_many_clients_meet_the_ceiling_for_the_address(client, alice, clock):
    clients = [from_ip(f"198.51.100.{number}") for number in range(10)]
    for number in range(29):  # three failures from each client or fewer: none is paused
        stranger = clients[number % 10]
        assert errors(log_in(stranger, alice.email, "not-the-password")) == [WRONG]
    # Twenty-nine failures: the owner still logs in; a success counts nothing.
    assert log_in(client, alice.email, PASSWORD).status_code == 302
    client.logout()

    assert errors(log_in(clients[9], alice.email, "not-the-password")) == [WRONG]  # thirtieth
    refused = log_in(client, alice.email, PASSWORD)

    assert errors(refused) == [TOO_MANY]
    assert "_auth_user_id" not in client.session
    assert errors(log_in(from_ip("192.0.2.200"), alice.email, PASSWORD)) == [TOO_MANY]
    # Other addresses are not paused.
    assert log_in(from_ip("192.0.2.200"), "bob@amadora.example", "x").status_code == 200

    clock(60 * 60 + 1)
    assert log_in(client, alice.email, PASSWORD).status_code == 302


def test_the_pause_page_offers_a_password_reset_that_ends_the_pause(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(30):
        log_in(from_ip(f"198.51.100.{number}"), alice.email, "not-the-password")
    paused = log_in(client, alice.email, PASSWORD)
    assert errors(paused) == [TOO_MANY]
    reset = reverse("account_reset_password")
    assert f'<a href="{reset}">Set a new password by e-mail</a>' in paused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        client.post(reset, {"email": alice.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s)]+/)", mailoutbox[0].body)
    form = client.get(link[1], follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-secret-2008", "password2": "a-new-secret-2008"},
    )

    accepted = log_in(client, alice.email, "a-new-secret-2008")
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_wrong_password_page_does_not_offer_the_reset_as_a_pause(client, alice):
    response = log_in(client, alice.email, "not-the-password")

    assert errors(response) == [WRONG]
    assert "Set a new password by e-mail" not in response.content.decode()


# The client address the limits count, from a request through one proxy, in a fresh interpreter.
CLIENT_ADDRESS = """
import django
django.setup()
from allauth.core.internal.ratelimit import get_ip
from django.test import RequestFactory
request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
print(get_ip(request))
"""


@pytest.mark.parametrize(("proxies", "counted"), [("", "10.0.0.2"), ("1", "203.0.113.9")])
def test_behind_a_trusted_proxy_the_limits_count_the_visitors_address(proxies, counted):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "mile.settings"}
    environment["ALLAUTH_TRUSTED_PROXY_COUNT"] = proxies
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_ADDRESS],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout.strip()) == (0, counted), result.stderr


def behind_the_proxy(visitor: str) -> Client:
    """A client whose requests come through one reverse proxy (10.0.0.2) that appends the
    visitor's address to X-Forwarded-For."""
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)


def five_failures_of_a_stranger_behind_the_proxy(alice) -> None:
    stranger = behind_the_proxy("203.0.113.9")
    for _ in range(5):
        assert errors(log_in(stranger, alice.email, "not-the-password")) == [WRONG]
    assert errors(log_in(stranger, alice.email, PASSWORD)) == [TOO_MANY]


def test_behind_a_trusted_proxy_a_strangers_pause_is_their_own(settings, alice):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    five_failures_of_a_stranger_behind_the_proxy(alice)
    owner = behind_the_proxy("198.51.100.4")

    response = log_in(owner, alice.email, PASSWORD)

    assert (response.status_code, owner.session["_auth_user_id"]) == (302, str(alice.pk))


def test_behind_an_untrusted_proxy_every_visitor_is_the_proxy(settings, alice):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    five_failures_of_a_stranger_behind_the_proxy(alice)
    owner = behind_the_proxy("198.51.100.4")

    assert errors(log_in(owner, alice.email, PASSWORD)) == [TOO_MANY]
