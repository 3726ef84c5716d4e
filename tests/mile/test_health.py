"""The health endpoints a load balancer or a monitor polls: /health/live and /health/ready."""

import json
import os
from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from outbox.models import Email
from tests.mile.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

ADDRESS = "bob.martins@amadora.example"
UP = {"database": "OK", "migrations": "OK", "cache": "OK", "outbox": "OK"}
STALE = "Unavailable: an e-mail has been due for more than 30 minutes: is a Celery worker running?"


@pytest.fixture(autouse=True)
def _no_broker(settings):
    # Tasks run in the process (eager) unless a test gives a broker: none is checked then.
    settings.CELERY_BROKER_URL = "memory://localhost/"


def queued(*, due_minutes_ago: float, status=Email.Status.QUEUED, **fields) -> Email:
    due = timezone.now() - timedelta(minutes=due_minutes_ago)
    return Email.objects.create(
        kind="invitation",
        to=ADDRESS,
        language="en-gb",
        subject="Invitation",
        body_text="Hello",
        dedupe_key=f"test:{due_minutes_ago}:{status}",
        status=status,
        next_attempt_at=due,
        **fields,
    )


def ready(client):
    response = client.get("/health/ready")
    assert ADDRESS not in response.text
    return response.status_code, json.loads(response.content)


def test_live_answers_without_a_query_nor_a_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")

    assert (response.status_code, json.loads(response.content)) == (200, {"status": "ok"})
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_live_answers_a_head(client):
    response = client.head("/health/live")

    assert (response.status_code, response.content) == (200, b"")


def test_ready_is_200_with_every_component_up_in_four_queries(client, django_assert_num_queries):
    with django_assert_num_queries(4):  # SELECT 1, the migrations' table and rows, the outbox
        answer = ready(client)

    assert answer == (200, UP)


def test_ready_sets_no_cookie_and_is_never_stored(client):
    response = client.get("/health/ready")

    assert not response.cookies
    assert set(response["Cache-Control"].split(", ")) >= {"no-store", "no-cache", "private"}


def test_ready_is_503_naming_the_outbox_when_an_e_mail_has_been_due_too_long(client):
    queued(due_minutes_ago=31)

    assert ready(client) == (503, UP | {"outbox": STALE})


def test_an_e_mail_due_a_few_minutes_ago_is_not_stuck(client):
    queued(due_minutes_ago=5)

    assert ready(client) == (200, UP)


def test_an_e_mail_waiting_for_a_later_retry_is_not_stuck(client):
    queued(due_minutes_ago=-60, attempts=3, created_at=timezone.now() - timedelta(hours=5))

    assert ready(client) == (200, UP)


def test_sent_and_failed_e_mails_are_not_waiting(client):
    queued(due_minutes_ago=600, status=Email.Status.SENT)
    queued(due_minutes_ago=600, status=Email.Status.FAILED)

    assert ready(client) == (200, UP)


def test_an_e_mail_whose_worker_died_long_ago_is_stuck(client):
    lease = timezone.now() - timedelta(minutes=45)
    queued(due_minutes_ago=50, status=Email.Status.SENDING, locked_until=lease)

    assert ready(client) == (503, UP | {"outbox": STALE})


def test_the_threshold_is_a_setting(client, settings):
    settings.HEALTH_OUTBOX_MAX_AGE_MINUTES = 10
    queued(due_minutes_ago=15)

    status, answer = ready(client)

    assert (status, answer["outbox"]) == (
        503,
        "Unavailable: an e-mail has been due for more than 10 minutes: is a Celery worker running?",
    )


def test_ready_is_503_naming_the_migrations_when_one_is_not_applied(client):
    MigrationRecorder.Migration.objects.filter(app="outbox").order_by("-id")[:1].get().delete()

    assert ready(client) == (
        503,
        UP | {"migrations": "Unavailable: 1 migrations not applied: run manage.py migrate"},
    )


def test_ready_is_503_naming_the_broker_when_it_cannot_be_reached(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    assert ready(client) == (
        503,
        UP | {"broker": "Unavailable: Unable to connect to Redis: Connection Error"},
    )


def test_ready_checks_a_running_broker(client, settings):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("CELERY_BROKER_URL is not a Redis URL: no real broker to ping")
    settings.CELERY_BROKER_URL = broker

    assert ready(client) == (200, UP | {"broker": "OK"})


def test_ready_refuses_a_post(client):
    response = client.post("/health/ready")

    assert (response.status_code, "POST" in response["Allow"]) == (405, False)


def test_production_answers_a_probe_over_plain_http_without_a_redirect():
    """Behind the TLS proxy, a load balancer polls http://; every other page goes to https."""
    code = (
        "from django.test import Client;"
        "c = Client(HTTP_HOST='mile.example');"
        "print(c.get('/health/live').status_code, c.get('/partners/').status_code)"
    )

    result = manage("shell", "-c", code, **(PRODUCTION | {"CACHE_URL": ""}))

    assert result.stdout.split()[-2:] == ["200", "301"], result.stderr


def test_a_503_of_ready_mails_no_error_report_to_the_admins(client, settings):
    settings.ADMINS = [("Ops", "ops@mile.example")]
    queued(due_minutes_ago=31)

    assert ready(client)[0] == 503
    assert not Email.objects.filter(kind="error_report").exists()


def test_ready_is_503_naming_the_database_when_it_cannot_be_reached_and_no_host():
    code = (
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/health/ready');"
        "print(r.status_code, r.content.decode())"
    )

    nowhere = "postgres://mile@127.0.0.1:1/nowhere"  # nothing listens on port 1
    result = manage("shell", "-c", code, DATABASE_URL=nowhere, CELERY_BROKER_URL="")

    status, answer = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert (status, json.loads(answer)) == (
        "503",
        {
            "database": "Unavailable: cannot connect to the database",
            "migrations": "Unavailable: cannot read the applied migrations",
            "cache": "OK",
            "outbox": "Unavailable: cannot read the outbox",
        },
    ), result.stderr
