"""The socket of one browser on one section: y-websocket's protocol, checked by the room.

Close codes: 4401 not logged in, 4403 may not edit (or the proposal locked), 4404 no such
section, 4400 a malformed message, 4413 a message over LIVE_MESSAGE_MAX_BYTES or a text over
the forms' cap. Every sentence a browser reads is in the socket's language.
"""

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from pycrdt import YMessageType, YSyncMessageType, create_sync_message, create_update_message

from proposals.forms import MAX_TEXT, grouped
from proposals.live import access, broadcast, crdt, documents, protocol
from proposals.live.room import Refused, cursor_user, room_join, room_leave

MALFORMED, TOO_LARGE, LOCKED = 4400, 4413, access.MAY_NOT_EDIT
# Translators: {limit} is a number of characters, such as "100 000".
TOO_LONG = _(
    "This edit would make the section longer than {limit} characters, so it was not kept. "
    "Shorten the text and type again."
)


# A keystroke's messages: their handlers touch no database (what does goes through
# database_sync_to_async, which closes old connections itself).
KEYSTROKES = {"websocket.receive", "room.update", "room.awareness"}


class SectionConsumer(AsyncWebsocketConsumer):
    room = None
    locked = False  # an author of a locked proposal: only their offline edits are heard
    closing = False

    async def dispatch(self, message):
        """Channels closes old database connections in a thread before every message; a
        keystroke's messages skip that hop (the bench: 4 thread hops a keystroke, the p95 past
        100 ms at 150 sockets; bench/README.md, "Live co-editing")."""
        if message["type"] in KEYSTROKES:
            return await getattr(self, get_handler_name(message))(message)
        return await super().dispatch(message)

    async def connect(self):
        self.section_id = int(self.scope["url_route"]["kwargs"]["section_id"])
        self.user = self.scope["user"]
        self.language = access.socket_language(self.scope)
        verdict = await database_sync_to_async(access.socket_access)(
            user=self.user, section_id=self.section_id
        )
        await self.accept()  # then closed with a code the browser can read
        if verdict.refused:
            return await self.close(code=verdict.refused)
        if verdict.locked:
            return await self.locked_open()
        await self.channel_layer.group_add(broadcast.group_name(self.section_id), self.channel_name)
        self.room = await room_join(self.section_id, self.channel_name)
        await self.room.greet(self.channel_name)
        await self.send(bytes_data=create_sync_message(self.room.doc))
        if current := self.room.awareness_current():
            await self.send(bytes_data=protocol.awareness_message(current))

    async def disconnect(self, code):
        if self.room is None:
            return
        await self.channel_layer.group_discard(
            broadcast.group_name(self.section_id), self.channel_name
        )
        if removal := self.room.awareness_leave(self.channel_name):
            await self.room.group_send(
                type="room.awareness", update=removal, origin=self.channel_name
            )
        await room_leave(self.room, self.channel_name)

    async def close(self, code=None, reason=None):
        self.closing = True
        await super().close(code=code, reason=reason)

    async def receive(self, text_data=None, bytes_data=None):
        if self.closing:
            return
        if bytes_data is not None and len(bytes_data) > settings.LIVE_MESSAGE_MAX_BYTES:
            return await self.close(code=TOO_LARGE)
        try:
            if bytes_data is None:
                raise protocol.Malformed("a text frame")
            message = protocol.message_read(bytes_data)
            await (self.locked_receive if self.locked else self.room_receive)(message)
        except protocol.Malformed:
            await self.close(code=MALFORMED)
        except Refused:
            await self.status(refused=self.translated(TOO_LONG, limit=grouped(MAX_TEXT)))
            await self.close(code=TOO_LARGE)

    async def room_receive(self, message: protocol.Message):
        room = self.room
        if message.sync == YSyncMessageType.SYNC_STEP1:
            await self.send(bytes_data=protocol.sync_reply(message.payload, room.doc))
        elif message.is_update:
            if room.update_take(message.payload):
                await room.group_send(
                    type="room.update",
                    update=message.payload,
                    origin=self.channel_name,
                    writer=self.user.pk,
                )
        elif message.kind == YMessageType.AWARENESS:
            user = cursor_user(self.user)
            update = room.awareness_take(message.payload, socket=self.channel_name, user=user)
            if update:
                await room.group_send(
                    type="room.awareness", update=update, origin=self.channel_name
                )

    # A locked proposal: the stored text is offered, the writer's offline edits kept as refused.

    async def locked_open(self):
        self.locked = True
        state = await database_sync_to_async(documents.document_open)(section_id=self.section_id)
        self.stored = crdt.doc_of(state)
        await self.send(bytes_data=create_sync_message(self.stored))

    async def locked_receive(self, message: protocol.Message):
        if message.sync == YSyncMessageType.SYNC_STEP1:
            await self.send(bytes_data=protocol.sync_reply(message.payload, self.stored))
        elif message.is_update:
            keep = database_sync_to_async(documents.document_keep_refused)
            try:
                await keep(section_id=self.section_id, update=message.payload, by=self.user)
            except ValueError as error:  # no Yjs update: nothing kept
                raise protocol.Malformed("update") from error
            await self.lock()

    # The group's messages.

    async def room_update(self, event):
        self.room.update_apply(event["update"], writer=event["writer"])
        if event["origin"] != self.channel_name and not self.closing:
            await self.send(bytes_data=create_update_message(event["update"]))

    async def room_awareness(self, event):
        # To every socket, its writer's too, as y-websocket's server does: a browser alone in
        # the section hears its own state renewed, else y-websocket reconnects after 30 s.
        self.room.awareness_apply(event["update"], origin=event["origin"])
        if not self.closing:
            await self.send(bytes_data=protocol.awareness_message(event["update"]))

    async def room_hello(self, event):
        if answer := self.room.hello_answer(event, self.channel_name):
            await self.channel_layer.send(event["reply_to"], answer)

    async def room_saved(self, event):
        if not self.closing:
            await self.status(
                saved=event["saved"], version=event["version"], covers=event["covers"]
            )

    async def room_lock(self, event):
        await self.room.lock()
        if not self.closing:
            await self.lock(event["reason"])

    async def lock(self, fallback: str = ""):
        reason = await database_sync_to_async(self.translated_reason)(fallback)
        await self.status(locked=reason)
        await self.close(code=LOCKED)

    # Sentences in the socket's language.

    def translated(self, sentence, **values) -> str:
        with translation.override(self.language):
            return str(sentence).format(**values)

    def translated_reason(self, fallback: str) -> str:
        with translation.override(self.language):
            return access.locked_reason(section_id=self.section_id) or fallback

    async def status(self, **status):
        await self.send(bytes_data=protocol.status_message(**status))
