"""Every page stays at a constant number of SQL queries as the data grows.

For every GET page of the access-control matrix (tests/access/pages/) and every role that
opens it (200), the queries are counted on the small world (with one grown row of every
kind), then again after tests/access/growth.py has added many more rows of every kind to the
same objects: members,
delegates, sessions, workshops, partners, proposals with revisions, comments, budget lines
and transitions, outbox messages. The two counts must be equal. The world and its growth are
made once for the module, inside a transaction rolled back at its end; every request runs in
a savepoint of its own.
"""

import difflib
import re

import pytest
from django.core.cache import cache

from tests.access.growth import grow
from tests.access.pages import ROLES, World, cold_get, pages, rolled_back_world

pytestmark = pytest.mark.django_db

GROWTH = 6  # rows of every kind added next to each of the world's objects

CASES = [
    (page.key, role)
    for page in pages(World.placeholder())
    if page.method == "GET"
    for role in ROLES
    if page.expect[role].status == 200
]


def queries(page, user) -> tuple[int, list[str], int, int]:
    """The SQL queries of one request of the page as the user, with every cache cold, the
    response's status and, on an admin delete page, how many rows it lists (else 0); the
    request is undone."""
    captured, response = cold_get(page.path, user)
    listed = dict((response.context or {}).get("model_count", {}))
    return (
        len(captured),
        [query["sql"] for query in captured.captured_queries],
        response.status_code,
        sum(listed.values()),
    )


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """(key, role) -> ((small count, its SQL, status, rows), (large count, its SQL, status,
    rows)): see queries()."""
    with rolled_back_world(django_db_blocker) as world:
        try:
            by_key = {page.key: page for page in pages(world)}
            # One row of every kind first: Django skips a prefetch when there is nothing to
            # prefetch for, so no rows at all is one query fewer, not the scale that matters.
            grow(world, times=1)
            small = {(key, role): queries(by_key[key], world.users[role]) for key, role in CASES}
            grow(world, times=GROWTH)
            large = {(key, role): queries(by_key[key], world.users[role]) for key, role in CASES}
            yield {case: (small[case], large[case]) for case in CASES}
        finally:
            cache.clear()


def shape(sql: list[str]) -> list[str]:
    """The statements without their literal values, to compare two requests' queries."""
    return [re.sub(r"'[^']*'|\b\d+\b", "?", statement)[:400] for statement in sql]


def test_every_get_page_is_counted():
    assert len(CASES) > 100  # every site and admin page the matrix opens, for every role


@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{key} as {role}" for key, role in CASES])
def test_the_number_of_queries_does_not_grow_with_the_data(counts, key, role):
    (small, small_sql, small_status, _), (large, large_sql, large_status, _) = counts[key, role]
    # The matrix expects 200; a page that answers otherwise counts another response.
    assert small_status == large_status == 200, (
        f"{key} as {role}: status {small_status}, then {large_status} (tests/access/pages/ "
        "expects 200)"
    )
    # Fewer is no fault: a page skips a lookup that nothing on it needs (the audit trail's
    # previous versions when every row on the page is a creation, say).
    assert large <= small, (
        f"{key} as {role}: {small} queries on the small world, {large} after it grew.\n"
        "The statements, small world (-) and grown (+):\n"
        + "\n".join(
            line
            for line in difflib.unified_diff(shape(small_sql), shape(large_sql), lineterm="", n=1)
            if not line.startswith(("---", "+++"))
        )
    )


# The admin's delete confirmation names every row the deletion would take (or that protects
# the object) by its __str__, so a __str__ that reads a foreign key costs a query per row.
DELETE_PAGES = [
    "partners.partner",
    "learningsets.learningset",
    "learningsets.member",
    "workshops.workshop",
    "workshops.registration",
    "proposals.proposal",
]


@pytest.mark.parametrize("label", DELETE_PAGES)
def test_a_delete_page_lists_many_more_rows_in_as_many_queries(counts, label):
    app, model = label.split(".")
    (small, _, _, small_rows), (large, _, _, large_rows) = counts[
        f"GET admin:{app}_{model}_delete [{label}]", "team"
    ]

    assert large_rows >= 2 * small_rows > 0  # the growth reached the rows the page lists
    assert large == small
