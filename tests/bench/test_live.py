"""python -m bench.live (bench/live.py): a short step, 2 sections typed for 2 seconds through a
real ws process (the Procfile's uvicorn serving mile.asgi) on the test database."""

import os
import signal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from bench import live, live_writers
from bench.live_report import report, row
from tests.integration.smtp_sink import free_port
from tests.integration.worker import database_url


@pytest.fixture
def ws_port(django_db_serialized_rollback, transactional_db):
    """The ws process on the test database (which it must see: PostgreSQL), stopped before
    the database is flushed; the migrations' seed data (the sub-themes) restored first, since
    an earlier transactional test's flush takes it. Sessions and the channel layer as the
    test's settings have them: the cache's Redis or the database, the Redis channel layer or
    the process's own."""
    if connection.vendor != "postgresql":
        pytest.skip("The ws process reads the test database: set DATABASE_URL to PostgreSQL.")
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions are signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(connection.settings_dict),
        "LOG_LEVEL": "WARNING",
    }
    server = live.start_ws(1, port=port, environment=environment)
    yield SimpleNamespace(port=port, server=server)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def test_two_sections_typed_for_two_seconds_report_every_keystroke_and_their_save(ws_port):
    sections = live.sections_create(count=2)
    pace = live_writers.Pace(interval=0.2, warm_up=0.5)

    result = live.step(sections, pace, 2, ws_port.server, port=ws_port.port)

    figures = row(result)
    assert (figures["sockets"], figures["sections"]) == (6, 2)
    # 6 writers, 5 keystrokes a second each, every one on the 2 other writers' sockets.
    assert result["figures"].sent == pytest.approx(6 * 5 * 2, abs=6)
    assert result["figures"].expected == 2 * result["figures"].sent
    assert not figures["lost"]
    assert result["figures"].closed == {}
    assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"] <= figures["max"]
    # One burst per section (no pause while typing): saved when the writers left, naming all.
    assert (figures["converged"], figures["saved"]) == (2, 2)
    assert figures["writes"] == 2
    assert figures["coauthored"] == 2
    options = SimpleNamespace(workers=1, label="test", seconds=2)
    assert "| 6 (2) |" in report([result], options, pace)
