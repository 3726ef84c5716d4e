"""The live co-editing's wire format: y-websocket's binary messages (y-protocols: a message
type, for a sync message its sub-type, then a length-prefixed payload), read and written with
pycrdt's helpers, and the platform's status message (type 100, a JSON object)."""

import json
from dataclasses import dataclass

from pycrdt import (
    Decoder,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    handle_sync_message,
    write_message,
    write_var_uint,
)

STATUS = 100  # server -> browser only: {"saved", "version", "covers"}, {"locked"} or {"refused"}
SYNC_TYPES = {member.value for member in YSyncMessageType}


class Malformed(ValueError):
    """A frame that is not a message of the protocol: the socket is closed (4400)."""


@dataclass(frozen=True)
class Message:
    kind: YMessageType
    payload: bytes  # a state vector (sync step 1), an update, or an awareness update
    sync: YSyncMessageType | None = None

    @property
    def is_update(self) -> bool:
        """Sync step 2 or an update: what changes the document."""
        return self.sync in (YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE)


def message_read(frame: bytes) -> Message:
    """The one message of a binary frame; Malformed for anything else, trailing bytes too."""
    decoder = Decoder(frame)
    try:
        kind = decoder.read_var_uint()
        sync = decoder.read_var_uint() if kind == YMessageType.SYNC else None
        payload = decoder.read_message()
    except (IndexError, RuntimeError) as error:
        raise Malformed("truncated") from error
    if kind not in (YMessageType.SYNC, YMessageType.AWARENESS) or (
        sync is not None and sync not in SYNC_TYPES
    ):
        raise Malformed(f"unknown message type {kind}/{sync}")
    if payload is None or decoder.length != 0:  # negative: shorter than it said
        raise Malformed("length")
    return Message(
        kind=YMessageType(kind),
        payload=payload,
        sync=None if sync is None else YSyncMessageType(sync),
    )


@dataclass(frozen=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state: dict | None  # None: the client is gone


def awareness_read(payload: bytes) -> list[AwarenessEntry]:
    """The entries of an awareness update: client id, clock and JSON state (null when gone)."""
    decoder = Decoder(payload)
    try:
        entries = []
        for _ in range(decoder.read_var_uint()):
            client_id, clock = decoder.read_var_uint(), decoder.read_var_uint()
            raw = decoder.read_message()
            state = json.loads(raw.decode()) if raw else None
            if state is not None and not isinstance(state, dict):
                raise Malformed("an awareness state is an object")
            entries.append(AwarenessEntry(client_id, clock, state))
    except (IndexError, RuntimeError, AttributeError, UnicodeDecodeError, ValueError) as error:
        raise Malformed("awareness") from error
    if decoder.length != 0:
        raise Malformed("awareness length")
    return entries


def awareness_write(entries: list[AwarenessEntry]) -> bytes:
    """An awareness update (the payload, without the message type) of these entries."""
    parts = [write_var_uint(len(entries))]
    for entry in entries:
        state = json.dumps(entry.state, separators=(",", ":"))
        parts += [write_var_uint(entry.client_id), write_var_uint(entry.clock)]
        parts.append(write_message(state.encode()))
    return b"".join(parts)


def sync_reply(state_vector: bytes, doc) -> bytes:
    """Sync step 2 for a browser's step 1: what its document lacks of `doc`."""
    step1 = bytes([YSyncMessageType.SYNC_STEP1]) + write_message(state_vector)
    try:
        return handle_sync_message(step1, doc)
    except ValueError as error:
        raise Malformed("state vector") from error


def awareness_message(payload: bytes) -> bytes:
    return create_awareness_message(payload)


def status_message(**status) -> bytes:
    """The platform's status message: type 100, then the JSON object as a var string."""
    return write_var_uint(STATUS) + write_message(json.dumps(status).encode())
