"""Journey 1 in Greek: a visitor switches the language menu to Ελληνικά, logs in as Amadora's
partner contact and registers a delegate; every page and message on the way reads in Greek.

The Greek words are the catalogue's (locale/el): each is looked up under Greek and must differ
from its English, so that a message the catalogue lacks fails here too.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_script_blocked, browser_test
from tests.factories import PASSWORD, MemberFactory
from tests.workshops.factories import WorkshopFactory
from workshops.models import Registration

pytestmark = browser_test

TAGS = re.compile(r"<[^>]+>")


def greek(message: str, plural: str = "", count: int = 1, **values) -> str:
    """The message as the Greek page reads it, tags dropped (an accessible name)."""
    with translation.override("el"):
        text = ngettext(message, plural, count) if plural else gettext(message)
    english = plural if plural and count != 1 else message
    assert text != english, f"the Greek catalogue lacks {message!r}"
    return TAGS.sub("", text % values if values else text)


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


def test_a_greek_contact_registers_a_delegate_in_greek(open_page, alice, workshop, als):
    MemberFactory(learning_set=als, name="Ana", organisation="Amadora town hall")
    page = open_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")

    # The menu: a form in the header, each language named in itself.
    page.locator("#language-menu").select_option(label="Ελληνικά")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "el")
    expect(page.get_by_role("button", name=greek("Change language"))).to_be_visible()

    # The login page, in Greek, and its error.
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(greek("Log in"))
    form = page.locator("main form")
    form.locator("input[name=login]").fill(alice.email)
    form.locator("input[name=password]").fill("not the password")
    form.locator("button[type=submit]").click()
    expect(form.locator(".alert-danger, .invalid-feedback, .errorlist").first).to_contain_text(
        greek("The email address and/or password you specified are not correct.")
    )
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # My MILE → My partner → the workshop's delegates, all in Greek.
    page.goto("/my/")
    page.get_by_role(
        "link",
        name=greek(
            'Manage learning sets and members<span class="visually-hidden"> of %(name)s</span>',
            name="Amadora",
        ),
    ).click()
    page.get_by_role(
        "link",
        name=greek(
            'Register delegates<span class="visually-hidden"> for %(title)s</span>',
            title="Torino workshop",
        ),
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        greek("Delegates of %(partner)s", partner="Amadora")
    )
    page.locator("main form").get_by_text("Ana", exact=False).first.check()
    page.get_by_role("button", name=greek("Register"), exact=True).click()

    expect(page.locator(".alert-success")).to_contain_text(
        greek(
            "%(names)s is now a delegate of %(partner)s for %(workshop)s.",
            "%(names)s are now delegates of %(partner)s for %(workshop)s.",
            1,
            names="Ana",
            partner="Amadora",
            workshop="Torino workshop",
        )
    )
    expect(page.locator("#delegates")).to_contain_text(
        greek("%(taken)s of %(quota)s places taken", taken=1, quota=3)
    )
    expect(page.locator("html")).to_have_attribute("lang", "el")
    assert Registration.objects.filter(member__name="Ana", workshop=workshop).count() == 1
    # The choice made before logging in is kept on the account: it follows her elsewhere.
    alice.refresh_from_db()
    assert alice.language == "el"
    assert_no_script_blocked(open_page)
