"""The health endpoints (mile/health.py): public, for load balancers and monitors; they read
no session and set no cookie, for whoever asks."""

from tests.access.pages.expectations import Listing, Page, by
from tests.access.pages.world import World


def pages(w: World) -> list[Page]:
    listed = Listing()
    page = listed.page
    page("health_live", "", [], by(200))
    page("health_ready", "", [], by(200))
    return listed
