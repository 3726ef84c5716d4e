"""The pages of accounts: the account invitation's personal link (the site's own view) and
allauth's pages (logging in and out, signing up, passwords, e-mail addresses)."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.access.pages.expectations import Listing, Page, by, login, to
from tests.access.pages.world import BOGUS_TOKEN, ROLES, World


def pages(w: World) -> list[Page]:
    """The site's own page: the account invitation, a personal link like the delegates'."""
    listed = Listing()
    page = listed.page
    if w.account_token:
        page("account_invitation", "token", [w.account_token], by(200))
        page(
            "account_invitation",
            "token",
            [w.account_token],
            by(to(reverse("account_signup"))),
            "POST",
            writes=ROLES,
        )
    page("account_invitation", "bogus token", [BOGUS_TOKEN], by(404))
    page("account_invitation", "bogus token", [BOGUS_TOKEN], by(404), "POST")
    return listed


def allauth_pages(w: World) -> list[Page]:
    LOGIN = login()
    dashboard = to(resolve_url(settings.LOGIN_REDIRECT_URL))
    home = to(resolve_url(settings.ACCOUNT_LOGOUT_REDIRECT_URL))
    # A logged-in person asking for the login or signup page goes to their dashboard.
    logged_out_only = by(dashboard, anonymous=200)
    logged_in_only = by(200, anonymous=LOGIN)
    bad_login = {"login": "alice@amadora.example", "password": "not the password"}
    signup = {"email": "someone@example.org", "password1": "x" * 20, "password2": "x" * 20}
    wrong_password = {
        "oldpassword": "not the password",
        "password1": "y" * 20,
        "password2": "y" * 20,
    }
    rows = [
        ("account_login", [], "GET", {}, logged_out_only),
        ("account_login", [], "POST", bad_login, logged_out_only),
        ("account_logout", [], "GET", {}, by(200, anonymous=home)),
        ("account_logout", [], "POST", {}, by(home)),
        ("account_inactive", [], "GET", {}, by(200)),
        ("account_signup", [], "GET", {}, logged_out_only),  # signup is by invitation
        ("account_signup", [], "POST", signup, logged_out_only),
        ("account_reauthenticate", [], "GET", {}, logged_in_only),
        ("account_request_reauthentication_code", [], "GET", {}, logged_in_only),
        # No code was asked for: back to asking for one.
        ("account_confirm_reauthentication_code", [], "GET", {},
         by(to(reverse("account_request_reauthentication_code")), anonymous=LOGIN)),
        ("account_email", [], "GET", {}, logged_in_only),
        ("account_email_verification_sent", [], "GET", {}, by(200)),
        ("account_change_password", [], "GET", {}, logged_in_only),
        ("account_change_password", [], "POST", wrong_password, logged_in_only),
        # Everybody here has a password already: change it instead.
        ("account_set_password", [], "GET", {},
         by(to(reverse("account_change_password")), anonymous=LOGIN)),
        ("account_reset_password", [], "GET", {}, by(200)),
        ("account_reset_password", [], "POST", {"email": "nobody@example.org"},
         by(to(reverse("account_reset_password_done")))),
        ("account_reset_password_done", [], "GET", {}, by(200)),
        # No login by code is under way: back to the login page (and on to the dashboard).
        ("account_confirm_login_code", [], "GET", {},
         by(dashboard, anonymous=to(reverse("account_login")))),
        ("account_confirm_email", [BOGUS_TOKEN], "GET", {}, by(200)),
        ("account_confirm_email", [BOGUS_TOKEN], "POST", {}, by(404)),
        ("account_reset_password_from_key", ["2", BOGUS_TOKEN], "GET", {}, by(200)),
        ("account_reset_password_from_key", ["2", BOGUS_TOKEN], "POST", wrong_password, by(200)),
        ("account_reset_password_from_key_done", [], "GET", {}, by(200)),
    ]  # fmt: skip
    return [
        Page(
            name=name,
            label="bogus key" if args else "",
            path=reverse(name, args=args),
            expect=expect,
            method=method,
            data=data,
        )
        for name, args, method, data, expect in rows
    ]
