"""A section's room in this ASGI process: the replica of the shared document, the awareness
states (cursors), the writers since the last save and the save after their pause.

One room per section per process, kept while it has sockets. The rooms of one section in every
process are joined by the channel layer's group of the section: an update is checked and
applied by the room of the socket it came from, then sent to the group, and every room applies
it (Yjs updates apply once: a second time changes nothing). Every room saves the writers it
heard of; the stored state is merged on save, so two processes saving one burst make one
revision (the second finds the same text).
"""

import asyncio
import dataclasses
import logging

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from pycrdt import Awareness, Text

from proposals.forms import MAX_TEXT
from proposals.live import broadcast, crdt, documents, protocol

logger = logging.getLogger(__name__)

ROOMS: dict[int, "Room"] = {}  # this process's rooms, by section id


class Refused(Exception):
    """An update that would make the text longer than MAX_TEXT: not applied."""


def cursor_user(user) -> dict:
    """What the others see of a writer's cursor: their name and a colour (0..7, stable)."""
    return {"name": str(user), "colour": user.pk % 8}


class Room:
    def __init__(self, section_id: int):
        self.section_id = section_id
        self.group = broadcast.group_name(section_id)
        self.doc = crdt.doc_of()
        self.text = self.doc.get(crdt.TEXT, type=Text)
        self.awareness = Awareness(self.doc)
        self.sockets: set[str] = set()  # this process's sockets, by channel name
        self.owners: dict[int, str] = {}  # awareness client id -> the socket that announced it
        self.writers: dict[int, None] = {}  # since the last save, in order: the first is author
        self.locked = False
        self.greeted = False  # asked the other processes' rooms for what the stored state lacks
        self.opened: asyncio.Future | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._burst_started: float | None = None  # the loop's time of the first unsaved edit
        self._pending: asyncio.Future | None = None
        self._saving = asyncio.Lock()

    async def open(self) -> None:
        state = await database_sync_to_async(documents.document_open)(section_id=self.section_id)
        self.doc.apply_update(state)

    # The document.

    def update_take(self, update: bytes) -> bool:
        """Check and apply a socket's update; whether it changed anything. Malformed if it
        does not apply, Refused if the text would pass MAX_TEXT: the document stays as it was."""
        before, state = str(self.text), self.doc.get_state()
        try:
            # An update of n bytes inserts at most n characters: only a long one is tried first.
            if len(before) + len(update) > MAX_TEXT:
                after = len(crdt.text_of(crdt.doc_of(self.doc.get_update(), update)))
                if after > MAX_TEXT and after > len(before):
                    raise Refused
            self.doc.apply_update(update)
        except ValueError as error:
            raise protocol.Malformed("update") from error
        return self.doc.get_state() != state or str(self.text) != before

    def update_apply(self, update: bytes, *, writer: int | None) -> None:
        """An update the group passed on (checked where it came from, or an outside edit
        already stored); a writer's is saved after their pause."""
        self.doc.apply_update(update)
        if writer is not None and not self.locked:
            self.writers.setdefault(writer, None)
            self.save_later()

    async def greet(self, socket: str) -> None:
        """A room new in this process asks the section's rooms elsewhere for the edits they
        hold and have not saved yet; each process's first socket answers (room_hello)."""
        if not self.greeted:
            self.greeted = True
            await self.group_send(type="room.hello", state=self.doc.get_state(), reply_to=socket)

    def hello_answer(self, event: dict, socket: str) -> dict | None:
        """What this process's room holds that a new room lacks, if this socket answers."""
        if event["reply_to"] in self.sockets or socket != min(self.sockets, default=None):
            return None
        missing = self.doc.get_update(event["state"])
        return {"type": "room.update", "update": missing, "origin": None, "writer": None}

    # Awareness (cursors and names).

    def awareness_take(self, payload: bytes, *, socket: str, user: dict) -> bytes | None:
        """A socket's awareness update as passed on: only the client ids it announced first,
        each state's user being the session's (`user`), never what the browser said."""
        entries = [
            entry
            for entry in protocol.awareness_read(payload)
            if self.owners.setdefault(entry.client_id, socket) == socket
        ]
        entries = [
            dataclasses.replace(entry, state={**entry.state, "user": user})
            if entry.state is not None
            else entry
            for entry in entries
        ]
        return protocol.awareness_write(entries) if entries else None

    def awareness_apply(self, payload: bytes, *, origin: str) -> None:
        for entry in protocol.awareness_read(payload):
            self.owners.setdefault(entry.client_id, origin)
        self.awareness.apply_awareness_update(payload, origin)

    def awareness_current(self) -> bytes | None:
        """The states of everybody in the room, for a socket that joins."""
        ids = [id for id in self.awareness.states if id != self.awareness.client_id]
        return self.awareness.encode_awareness_update(ids) if ids else None

    def awareness_leave(self, socket: str) -> bytes | None:
        """The removal of a leaving socket's states, for the others."""
        ids = [id for id, owner in self.owners.items() if owner == socket]
        for id in ids:
            del self.owners[id]
        self.awareness.remove_awareness_states(ids, socket)
        return self.awareness.encode_awareness_update(ids) if ids else None

    # Saving.

    def save_later(self) -> None:
        """Save after the writers' pause: each update puts the save off again, but never past
        LIVE_SAVE_LONGEST_SECONDS from the burst's first unsaved edit (writers who never pause
        are saved all the same)."""
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        if self._burst_started is None:
            self._burst_started = loop.time()
        longest = self._burst_started + settings.LIVE_SAVE_LONGEST_SECONDS - loop.time()
        delay = max(0.0, min(settings.LIVE_SAVE_PAUSE_SECONDS, longest))
        self._timer = loop.call_later(delay, self._save_now)

    def _save_now(self) -> None:
        self._timer = None
        self._pending = asyncio.ensure_future(self.save())  # kept: a task nobody holds may go

    async def save(self) -> None:
        """Write the document's text and state, one revision naming the writers; the group
        hears that it was saved, or that the proposal can't be edited any more."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._saving:
            if not self.writers or self.locked:
                return
            writers, self.writers = list(self.writers), {}
            self._burst_started = None
            try:
                await database_sync_to_async(_save)(
                    section_id=self.section_id,
                    state=self.doc.get_update(),
                    covers=self.doc.get_state(),  # taken together: no await between them
                    writers=writers,
                )
            except ValidationError as error:
                await self.group_send(type="room.lock", reason=error.messages[0])
                return
            except Exception:
                logger.exception("The live document of section %s was not saved", self.section_id)
                self.writers = dict.fromkeys(writers) | self.writers

    async def lock(self) -> None:
        """The proposal can't be edited any more: what was written since the last save is kept
        in the history, as an edit refused, in the name of the first writer."""
        if self.locked:
            return
        self.locked = True
        if self._timer is not None:
            self._timer.cancel()
        if self.writers:
            writer, self.writers = next(iter(self.writers)), {}
            await database_sync_to_async(_keep_refused)(
                section_id=self.section_id, update=self.doc.get_update(), writer=writer
            )

    async def group_send(self, **message) -> None:
        await get_channel_layer().group_send(self.group, message)


def _save(*, section_id: int, state: bytes, covers: bytes, writers: list[int]) -> None:
    result = documents.document_save(section_id=section_id, state=state, writers=writers)
    section = result.section
    broadcast.room_saved(
        section_id=section_id, saved_at=section.updated_at, version=section.version, covers=covers
    )


def _keep_refused(*, section_id: int, update: bytes, writer: int) -> None:
    by = get_user_model().objects.filter(pk=writer).first()
    documents.document_keep_refused(section_id=section_id, update=update, by=by)


async def room_join(section_id: int, socket: str) -> Room:
    """The section's room in this process, opened from the stored document if it is new."""
    room = ROOMS.get(section_id)
    if room is None:
        room = ROOMS[section_id] = Room(section_id)
        room.opened = asyncio.ensure_future(room.open())
    room.sockets.add(socket)
    try:
        await room.opened
    except Exception:
        room_forget(room)
        raise
    return room


async def room_leave(room: Room, socket: str) -> None:
    """The last socket of this process leaving saves the room and closes it."""
    room.sockets.discard(socket)
    if room.sockets:
        return
    await room.save()
    if not room.sockets:
        room_forget(room)


def room_forget(room: Room) -> None:
    if ROOMS.get(room.section_id) is room:
        del ROOMS[room.section_id]
