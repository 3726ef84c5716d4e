"""A browser's side of the live co-editing in tests: a pycrdt Doc synced through a
WebsocketCommunicator on mile.asgi.application, speaking y-websocket's protocol as the editor
does, and logged in by a session cookie."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client
from pycrdt import (
    Decoder,
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
)

from proposals.live import protocol
from proposals.live.protocol import AwarenessEntry, awareness_read, awareness_write


def session_headers(user) -> list[tuple[bytes, bytes]]:
    """The headers of a page of the site opening a socket; logged in as `user` (None: nobody)."""
    headers = [(b"origin", b"http://testserver")]
    if user is not None:
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        headers.append((b"cookie", f"{name}={client.cookies[name].value}".encode()))
    return headers


class Browser:
    def __init__(self, headers, section_id: int, *, doc: Doc | None = None, slash=""):
        self.doc = doc or Doc()
        self.text = self.doc.get("text", type=Text)
        from mile.asgi import application  # once the test settings allow the test's host

        self.socket = WebsocketCommunicator(
            application, f"/ws/sections/{section_id}{slash}", headers=headers
        )
        self.statuses: list[dict] = []
        self.awareness: dict[int, dict | None] = {}
        self.frames: list[bytes] = []
        self.closed: int | None = None

    async def open(self) -> "Browser":
        connected, _ = await self.socket.connect()
        assert connected
        await self.socket.send_to(bytes_data=create_sync_message(self.doc))
        await self.settle()
        return self

    async def settle(self, timeout: float = 0.2) -> "Browser":
        """Read (and act on) every frame the server sends until it is quiet."""
        while self.closed is None and not await self.socket.receive_nothing(timeout):
            await self.read(await self.socket.receive_output())
        return self

    async def read(self, output: dict) -> None:
        if output["type"] == "websocket.close":
            self.closed = output.get("code")
            return
        frame = output["bytes"]
        self.frames.append(frame)
        if frame[0] == protocol.STATUS:
            decoder = Decoder(frame)
            decoder.read_var_uint()
            self.statuses.append(json.loads(decoder.read_var_string()))
            return
        message = protocol.message_read(frame)
        if message.sync == YSyncMessageType.SYNC_STEP1:
            reply = self.doc.get_update(message.payload)
            await self.socket.send_to(bytes_data=bytes([0, 1]) + protocol.write_message(reply))
        elif message.is_update:
            self.doc.apply_update(message.payload)
        elif message.kind == YMessageType.AWARENESS:
            for entry in awareness_read(message.payload):
                self.awareness[entry.client_id] = entry.state

    async def type(self, index: int, words: str) -> bytes:
        """Insert `words` at `index`, sent as the editor sends a keystroke: the update frame."""
        before = self.doc.get_state()
        self.text.insert(index, words)
        return await self.send_update(self.doc.get_update(before))

    async def delete(self, start: int, end: int) -> bytes:
        before = self.doc.get_state()
        del self.text[start:end]
        return await self.send_update(self.doc.get_update(before))

    async def send_update(self, update: bytes) -> bytes:
        frame = create_update_message(update)
        await self.socket.send_to(bytes_data=frame)
        return frame

    async def announce(self, state: dict | None, *, client_id: int | None = None, clock=1):
        entry = AwarenessEntry(client_id or self.doc.client_id, clock, state)
        payload = awareness_write([entry])
        await self.socket.send_to(bytes_data=create_awareness_message(payload))

    async def close(self) -> None:
        # Leaving may save the room (the database, the channel layer): given time to.
        await self.socket.disconnect(timeout=5)


async def page_open(user, section_id: int, *, doc: Doc | None = None, slash="") -> Browser:
    """A page of the section opening its socket as `user` (None: logged out), synced."""
    headers = await sync_to_async(session_headers)(user)
    return await Browser(headers, section_id, doc=doc, slash=slash).open()


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def connections_closed():
    # The consumers' database thread keeps its connection: closed, so that the test database
    # can be flushed and dropped.
    yield
    await sync_to_async(connections.close_all)()


# The marks of a module of socket tests; it imports the two fixtures above.
SOCKET_TESTS = [
    pytest.mark.anyio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("connections_closed"),
]
