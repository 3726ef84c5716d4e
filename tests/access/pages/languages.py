"""The language machinery's addresses (mile/urls.py): the language menu's set_language
(accounts' view) and the JavaScript catalogue of static/js's strings."""

from tests.access.pages.expectations import Listing, Page, by, to
from tests.access.pages.world import ROLES, World


def pages(w: World) -> list[Page]:
    listed = Listing()
    page = listed.page
    # Back to the page; a logged-in person's choice is also kept on their account.
    page(
        "set_language",
        "",
        [],
        by(to("/partners/")),
        "POST",
        {"language": "en-gb", "next": "/partners/"},
        writes=[role for role in ROLES if role != "anonymous"],
    )
    page("set_language", "", [], by(405))  # the menu posts; a link changes nothing
    page("javascript-catalog", "", [], by(200))
    return listed
