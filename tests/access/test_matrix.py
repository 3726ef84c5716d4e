"""The access-control matrix: every URL of the site × every role, with the outcome expected.

The pages and outcomes are in tests/access/pages/, a module for each app. The world they are
requested in is built once for the module (inside a transaction rolled back at its end); each
request runs in its own savepoint, so a POST that succeeds is undone before the next one.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.access.pages import BOGUS_TOKEN, ROLES, Page, World, pages, rolled_back_world
from tests.access.pages.expectations import changes, check, database_rows
from tests.pages import main_text

# Every test uses the database, so that pytest-django sets it up even for a single test.
pytestmark = pytest.mark.django_db

PAGES = {page.key: page for page in pages(World.placeholder())}
CASES = [(key, role) for key in PAGES for role in ROLES]


def test_the_keys_are_unique():
    keys = [page.key for page in pages(World.placeholder())]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back_world(django_db_blocker) as built:
        yield built, {page.key: page for page in pages(built)}


def test_the_world_has_the_pages_listed_before_it_existed(world):
    _, by_key = world
    built, listed = set(by_key), set(PAGES)
    assert (sorted(built - listed), sorted(listed - built)) == ([], [])


def url_patterns(patterns=None, prefix="", namespace=""):
    """Every URL pattern of the URL conf as (route, name), through every include()."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        own = str(pattern.pattern)
        # Joined as Django's resolver joins them (ResolverMatch.route): an inner ^ is dropped.
        route = prefix + (own[1:] if prefix and own.startswith("^") else own)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, route, inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route, name


def test_every_url_of_the_url_conf_is_in_the_matrix(world):
    _, by_key = world
    covered = {resolve(urlsplit(page.path).path).route for page in by_key.values()}
    missing = [
        f"{route} ({name or 'unnamed'})" for route, name in url_patterns() if route not in covered
    ]
    assert not missing, (
        "URL patterns the access matrix does not request; add them, with each role's outcome, "
        "to the module of their app in tests/access/pages/:\n" + "\n".join(missing)
    )


def test_every_page_is_the_view_it_names(world):
    _, by_key = world
    wrong = []
    for page in by_key.values():
        match = resolve(urlsplit(page.path).path)
        if page.name not in (match.view_name, f"admin:{match.route.removeprefix('admin/')}"):
            wrong.append(f"{page.key}: {page.path} is {match.view_name or match.route}")
    assert not wrong, "\n".join(wrong)


def test_the_world_can_be_found_in_the_database(world):
    built, by_key = world
    found = World.from_database(partner=built.partner)
    assert {page.key: page.path for page in pages(found)} == {
        key: page.path for key, page in by_key.items()
    }
    assert found.users == built.users


@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{key} as {role}" for key, role in CASES])
def test_matrix(world, client, key, role):
    built, by_key = world
    page: Page = by_key[key]
    user = built.users[role]
    if user is not None:
        client.force_login(user)
    before = database_rows()
    send = client.post if page.method == "POST" else client.get
    response = send(page.path, page.data)
    problem = check(response, page.expect[role])
    assert not problem, f"{page.method} {page.path} as {role}: {problem}"
    changed = changes(before, database_rows())
    if role in page.writes:
        assert changed, f"{page.method} {page.path} as {role} was expected to change data"
    else:
        assert not changed, f"{page.method} {page.path} as {role} changed: {changed}"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url_name", ["workshops:invitation", "account_invitation"])
def test_a_link_that_is_no_link_gets_the_clear_page(world, client, url_name, method):
    """Made up, mangled, or the other kind of link's token: a page that says so, nothing
    changed, whoever opens it."""
    built, _ = world
    other_kinds = {
        "workshops:invitation": built.account_token,
        "account_invitation": built.invitation_token,
    }
    tokens = [
        BOGUS_TOKEN,
        built.invitation_token[:-1] + "x" if url_name == "workshops:invitation" else "short",
        other_kinds[url_name],
        "ünïcödé-‮-token",
        "A" * 5000,
        "' OR 1=1 --",
    ]
    before = database_rows()
    for token in tokens:
        path = reverse(url_name, args=[token])
        response = (
            client.post(path, {"answer": "confirm"}) if method == "POST" else client.get(path)
        )
        assert response.status_code == 404, (token, response.status_code)
        assert "This invitation link is not valid" in main_text(response), token
    assert not changes(before, database_rows())
