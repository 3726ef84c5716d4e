"""The pages composed from several apps: the home page, My MILE, the partners' directory
(a partner's page among them), My partner, the privacy notice and a person's calendar feed."""

from tests.access.pages.expectations import Listing, Page, by, login, looked_after_by, to
from tests.access.pages.world import BOGUS_TOKEN, ROLES, World


def pages(w: World) -> list[Page]:
    listed = Listing()
    page = listed.page
    ours, theirs = w.partner, w.other_partner
    page("home", "", [], by(200))
    page("dashboard", "", [], by(200, anonymous=login()))
    page("privacy", "", [], by(200))
    page("partners:list", "", [], by(200))
    for label, partner in (("partner", ours), ("other_partner", theirs)):
        page("partners:detail", label, [partner.slug], by(200))
    page("partners:manage", "partner", [ours.slug], looked_after_by("contact"))
    page("partners:manage", "other_partner", [theirs.slug], looked_after_by("other_contact"))

    # A person's calendar feed: whoever holds its private link reads it, logged in or not (a
    # calendar program has no session); a link nobody was given answers 404.
    if w.feed_token:
        page("calendar_feed", "token", [w.feed_token], by(200))
    page("calendar_feed", "bogus token", [BOGUS_TOKEN], by(404))
    # Asking for one's link and revoking it, from My MILE: a POST of somebody logged in. The
    # member has a link already (asking again changes nothing); revoking makes a new one.
    logged_in = [role for role in ROLES if role != "anonymous"]
    back = to("/my/")
    for name, writes in (
        ("calendar_subscribe", [role for role in logged_in if role != "member"]),
        ("calendar_renew", logged_in),
    ):
        page(name, "", [], by(405))
        page(name, "", [], by(back, anonymous=login(back="/my/")), "POST", writes=writes)
    return listed
