"""A real broker, a real worker and a local SMTP server around each integration test."""

import pytest
from django.db import connection

from mile.celery import app as celery_app
from tests.integration.smtp_sink import SmtpSink
from tests.integration.worker import Worker, forget_queue, unique_queue, worker_environment

# How long the outbox waits for a dead worker, and the first retry delay, during these tests.
LEASE_SECONDS = 5
RETRY_BASE_SECONDS = 1


@pytest.fixture
def broker_queue():
    """Tasks go to a real broker (not run in the test) on a queue of this test's own."""
    queue = unique_queue()
    eager, default_queue = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_default_queue = default_queue
    forget_queue(queue)


@pytest.fixture
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def start_worker(transactional_db, broker_queue, smtp_sink, tmp_path):
    """Start a worker on the test database; every worker started is stopped at teardown,
    before the test database is flushed."""
    environment = worker_environment(
        settings_dict=connection.settings_dict,
        smtp_port=smtp_sink.port,
        EMAIL_LEASE_SECONDS=str(LEASE_SECONDS),
        EMAIL_RETRY_BASE_SECONDS=str(RETRY_BASE_SECONDS),
    )
    workers = []

    def _start() -> Worker:
        worker = Worker(
            queue=broker_queue,
            environment=environment,
            log=tmp_path / f"worker-{len(workers) + 1}.log",
        )
        workers.append(worker)
        return worker

    yield _start
    for worker in workers:
        worker.stop()
