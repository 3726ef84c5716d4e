"""The measured part of the e-mail fan-out benchmark; needs Django set up (see email_fanout)."""

import os
import tempfile
import time
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from mile.celery import app as celery_app
from outbox import mail
from outbox.models import Email
from tests.integration.smtp_sink import SmtpSink
from tests.integration.worker import Worker, forget_queue, unique_queue, worker_environment
from workshops.emails import INVITATION

# The delegates' languages: each of the 20 partners reads one (those the site offers; the
# others read English), so the fan-out renders the wording once per language.
LANGUAGES = ("en-gb", "pt-pt", "el", "es", "it")


def invitation(number: int) -> dict:
    """What a delegate's invitation carries, with a plain link instead of a personal one."""
    return {
        "to": f"delegate{number}@partner{number % 20}.example",
        "language": LANGUAGES[number % 20 % len(LANGUAGES)],
        "context": {
            "delegate": f"Delegate {number}",
            "partner": f"Partner {number % 20}",
            "workshop": "Enterprise development for ethnic minorities",
            "theme": "Enterprise support and development",
            "city": "Amadora",
            "venue": "Recreios da Amadora",
            "dates": "26 to 28 February 2008",
            "time_zone": "Europe/Lisbon",
            "workshop_url": "https://als.example/workshops/amadora-2008/",
            "link": f"https://als.example/invitations/{number:08d}/",
            "expires": "26 February 2008, 09:00",
        },
        "dedupe_key": f"bench:invitation:{number}",
    }


def queue(emails: int, batch: int, *, one_by_one: bool = False) -> float:
    """Seconds to queue `emails` e-mails, `batch` per committed transaction, through the fan-out
    path (mail.emails_queue) or, for comparison, one mail.email_queue call per e-mail."""
    started = time.perf_counter()
    for first in range(0, emails, batch):
        numbers = range(first, min(first + batch, emails))
        with transaction.atomic():
            if one_by_one:
                for number in numbers:
                    mail.email_queue(kind=INVITATION, **invitation(number))
            else:
                mail.emails_queue(
                    kind=INVITATION,
                    recipients=[mail.Recipient(**invitation(number)) for number in numbers],
                )
    return time.perf_counter() - started


def run(*, emails: int, batch: int, concurrency: int, one_by_one: bool = False) -> dict:
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"truncate {Email._meta.db_table}")
    queue_name = unique_queue()
    celery_app.conf.task_default_queue = queue_name
    with SmtpSink() as sink, tempfile.TemporaryDirectory() as logs:
        queue_seconds = queue(emails, batch, one_by_one=one_by_one)
        worker = Worker(
            queue=queue_name,
            environment=worker_environment(
                settings_dict=connection.settings_dict, smtp_port=sink.port
            ),
            log=Path(logs) / "worker.log",
            concurrency=concurrency,
        )
        try:
            cpu = wait_for_delivery(sink, emails, worker)
        finally:
            worker.stop()
            forget_queue(queue_name)
        ids = set(Email.objects.values_list("pk", flat=True))
        delivery_seconds = (sink.last_at or 0) - (sink.first_at or 0)
        return {
            "queue_seconds": queue_seconds,
            "delivery_seconds": delivery_seconds,
            "per_second": len(sink.received) / delivery_seconds if delivery_seconds else 0,
            "concurrency": concurrency,
            "cpu_per_email": cpu,
            "lost": len(ids - set(sink.received)),
            "duplicated": sum(count - 1 for count in sink.received.values()),
        }


def wait_for_delivery(sink: SmtpSink, emails: int, worker: Worker) -> dict:
    """Wait until every row is sent. While e-mails were arriving: the CPU seconds per e-mail of
    the worker and of the SMTP sink (this process), and how busy the machine's CPUs were."""
    deadline = time.monotonic() + max(120, emails / 20)
    samples = []
    while Email.objects.exclude(status=Email.Status.SENT).exists():
        if worker.died() or time.monotonic() > deadline:
            raise SystemExit(f"Delivery did not finish; the worker's log:\n{worker.log_tail()}")
        samples.append(cpu_sample(sink, worker))
        time.sleep(0.5)
    samples.append(cpu_sample(sink, worker))
    first, last = next((s for s in samples if s["received"]), samples[-1]), samples[-1]
    received, seconds = last["received"] - first["received"], last["at"] - first["at"]
    if not received or not seconds:
        return {"worker": 0.0, "sink": 0.0, "busy": 0.0}
    return {
        "worker": (last["worker"] - first["worker"]) / received,
        "sink": (last["sink"] - first["sink"]) / received,
        "busy": (last["machine"] - first["machine"]) / seconds / (os.cpu_count() or 1),
    }


def cpu_sample(sink: SmtpSink, worker: Worker) -> dict:
    return {
        "at": time.monotonic(),
        "received": sum(sink.received.values()),
        "worker": process_group_cpu_seconds(worker.process.pid),
        "sink": time.process_time(),
        "machine": machine_busy_seconds(),
    }


def process_group_cpu_seconds(group: int) -> float:
    """CPU seconds used so far by the live processes of a process group."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # not a process, or one that has just ended
            continue
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the machine's CPUs have been busy (not idle, not waiting for I/O)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(field) for field in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
