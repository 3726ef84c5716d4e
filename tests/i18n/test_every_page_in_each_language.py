"""Every page of the access matrix reads in each language with nothing left in English but
content and the words that stay as they are (tests/i18n/english_left.py says how).

Each page is read as one role that may open it: a partner's own page as its contact, a
member's as the member, the admin as the team, a public page as a visitor. On the admin's
pages only the project's own messages are held to it: Django's admin, simple-history and
import-export put their own English there (field names of the historical models, "True",
"False", placeholders in their messages) that no catalogue of ours carries.
"""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.access.pages import ROLES, World, pages, rolled_back_world
from tests.i18n.english_left import content, left_in_english

pytestmark = pytest.mark.django_db

EVERY_LANGUAGE = list(settings.MILE_LANGUAGES.items())
TRANSLATIONS = [code for code in settings.MILE_LANGUAGES if code != settings.LANGUAGE_CODE]
# The role a page is read as: the first of these it opens for.
ADMIN = "/admin/"
READERS = ["anonymous", "contact", "member", "team", "staff"]
assert set(READERS) <= set(ROLES)


def reader(page) -> str | None:
    return next((role for role in READERS if page.expect[role].status == 200), None)


READ = [
    page.key
    for page in pages(World.placeholder())
    if page.method == "GET" and reader(page) and page.name != "javascript-catalog"
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with override_settings(LANGUAGES=EVERY_LANGUAGE), rolled_back_world(django_db_blocker) as built:
        with django_db_blocker.unblock():
            held = content()
        yield built, {page.key: page for page in pages(built)}, held


def read(path: str, user, language: str) -> str:
    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, language, response.status_code)
    return response.content.decode() if response["Content-Type"].startswith("text/html") else ""


@pytest.mark.parametrize("key", READ)
def test_the_page_has_nothing_left_in_english(world, key):
    built, by_key, held = world
    page = by_key[key]
    user = built.users[reader(page)]
    with override_settings(LANGUAGES=EVERY_LANGUAGE):
        english = read(page.path, user, settings.LANGUAGE_CODE)
        left = {
            language: found
            for language in TRANSLATIONS
            if (
                found := left_in_english(
                    english,
                    read(page.path, user, language),
                    language=language,
                    held=held,
                    ours_only=page.path.startswith(ADMIN),
                )
            )
        }
    assert left == {}, f"{page.path} as {reader(page)}"
