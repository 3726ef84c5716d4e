"""The live co-editing's tests run their sockets in an event loop (anyio's pytest plugin, on
asyncio) against the database committed for real: the consumer reads it from other threads."""

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from proposals.live.room import ROOMS
from tests.proposals.live.browsers import Browser, session_headers


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
async def _connections_closed():
    # The consumers' database thread keeps its connection: closed, so that the test database
    # can be flushed and dropped.
    yield
    await sync_to_async(connections.close_all)()


@pytest.fixture(autouse=True)
def _no_room_left_open():
    yield
    assert not ROOMS, "a room outlived its sockets"
    ROOMS.clear()


@pytest.fixture
def section(proposal):
    return proposal.sections.order_by("position").first()


@pytest.fixture
def live(section):
    """live(user) opens the section's socket as `user` (None: logged out), synced."""

    async def _open(user, *, section_id=None, doc=None, slash=""):
        headers = await sync_to_async(session_headers)(user)
        opened = Browser(headers, section_id or section.pk, doc=doc, slash=slash)
        return await opened.open()

    return _open
