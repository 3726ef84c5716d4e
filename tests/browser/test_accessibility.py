"""axe-core finds no serious or critical accessibility violation on the key pages, read in
English and in Greek (a browser asking for Greek: the page's lang must say so).

axe is injected with Playwright's add_script_tag, which the Content-Security-Policy would
block: these checks (only these) run in a browser context that bypasses the CSP.
"""

import pytest

from tests.browser.conftest import browser_test
from tests.factories import MemberFactory
from tests.proposals.factories import make_proposal
from tests.workshops.factories import SessionFactory, WorkshopFactory
from workshops import services

pytestmark = browser_test

BLOCKING = {"serious", "critical"}
PAGES = [
    ("home", None, "/"),
    ("workshop", None, "/workshops/torino/"),
    ("partners", None, "/partners/"),
    ("partners search refused", None, "/partners/?q=" + "x" * 101),
    ("my partner", "alice", "/partners/amadora/manage/"),
    ("registration", "alice", "/workshops/torino/delegates/amadora/"),
    ("proposal", "bob", "/proposals/{proposal}/"),
    ("proposal, a section in focus", "bob", "/proposals/{proposal}/?section=objectives"),
    ("proposal read by the team", "dora", "/proposals/{proposal}/"),
    ("proposal submission checklist", "bob", "/proposals/{proposal}/submit/"),
    ("team overview", "dora", "/manage/"),
    ("login", None, "/accounts/login/"),
]


@pytest.fixture
def site(amadora, komotini, als, alice, bob, lisboa):
    """A workshop open for registration with its agenda and one delegate of Amadora, and a
    proposal of Amadora's learning set with a comment: every part of the pages is shown."""
    workshop = WorkshopFactory(
        title="Torino workshop", slug="torino", host=komotini, invited=[amadora, komotini]
    )
    SessionFactory(workshop=workshop, title="Welcome and introductions")
    ana = MemberFactory(learning_set=als, name="Ana", organisation="Amadora town hall")
    MemberFactory(learning_set=als, name="Bruno", organisation="IEFP")
    services.delegates_register(workshop=workshop, partner=amadora, members=[ana], by=alice)
    return {"proposal": make_proposal(als, by=bob).pk}


def violations_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']}: {violation['id']} — {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
    return "\n".join(lines)


@pytest.mark.parametrize("language", ["en-gb", "el"])
@pytest.mark.parametrize(("name", "role", "path"), PAGES, ids=[page[0] for page in PAGES])
def test_the_page_has_no_serious_accessibility_violation(
    request, open_page, axe_script, site, name, role, path, language
):
    user = request.getfixturevalue(role) if role else None
    page = open_page(user, bypass_csp=True, language=language)
    response = page.goto(path.format(**site))
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    page.add_script_tag(path=axe_script)

    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")

    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe on the {name} page ({path}):\n" + violations_report(blocking)
