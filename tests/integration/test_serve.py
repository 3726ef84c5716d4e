"""`make serve` end to end: its own environment from the lock file, the deploy checks, the
Procfile's four processes on PostgreSQL and two Redis instances, a page through the web process
(WSGI) and through the ws process (ASGI), an invitation through the real worker to an SMTP
server, and a stop that leaves nothing behind.

Needs PostgreSQL (DATABASE_URL names the server; the test makes a database of its own),
the broker (CELERY_BROKER_URL), a cache Redis apart from the broker's (CACHE_URL, else
127.0.0.1:6380 as .ci/run starts it) and, for the first install, PyPI.
"""

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.conf import settings

from mile.checks import redis_instance
from tests.integration.smtp_sink import SmtpSink, free_port

DATABASE = "mile_serve_test"
BROKER_DB = 13  # a Redis database of the test's own: its worker takes every task it finds there
INSTALLED = settings.BASE_DIR / ".venv-serve" / "bin" / ".installed"
LOCK = settings.BASE_DIR / "requirements.lock"

INVITE = """
from learningsets.invitations import account_invitation_send
from learningsets.models import LearningSet, SubTheme
from learningsets.services import member_create
from outbox.models import Email
from partners.models import Partner

amadora = Partner.objects.create(name="Amadora", slug="amadora", kind="city", country="PT")
als = LearningSet.objects.create(partner=amadora, sub_theme=SubTheme.objects.first())
member = member_create(
    learning_set=als, name="Ana Reis", email="ana.reis@amadora.example",
    organisation="Câmara Municipal da Amadora", actor_type="practitioner",
)
account_invitation_send(member=member, by=None)
print("email", Email.objects.get(to="ana.reis@amadora.example").pk)
"""


def with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path, query=""))


def answers(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=3):
        return True
    return False


def services() -> tuple[str, str, str]:
    """The PostgreSQL server, the broker and the cache to serve on; skips when one is missing."""
    database = os.environ.get("DATABASE_URL", "")
    if urlsplit(database).scheme not in {"postgres", "postgresql"}:
        pytest.skip("make serve runs on PostgreSQL: set DATABASE_URL to a PostgreSQL server.")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if redis_instance(broker) is None:
        pytest.skip("make serve needs Redis for the broker: set CELERY_BROKER_URL.")
    cache = os.environ.get("CACHE_URL", "")
    if redis_instance(cache) in {None, redis_instance(broker)}:
        cache = "redis://127.0.0.1:6380/0"  # .ci/run's cache instance
        if not answers("127.0.0.1", 6380):
            pytest.skip(
                "make serve needs a cache Redis apart from the broker's (.ci/run starts "
                "one on 127.0.0.1:6380; or set CACHE_URL)."
            )
    if not is_installed() and not answers("pypi.org", 443):
        pytest.skip("make serve installs requirements.lock from PyPI, which does not answer.")
    return database, with_path(broker, f"/{BROKER_DB}"), cache


def is_installed() -> bool:
    return INSTALLED.exists() and INSTALLED.stat().st_mtime >= LOCK.stat().st_mtime


@contextlib.contextmanager
def fresh_database(server_url: str):
    """An empty database of the test's own on the server; dropped afterwards."""

    def execute(statement: str) -> None:
        connection = psycopg2.connect(with_path(server_url, "/postgres"))
        try:
            connection.autocommit = True  # CREATE / DROP DATABASE run outside a transaction
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    execute(f"CREATE DATABASE {DATABASE}")
    try:
        yield with_path(server_url, f"/{DATABASE}")
    finally:
        execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, whatever session it started."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def uvicorn_environment(pids: set[int]) -> dict[str, str]:
    """The environment of the one process among `pids` that runs uvicorn (the ws process)."""
    found = []
    for pid in pids:
        with contextlib.suppress(OSError):
            arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if any(argument.endswith(b"/uvicorn") for argument in arguments[:2]):
                environ = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
                found.append(dict(item.split("=", 1) for item in environ if "=" in item))
    assert len(found) == 1, f"{len(found)} uvicorn processes"
    return found[0]


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()}


