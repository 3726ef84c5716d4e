"""The live bench's writers (bench/live.py): y-websocket clients, one pycrdt document and one
WebSocket each, as the browser's WebsocketProvider speaks to the ws process.

Each writer syncs (step 1 / step 2), then types a character into the shared text at fixed
times (an open model: a late keystroke is not pushed back, and its lateness counts), sending
each transaction's update as a sync update. The room passes the original update bytes on to
the other writers of the section, so a receiver finds the keystroke's planned time by the
bytes: latency = arrival on that writer's socket − the keystroke's planned time.
"""

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import websockets
from pycrdt import (
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)

STATUS = 100  # the server's status messages: a varstring of JSON (issue 18's contract)
WORDS = "We propose a mentoring scheme for migrant entrepreneurs in the city. "
CONNECTING_AT_ONCE = 20  # sockets opened in parallel before the run
DRAIN_SECONDS = 60  # after the last keystroke, the longest wait for its deliveries


@dataclass
class Seat:
    """One writer's place: the section's socket URL and the session that opens it."""

    section: int
    url: str
    headers: dict


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)  # ms, measured deliveries
    lateness: list[float] = field(default_factory=list)  # ms, keystrokes sent after plan
    connect: list[float] = field(default_factory=list)  # ms, open + synced, per socket
    sent: int = 0  # keystrokes measured (after the warm-up)
    expected: int = 0  # their deliveries due: each to every other writer of its section
    statuses: Counter = field(default_factory=Counter)  # saved / locked / refused messages
    closed: Counter = field(default_factory=Counter)  # unexpected closes, by code
    texts: dict = field(default_factory=dict)  # section pk -> each writer's final text
    probes: list = field(default_factory=list)  # the probe's readings: start, end of measure
    typed: Counter = field(default_factory=Counter)  # section pk -> keystrokes, warm-up too


@dataclass
class Pace:
    """How the writers type: a keystroke every `interval` seconds each; with `burst`, the
    writers of a section type for `burst` seconds, then all pause for `pause` seconds. The
    first `warm_up` seconds are typed but not measured."""

    interval: float = 0.2
    warm_up: float = 3.0
    burst: float = 0.0
    pause: float = 0.0


class Writer:
    def __init__(self, seat: Seat, run: "Run"):
        self.seat, self.run = seat, run
        self.doc = Doc()
        self.text = self.doc.get("text", type=Text)
        self.synced = asyncio.Event()
        self.socket = None
        self.typed = 0
        self.local = False
        self.outgoing: list[bytes] = []
        self.doc.observe(self._updated)

    def _updated(self, event) -> None:
        if self.local:
            self.outgoing.append(event.update)

    async def open(self) -> None:
        started = time.monotonic()
        self.socket = await websockets.connect(
            self.seat.url,
            additional_headers=self.seat.headers,
            origin=self.run.origin,
            open_timeout=60,
            max_size=2**21,
            compression=None,
        )
        self.listening = asyncio.create_task(self.listen())
        await self.socket.send(create_sync_message(self.doc))
        await asyncio.wait_for(self.synced.wait(), timeout=60)
        self.run.figures.connect.append((time.monotonic() - started) * 1000)

    async def listen(self) -> None:
        try:
            async for message in self.socket:
                await self.receive(message)
        except websockets.ConnectionClosed:
            pass
        code = self.socket.close_code
        if not self.run.closing and code is not None:
            self.run.figures.closed[code] += 1

    async def receive(self, message: bytes) -> None:
        if isinstance(message, str) or not message:
            self.run.figures.closed["text frame"] += 1
            return
        arrived = time.monotonic()
        if message[0] == YMessageType.SYNC:
            if message[1] == YSyncMessageType.SYNC_UPDATE:
                self.run.delivered(read_message(message[2:]), arrived, self)
            reply = handle_sync_message(message[1:], self.doc)
            if reply is not None:
                await self.socket.send(reply)
            if message[1] == YSyncMessageType.SYNC_STEP2:
                self.synced.set()
        elif message[0] == STATUS:
            status = json.loads(read_message(message[1:]))
            self.run.figures.statuses.update(status.keys())

    async def type(self, start: float, until: float) -> None:
        """A keystroke every interval from a jittered start, each at its planned time; with
        bursts, the section's writers all stop for the pause after each burst."""
        planned = start + random.uniform(0, self.run.interval)
        while planned < until and self.socket.state is websockets.State.OPEN:
            if self.run.burst:
                cycle = self.run.burst + self.run.pause
                if (planned - start) % cycle >= self.run.burst:
                    planned += cycle - (planned - start) % cycle
                    continue
            await asyncio.sleep(max(0.0, planned - time.monotonic()))
            self.local = True
            self.text.insert(len(self.text), WORDS[self.typed % len(WORDS)])
            self.local = False
            self.typed += 1
            updates, self.outgoing = self.outgoing, []
            for update in updates:
                self.run.keystroke(update, planned, self)
                try:
                    await self.socket.send(create_update_message(update))
                except websockets.ConnectionClosed:
                    return  # counted by listen()
            planned += self.run.interval


