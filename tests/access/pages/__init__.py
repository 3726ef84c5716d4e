"""Every page of the site, with who may open it: the access-control matrix as data.

`pages(world)` lists every URL of the URL conf — the site's views, allauth's and the admin's —
as `Page`s: the URL name, the path (its arguments taken from a `World`), the method, the data
posted and, for each role, the outcome expected. tests/access/test_matrix.py asserts the
outcomes and fails on a URL pattern the list does not request; a benchmark may import this
package to request every page (it needs no pytest fixture: build a world with `World.build()`
or `World.from_database()`).

Whoever adds a URL lists it, with each role's outcome, in the module of its app:

- portal.py: the pages composed from several apps (home, My MILE, the partners' directory
  and a partner's page, My partner);
- learningsets.py, workshops.py, proposals.py: those apps' pages;
- accounts.py: the account invitation and allauth's pages;
- languages.py: the language menu's address and the JavaScript catalogue;
- health.py: the health endpoints for load balancers and monitors;
- admin.py: the admin's pages, a line for every model registered in it, and its added views.

The modules share world.py (the objects the URL arguments come from, and the roles: who
each is is said there) and expectations.py (what a role gets, and how a response is held to
it). A new app's module is added to `site_pages()` below.
"""

from tests.access.pages import (
    accounts,
    admin,
    health,
    languages,
    learningsets,
    portal,
    proposals,
    workshops,
)
from tests.access.pages.expectations import Expect, Page
from tests.access.pages.running import cold_get, rolled_back_world
from tests.access.pages.world import BOGUS_TOKEN, ROLES, World

__all__ = [
    "BOGUS_TOKEN",
    "ROLES",
    "Expect",
    "Page",
    "World",
    "cold_get",
    "pages",
    "rolled_back_world",
    "site_pages",
]


def site_pages(world: World) -> list[Page]:
    """The pages of the site's own views (neither allauth's nor the admin's)."""
    return [
        *portal.pages(world),
        *learningsets.pages(world),
        *workshops.pages(world),
        *proposals.pages(world),
        *accounts.pages(world),
        *languages.pages(world),
        *health.pages(world),
    ]


def pages(world: World) -> list[Page]:
    """Every page of the site with each role's outcome (see the package's docstring)."""
    return [*site_pages(world), *accounts.allauth_pages(world), *admin.pages(world)]
