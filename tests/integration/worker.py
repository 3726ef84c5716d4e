"""A real `celery -A mile worker` in a process group of its own, on a queue of its own."""

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from mile.celery import app as celery_app


def unique_queue() -> str:
    return f"mile-test-{uuid.uuid4().hex[:12]}"


def database_url(settings_dict: dict) -> str:
    """The URL of the database the caller is connected to (the test database in tests)."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = quote(settings_dict["HOST"] or "127.0.0.1", safe="")  # or a socket's directory
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def worker_environment(*, settings_dict: dict, smtp_port: int, **extra: str) -> dict[str, str]:
    """The environment of a worker on the caller's database and broker, sending to the sink."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mile.settings",
        "DEBUG": "false",  # DEBUG would keep every query of the run in memory
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url(settings_dict),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


class Worker:
    """One worker node; its pool processes share its process group, so it can die whole."""

    def __init__(self, *, queue: str, environment: dict[str, str], log: Path, concurrency=2):
        self.log = log
        self.stopped = False
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mile",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            f"--hostname={queue}-{uuid.uuid4().hex[:6]}@%h",
            f"--queues={queue}",
            "--loglevel=warning",
        ]
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL to the main process and every pool process at once: nothing gets to clean up."""
        self.stopped = True
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=30)

    def died(self) -> bool:
        """Whether the worker ended without being told to."""
        return not self.stopped and self.process.poll() is not None

    def stop(self, timeout: float = 30) -> None:
        """Warm shutdown (tasks in hand finish), then make sure no pool process is left."""
        self.stopped = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(timeout=30)
        self._signal_group(signal.SIGKILL)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # the whole group has gone already
            os.killpg(self.process.pid, signum)


def waiting_on_broker(queue: str) -> int:
    """How many tasks of this queue the broker has not handed to a worker yet."""
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.client.llen(queue)


def forget_queue(queue: str) -> None:
    """Remove what a test left on the broker: its queue and the unacknowledged messages of a
    killed worker, which Redis would otherwise hand to some worker an hour later."""
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        client = channel.client
        for tag, raw in client.hgetall(channel.unacked_key).items():
            if raw.endswith(f'"{queue}"]'.encode()):
                client.zrem(channel.unacked_index_key, tag)
                client.hdel(channel.unacked_key, tag)
        # The queue's list, one more per message priority, and its bindings.
        keys = [*client.keys(f"{queue}*"), *client.keys(f"_kombu.binding*.{queue}")]
        if keys:
            client.delete(*keys)
