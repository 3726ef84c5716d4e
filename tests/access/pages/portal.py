"""The pages composed from several apps: the home page, My MILE, the partners' directory
(a partner's page among them), My partner, the team's overview and the privacy notice."""

from tests.access.pages.expectations import Listing, Page, by, login, looked_after_by
from tests.access.pages.world import World


def pages(w: World) -> list[Page]:
    listed = Listing()
    page = listed.page
    ours, theirs = w.partner, w.other_partner
    page("home", "", [], by(200))
    page("dashboard", "", [], by(200, anonymous=login()))
    page("team_overview", "", [], by(404, anonymous=login(), team=200))
    page("privacy", "", [], by(200))
    page("partners:list", "", [], by(200))
    for label, partner in (("partner", ours), ("other_partner", theirs)):
        page("partners:detail", label, [partner.slug], by(200))
    page("partners:manage", "partner", [ours.slug], looked_after_by("contact"))
    page("partners:manage", "other_partner", [theirs.slug], looked_after_by("other_contact"))
    return listed
