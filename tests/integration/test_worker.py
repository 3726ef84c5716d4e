"""The outbox with a real Celery worker on Redis and a local SMTP server (docs/architecture.md).

Run with a broker and PostgreSQL, e.g.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mile_dev \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 .venv/bin/pytest tests/integration -s
"""

import os
import time
from collections import Counter

import pytest
from django.db import connection, transaction

from outbox import mail
from outbox.models import Email
from tests.integration.worker import waiting_on_broker

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="CELERY_BROKER_URL is not set: the worker tests need a real broker "
        "(e.g. redis://127.0.0.1:6379/7).",
    ),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The worker tests need a database that the test and the worker share: "
        "PostgreSQL (set DATABASE_URL).",
    ),
    # Rows are committed for the worker to see. The seed data comes back after the flush, as
    # the other transactional tests expect (without it their serialized data would clash with
    # the content types that the flush's post_migrate signal makes anew).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONCURRENCY = 2  # the pool size of each worker that start_worker starts
WAIT_SECONDS = 120


def invitation(number: int) -> dict:
    """An account invitation, with a plain link instead of a personal one."""
    return {
        "to": f"member{number}@amadora.example",
        "context": {
            "name": f"Member {number}",
            "learning_set": "ALS Amadora",
            "link": "https://als.example/accounts/signup/",
            "expires": "1 March 2008",
        },
        "dedupe_key": f"account:{number}",
    }


def queue_invitations(count: int) -> list[int]:
    """Queue `count` invitations one by one in one business transaction; their ids."""
    with transaction.atomic():
        emails = [
            mail.email_queue(kind="account_invitation", **invitation(number))
            for number in range(count)
        ]
    return [email.pk for email in emails]


def statuses() -> Counter:
    return Counter(Email.objects.values_list("status", flat=True))


def wait_until(done, *, workers, every: float = 0.2, then=None) -> None:
    """Poll `done()` every `every` seconds (calling `then()` between polls) for at most
    WAIT_SECONDS; fail with the outbox and the workers' logs if it never holds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        problem = (
            "a worker died"
            if any(worker.died() for worker in workers)
            else f"gave up after {WAIT_SECONDS} s"
            if time.monotonic() > deadline
            else ""
        )
        if problem:
            logs = "\n".join(worker.log_tail() for worker in workers)
            pytest.fail(f"{problem}; outbox {dict(statuses())}\n{logs}")
        if then is not None:
            then()
        time.sleep(every)


def all_sent() -> bool:
    return not Email.objects.exclude(status=Email.Status.SENT).exists()


def sweep(queue: str) -> None:
    """Celery beat's sweep (every minute in production), once the successor has taken every
    task the broker still held: the sweep queues every due row again, and the dead worker's
    rows come back only through it (in sending, once their lease expires; in queued, whose task
    the dead worker had taken, which the broker would hand out again only after an hour)."""
    if waiting_on_broker(queue) == 0:
        mail.deliver_due()


def test_a_thousand_emails_are_delivered_exactly_once(start_worker, smtp_sink):
    worker = start_worker()
    started = time.monotonic()

    ids = queue_invitations(1000)
    wait_until(all_sent, workers=[worker])
    worker.stop()

    print(f"\n1000 e-mails delivered in {time.monotonic() - started:.1f} s")
    assert statuses() == {Email.Status.SENT: 1000}
    assert smtp_sink.received == Counter(ids)
    assert set(Email.objects.values_list("attempts", flat=True)) == {1}


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_at_most_what_it_held(
    start_worker, smtp_sink, broker_queue
):
    doomed = start_worker()
    ids = queue_invitations(1000)
    wait_until(lambda: statuses()[Email.Status.SENT] >= 333, workers=[doomed], every=0.02)

    doomed.kill()
    at_kill = statuses()
    successor = start_worker()
    wait_until(all_sent, workers=[successor], every=1, then=lambda: sweep(broker_queue))
    successor.stop()

    duplicates = smtp_sink.duplicates()
    extra = sum(count - 1 for count in duplicates.values())
    print(f"\nat the kill: {dict(at_kill)}; {extra} duplicate(s) after the restart {duplicates}")
    assert statuses() == {Email.Status.SENT: 1000}
    assert set(smtp_sink.received) == set(ids)
    # The one window every mail system has (docs/architecture.md): the server took the
    # message, the worker died before recording it. At most one message per pool process can
    # be in it.
    assert extra <= CONCURRENCY
    assert set(duplicates) <= set(Email.objects.filter(attempts__gt=1).values_list("pk", flat=True))


def test_a_refusing_server_gets_every_email_once_after_retries(start_worker, smtp_sink):
    smtp_sink.refuse_first(seconds=3)
    worker = start_worker()

    ids = queue_invitations(200)
    wait_until(all_sent, workers=[worker])
    worker.stop()

    attempts = dict(Email.objects.values_list("pk", "attempts"))
    print(f"\nrefusals: {sum(smtp_sink.refused.values())}; attempts: {Counter(attempts.values())}")
    assert statuses() == {Email.Status.SENT: 200}
    assert smtp_sink.received == Counter(ids)
    assert smtp_sink.refused
    assert attempts == {pk: smtp_sink.refused[pk] + 1 for pk in ids}


def test_a_fan_out_is_delivered_exactly_once_in_chunks(start_worker, smtp_sink):
    worker = start_worker()

    with transaction.atomic():
        emails = mail.emails_queue(
            kind="account_invitation",
            recipients=[mail.Recipient(**invitation(number)) for number in range(500)],
        )
    wait_until(all_sent, workers=[worker])
    worker.stop()

    assert statuses() == {Email.Status.SENT: 500}
    assert smtp_sink.received == Counter(email.pk for email in emails)
    assert set(Email.objects.values_list("attempts", flat=True)) == {1}
