"""The Celery app is configured from the Django settings: eager without a broker, else Redis."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from mile.celery import app

# Defines a task and queues it, in a fresh interpreter whose settings read the given environment.
SCRIPT = """
import django
django.setup()
from mile.celery import app

@app.task
def add(a, b):
    return a + b

eager = app.conf.task_always_eager
print(app.conf.broker_url, eager, add.delay(2, 3).get(timeout=5) if eager else "-")
"""


def celery_in(**environment):
    clean = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_app_reads_its_configuration_from_the_django_settings():
    assert (
        app.main,
        app.conf.broker_url,
        app.conf.task_acks_late,
        app.conf.worker_prefetch_multiplier,
        app.conf.timezone,
    ) == (
        "mile",
        settings.CELERY_BROKER_URL,
        True,
        1,
        "Europe/Brussels",
    )


def test_without_a_broker_tasks_run_eagerly_in_process():
    assert celery_in() == "memory://localhost/ True 5"


def test_with_a_broker_tasks_are_queued_not_run_in_process():
    assert celery_in(CELERY_BROKER_URL="redis://127.0.0.1:6379/0") == (
        "redis://127.0.0.1:6379/0 False -"
    )


def test_the_configured_broker_accepts_a_connection():
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is not set: no real broker to connect to")

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)

        assert connection.connected is True
