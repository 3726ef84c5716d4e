"""Workshop fixtures on top of the roles in tests/conftest.py.

`workshop` is open for registration, on the sub-theme of `als` (alice's partner Amadora's
enterprise learning set), with Amadora and Komotini invited and a quota of 3.
"""

import pytest

from tests.workshops.factories import WorkshopFactory


@pytest.fixture
def workshop(amadora, komotini, als):
    return WorkshopFactory(
        host=amadora, sub_theme=als.sub_theme, invited=[amadora, komotini], slug="amadora-2008"
    )
