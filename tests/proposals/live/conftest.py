import pytest

from proposals.live.room import ROOMS
from tests.proposals.live.browsers import anyio_backend, connections_closed, page_open

__all__ = ["anyio_backend", "connections_closed"]


@pytest.fixture(autouse=True)
def _no_room_left_open():
    yield
    left = list(ROOMS)
    ROOMS.clear()
    assert not left, "a room outlived its sockets"


@pytest.fixture
def section(proposal):
    return proposal.sections.order_by("position").first()


@pytest.fixture
def live(section):
    """live(user) opens the section's socket as `user` (None: logged out), synced."""

    async def _open(user, *, section_id=None, doc=None, slash=""):
        return await page_open(user, section_id or section.pk, doc=doc, slash=slash)

    return _open
