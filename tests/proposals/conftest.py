"""Proposal fixtures on top of the roles in tests/conftest.py.

`proposal` is a draft of `als` (Amadora's enterprise learning set): bob (its member) and
alice (Amadora's contact) are its authors; charlie (Komotini) is an outsider; dora is the team.
"""

import pytest

from tests.proposals.factories import make_proposal


@pytest.fixture
def proposal(als, bob):
    return make_proposal(als, by=bob)