class Run:
    """One step of the bench: every writer opens and syncs, types, and closes."""

    def __init__(self, seats: list[Seat], *, origin: str, pace: "Pace", probe=None):
        self.origin, self.interval, self.warm_up = origin, pace.interval, pace.warm_up
        self.burst, self.pause = pace.burst, pace.pause
        self.probe = probe or (lambda: None)
        self.figures = Figures()
        self.writers = [Writer(seat, self) for seat in seats]
        self.per_section = Counter(seat.section for seat in seats)
        self.planned: dict[bytes, tuple[float, Writer]] = {}
        self.measured_from = float("inf")
        self.arrivals = 0  # deliveries, warm-up included
        self.closing = False

    def keystroke(self, update: bytes, planned: float, sender: Writer) -> None:
        if planned >= self.measured_from:
            self.figures.sent += 1
            self.figures.expected += self.per_section[sender.seat.section] - 1
            self.figures.lateness.append((time.monotonic() - planned) * 1000)
        self.planned[update] = (planned, sender)

    def delivered(self, update: bytes, arrived: float, receiver: Writer) -> None:
        planned, sender = self.planned.get(update, (None, None))
        if planned is None or sender is receiver:
            return
        self.arrivals += 1
        if planned >= self.measured_from:
            self.figures.latencies.append((arrived - planned) * 1000)

    async def drained(self, limit: float) -> None:
        """Until every keystroke reached every other writer of its section, or `limit` s:
        a late delivery is measured, not lost."""
        due = sum(self.per_section[writer.seat.section] - 1 for writer in self.writers
                  for _ in range(writer.typed))  # fmt: skip
        deadline = time.monotonic() + limit
        while self.arrivals < due and time.monotonic() < deadline:
            await asyncio.sleep(0.1)

    def _probe(self) -> None:
        self.figures.probes.append(self.probe())

    async def measure(self, seconds: float) -> Figures:
        gate = asyncio.Semaphore(CONNECTING_AT_ONCE)

        async def open_one(writer):
            async with gate:
                await writer.open()

        await asyncio.gather(*(open_one(writer) for writer in self.writers))
        start = time.monotonic() + 0.5
        self.measured_from = start + self.warm_up
        until = self.measured_from + seconds
        asyncio.get_running_loop().call_at(self.measured_from, self._probe)
        asyncio.get_running_loop().call_at(until, self._probe)
        await asyncio.gather(*(writer.type(start, until) for writer in self.writers))
        # Writers in bursts may stop before `until` (in a pause): the end probe is taken then.
        await asyncio.sleep(max(0.0, until - time.monotonic()) + 0.05)
        await self.drained(DRAIN_SECONDS)
        for writer in self.writers:
            self.figures.texts.setdefault(writer.seat.section, []).append(str(writer.text))
            self.figures.typed[writer.seat.section] += writer.typed
        self.closing = True
        await asyncio.gather(*(writer.socket.close() for writer in self.writers))
        await asyncio.gather(*(writer.listening for writer in self.writers))
        return self.figures


def run(seats: list[Seat], *, origin: str, seconds: float, pace: Pace, probe=None) -> Figures:
    """Open every seat's socket, type for the warm-up and `seconds`, close; the figures.
    `probe()` is called when the measure starts and when it ends (CPU readings)."""
    return asyncio.run(Run(seats, origin=origin, pace=pace, probe=probe).measure(seconds))
