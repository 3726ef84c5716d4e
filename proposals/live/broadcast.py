"""What Django code tells a section's live room, through the channel layer: every ws worker's
replica of the room is in the section's group. Each message is sent once the transaction that
caused it has committed, so a room never hears of a change that was rolled back."""

import base64

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def group_name(section_id: int) -> str:
    return f"live-section-{section_id}"


def _send_on_commit(section_id: int, message: dict) -> None:
    def send():
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group_name(section_id), message)

    # Robust: the change is committed whatever becomes of the message; a channel layer that
    # can't be reached is logged, never the writer's error page.
    transaction.on_commit(send, robust=True)


def room_update(*, section_id: int, update: bytes) -> None:
    """An edit made outside the live editor, already in the stored document: the rooms apply
    it and pass it to their editors."""
    message = {"type": "room.update", "update": update, "origin": None, "writer": None}
    _send_on_commit(section_id, message)


def rooms_lock(*, proposal, reason: str) -> None:
    """The proposal can't be edited now: every room of its sections turns read-only."""
    for section_id in proposal.sections.values_list("pk", flat=True):
        _send_on_commit(section_id, {"type": "room.lock", "reason": str(reason)})


def room_saved(*, section_id: int, saved_at, version: int, covers: bytes = b"") -> None:
    """The section's text was saved: the editors' status line says when. `covers` is the
    state vector of what was saved (Yjs' encoding): each browser tells from it whether its own
    edits are all saved, in base64 since the status is JSON."""
    message = {
        "type": "room.saved",
        "saved": saved_at.isoformat(),
        "version": version,
        "covers": base64.b64encode(covers).decode("ascii"),
    }
    _send_on_commit(section_id, message)