def get(port: int, path: str):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    return urllib.request.urlopen(request, timeout=10)


def wait_for_the_site(serve: subprocess.Popen, ports: list[int], log: Path) -> None:
    """Until each process answers on its port (the web's, then the ws process's)."""
    deadline = time.monotonic() + (120 if is_installed() else 900)
    waiting = list(ports)
    while waiting and time.monotonic() < deadline:
        if serve.poll() is not None:
            pytest.fail(f"make serve ended with {serve.returncode}:\n{tail(log)}")
        with contextlib.suppress(OSError):
            get(waiting[0], "/")
            waiting.pop(0)
            continue
        time.sleep(0.5)
    if waiting:
        pytest.fail(f"nothing answered on port {waiting[0]}:\n{tail(log)}")


def is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        with contextlib.suppress(OSError):
            probe.bind(("127.0.0.1", port))
            return True
    return False


def tail(log: Path, lines: int = 60) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def serve_environment(tmp_path):
    database_server, broker, cache = services()
    port, ws_port = free_port(), free_port()
    with fresh_database(database_server) as database, SmtpSink() as sink:
        environment = {
            **os.environ,
            "DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "BEHIND_TLS_PROXY": "true",
            "DATABASE_URL": database,
            "CELERY_BROKER_URL": broker,
            "CACHE_URL": cache,
            "EMAIL_BACKEND": "",
            "EMAIL_HOST": sink.host,
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "WEB_CONCURRENCY": "1",
            "PYTHONUNBUFFERED": "1",
        }
        yield environment, port, ws_port, sink


def test_make_serve_serves_pages_sends_e_mail_through_its_worker_and_stops_whole(
    serve_environment, tmp_path
):
    environment, port, ws_port, sink = serve_environment
    log = tmp_path / "serve.log"
    command = [
        "make",
        "serve",
        "ENV_FILE=/dev/null",
        "HOST=127.0.0.1",
        f"PORT={port}",
        f"WS_PORT={ws_port}",
    ]
    with log.open("ab") as output:
        serve = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    processes: set[int] = set()
    try:
        wait_for_the_site(serve, [port, ws_port], log)
        processes = descendants(serve.pid)

        # The web process is gunicorn on mile.wsgi, the ws process uvicorn on mile.asgi: the same
        # site from each.
        for served_on, server in [(port, "gunicorn"), (ws_port, "uvicorn")]:
            page = get(served_on, "/")
            html = page.read().decode()
            assert page.status == 200
            assert page.headers["Server"] == server
            assert (
                "<title>Managing Migration and Integration in Cities and Regions · MILE</title>"
                in html
            )
            assert page.headers["Strict-Transport-Security"] == (
                "max-age=31536000; includeSubDomains; preload"
            )
        # Ready on the real services, as a load balancer polls it; the ws process answers too.
        ready = get(port, "/health/ready")
        assert json.loads(ready.read()) == {
            "database": "OK",
            "migrations": "OK",
            "cache": "OK",
            "broker": "OK",
            "outbox": "OK",
        }
        assert json.loads(get(ws_port, "/health/live").read()) == {"status": "ok"}
        # Under ASGI, without persistent connections (Django's documentation).
        assert uvicorn_environment(processes)["DATABASE_CONN_MAX_AGE"] == "0"

        invited = subprocess.run(
            [".venv-serve/bin/python", "manage.py", "shell", "--no-imports", "-c", INVITE],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert invited.returncode == 0, invited.stderr
        email_id = int(re.search(r"^email (\d+)$", invited.stdout, re.MULTILINE).group(1))
        deadline = time.monotonic() + 60
        while not sink.received and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sink.received == Counter({email_id: 1}), tail(log)
    finally:
        processes |= descendants(serve.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
        deadline = time.monotonic() + 30
        while alive(processes) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = alive(processes)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    assert left == set(), f"processes left running:\n{tail(log)}"
    assert processes, "make serve started no process"
    assert is_free(port) and is_free(ws_port), "something still listens"
    assert "System check identified no issues (0 silenced)." in log.read_text()
