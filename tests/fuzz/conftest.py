"""Hypothesis settings and the world the fuzz tests post into.

Profiles: "ci" (the default; deterministic, sized so tests/fuzz runs in about a minute on
SQLite) and "deep" (HYPOTHESIS_PROFILE=deep: ten times the examples, random seeds).

The world (tests/access/pages/world.py, World.build) is built once per module inside a transaction
rolled back at the module's end. Each example runs in its own savepoint (harness.example),
rolled back when it ends, so every example starts from the same rows.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from tests.access.pages import rolled_back_world

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # The autouse fixtures of tests/conftest.py are function-scoped (password hasher, eager
    # Celery, an empty cache); none holds state an example could change except the cache,
    # which harness.example() clears before each example, so running every example under one
    # set-up of them is correct. Big strings are the point, so is a slow data generation.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile(
    "deep", parent=settings.get_profile("ci"), max_examples=400, derandomize=False
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back_world(django_db_blocker) as built:
        yield built
