"""Choosing a language: the menu in the header, the cookie, the account's language and login.

The five languages are offered; a deployment that offers English alone shows no menu.
"""

import re

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import PASSWORD
from tests.pages import browser_of, token_after
from tests.proposals.factories import make_proposal

FIVE = override_settings(LANGUAGES=list(settings.MILE_LANGUAGES.items()))
HTML_LANG = re.compile(r'<html lang="([^"]*)">')
MENU = 'action="/i18n/setlang/"'


def html_lang(response) -> str:
    return HTML_LANG.search(response.text).group(1)


def menu_options(response) -> list[tuple[str, str]]:
    menu = response.text[
        response.text.index(MENU) : response.text.index("</form>", response.text.index(MENU))
    ]
    return re.findall(r'<option value="([^"]+)" lang="[^"]+"(?: selected)?>([^<]+)</option>', menu)


@override_settings(LANGUAGES=[("en-gb", "English")])
def test_with_english_alone_there_is_no_menu_and_the_page_is_british_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="el")

    assert html_lang(response) == "en-gb"
    assert MENU not in response.text


@FIVE
def test_the_menu_names_each_language_in_itself(client, db):
    response = client.get("/")

    assert menu_options(response) == [
        ("en-gb", "English"),
        ("pt-pt", "Português"),
        ("el", "Ελληνικά"),
        ("es", "Español"),
        ("it", "Italiano"),
    ]
    assert '<label class="visually-hidden" for="language-menu">Language</label>' in response.text


@FIVE
def test_the_first_visit_follows_the_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-PT,pt;q=0.9,en;q=0.5")

    assert html_lang(response) == "pt-pt"
    assert '<option value="pt-pt" lang="pt-pt" selected>Português</option>' in response.text


@FIVE
def test_a_visitor_choosing_greek_gets_greek_pages(client, db):
    home = client.get("/")
    response = client.post(
        "/i18n/setlang/", {"language": "el", "next": "/partners/"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert (response.status_code, response["Location"]) == (302, "/partners/")
    assert html_lang(client.get("/partners/", HTTP_ACCEPT_LANGUAGE="es")) == "el"
    assert html_lang(home) == "en-gb"


@FIVE
def test_a_logged_in_choice_is_kept_on_the_account(db, alice):
    browser = browser_of(alice)
    page = browser.get("/partners/").text

    response = browser.post(
        "/i18n/setlang/",
        {"csrfmiddlewaretoken": token_after(page, MENU), "language": "el", "next": "/partners/"},
    )

    assert (response.status_code, response["Location"]) == (302, "/partners/")
    alice.refresh_from_db()
    assert alice.language == "el"
    assert html_lang(browser.get("/partners/")) == "el"


@FIVE
def test_logging_in_on_another_device_brings_the_account_language(client, alice):
    alice.language = "it"
    alice.save()

    response = client.post(
        "/accounts/login/", {"login": "alice@amadora.example", "password": PASSWORD}
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    assert html_lang(client.get("/partners/")) == "it"


@FIVE
def test_logging_in_without_an_account_language_keeps_the_visitor_s_choice_on_it(client, alice):
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})

    response = client.post(
        "/accounts/login/", {"login": "alice@amadora.example", "password": PASSWORD}
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert html_lang(client.get("/partners/")) == "es"
    alice.refresh_from_db()
    assert alice.language == "es"


@FIVE
def test_an_account_language_wins_over_the_visitor_s_choice_at_login(client, alice):
    alice.language = "it"
    alice.save()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})

    client.post("/accounts/login/", {"login": "alice@amadora.example", "password": PASSWORD})

    assert html_lang(client.get("/partners/")) == "it"
    alice.refresh_from_db()
    assert alice.language == "it"


@pytest.mark.parametrize("languages", [None, FIVE], ids=["english alone", "five"])
def test_a_language_the_site_does_not_offer_falls_back_to_english(db, alice, languages):
    with languages or override_settings():
        browser = browser_of(alice)
        page = browser.get("/partners/").text
        token = token_after(page)
        for code in ["xx", "fr", "el-xx-yy" * 40, ""]:
            response = browser.post(
                "/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": code, "next": "/"}
            )
            assert (response.status_code, response["Location"]) == (302, "/")
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"  # forged

        assert html_lang(browser.get("/partners/")) == "en-gb"
        alice.refresh_from_db()
        assert alice.language == ""


def test_the_menu_s_address_only_takes_a_post(client, db):
    response = client.get("/i18n/setlang/?language=el&next=/")

    assert response.status_code == 405


def test_the_javascript_catalogue_is_a_script_file(client, db):
    response = client.get("/i18n/js/")

    assert response.status_code == 200
    assert response["Content-Type"] == 'text/javascript; charset="utf-8"'
    assert "django.gettext = function" in response.text


def test_the_autosave_gets_its_words_from_the_catalogue_loaded_before_it(login, als, bob):
    proposal = make_proposal(als, by=bob)

    response = login(bob).get(f"/proposals/{proposal.pk}/")

    assert (
        '<script src="/i18n/js/" defer></script><script src="/static/js/autosave.js" defer>'
        in response.text
    )
    assert "script-src 'self'" in response["Content-Security-Policy"]
