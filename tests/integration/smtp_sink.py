"""A local SMTP server that keeps count of the outbox rows it received (X-MILE-Email header)."""

import logging
import re
import socket
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller

# aiosmtpd logs every command of every session at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)

HEADER = re.compile(rb"^X-MILE-Email:\s*(\d+)\s*$", re.IGNORECASE | re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """Accepts every message, or answers 421 at the end of DATA during its first seconds.

    A message counts as received once the server has taken it, before the client hears the
    reply: exactly the moment after which a dead sender may have delivered a message twice.
    """

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = free_port()
        self.received: Counter[int] = Counter()
        self.refused: Counter[int] = Counter()
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.refusing_seconds = 0.0
        self._refusing_since: float | None = None
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname=self.host, port=self.port)

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc_info):
        self._controller.stop()

    def refuse_first(self, seconds: float) -> None:
        """Answer 421 to every message for `seconds` from the first message on."""
        self.refusing_seconds = seconds

    async def handle_DATA(self, server, session, envelope):
        match = HEADER.search(envelope.original_content.split(b"\r\n\r\n", 1)[0])
        email_id = int(match.group(1)) if match else 0
        now = time.monotonic()
        with self._lock:
            self._refusing_since = self._refusing_since or now
            if now < self._refusing_since + self.refusing_seconds:
                self.refused[email_id] += 1
                return "421 4.3.2 Service not available, try again later"
            self.received[email_id] += 1
            self.first_at = self.first_at or now
            self.last_at = now
        return "250 OK"

    def duplicates(self) -> dict[int, int]:
        """Row ids received more than once, with how many times."""
        with self._lock:
            return {email_id: n for email_id, n in self.received.items() if n > 1}
