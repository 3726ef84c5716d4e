"""E-mail fan-out benchmark (docs/architecture.md, "Budgets"): 10,000 invitations queued
through the outbox, then delivered by one Celery worker to a local SMTP server; none may be
lost or duplicated.

    make bench                                  # or: .venv/bin/python -m bench.email_fanout
    DATABASE_URL=… CELERY_BROKER_URL=… make bench

The database (default: mile_bench on this machine's PostgreSQL) is the benchmark's own: it is
created and migrated if needed, and its outbox is emptied first.
"""

import argparse
import os
import platform
import subprocess
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mile_bench"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/15"
RESULTS = Path(__file__).resolve().parent / "results.md"

QUEUE_TARGET_SECONDS = 5.0
DELIVERY_TARGET_PER_SECOND = 200.0


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--emails", type=int, default=10_000)
    arguments.add_argument("--batch", type=int, default=500, help="e-mails per transaction")
    arguments.add_argument(
        "--concurrency", type=int, default=os.cpu_count() or 1, help="the worker's pool processes"
    )
    arguments.add_argument(
        "--one-by-one",
        action="store_true",
        help="queue with one mail.email_queue call per e-mail instead of mail.emails_queue",
    )
    arguments.add_argument("--no-record", action="store_true", help="don't append to results.md")
    options = arguments.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "mile.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    create_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from bench.fanout import run

    figures = run(
        emails=options.emails,
        batch=options.batch,
        concurrency=options.concurrency,
        one_by_one=options.one_by_one,
    )
    table = report(figures, options)
    print(table)
    if not options.no_record:
        if not RESULTS.exists():
            RESULTS.write_text("# Benchmark results\n\nAppended by `make bench`, newest last.\n\n")
        with RESULTS.open("a") as results:
            results.write(table + "\n")
        print(f"(appended to {RESULTS.relative_to(Path.cwd())})")
    return 0 if figures["lost"] == figures["duplicated"] == 0 else 1


@contextmanager
def admin_cursor(database: dict):
    """A cursor on the server's `postgres` database, outside any transaction: to create and
    drop the benchmark's databases (`database` as dj_database_url parses it)."""
    import psycopg2

    connection = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"],
        host=database["HOST"],
        port=database["PORT"],
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def create_database(url: str) -> None:
    import dj_database_url
    from psycopg2 import sql

    database = dj_database_url.parse(url)
    if database["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {url}")
    with admin_cursor(database) as cursor:
        cursor.execute("select 1 from pg_database where datname = %s", [database["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("create database {}").format(sql.Identifier(database["NAME"])))


def machine() -> str:
    from django.db import connection

    memory_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    with connection.cursor() as cursor:
        cursor.execute("show server_version")
        postgres = cursor.fetchone()[0].split()[0]
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.md"):
        commit += " with uncommitted changes"
    return (
        f"{os.cpu_count()} CPUs, {memory_kib / 2**20:.1f} GiB RAM, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}, PostgreSQL {postgres}, "
        f"commit {commit}"
    )


def git(*arguments: str) -> str:
    result = subprocess.run(["git", *arguments], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def report(figures: dict, options) -> str:
    queued, rate = figures["queue_seconds"], figures["per_second"]
    lost, duplicated = figures["lost"], figures["duplicated"]
    cpu = figures["cpu_per_email"]
    path = "mail.email_queue one by one" if options.one_by_one else "mail.emails_queue"

    def verdict(ok: bool) -> str:
        return "pass" if ok else "**fail**"

    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            f"### E-mail fan-out, {date}",
            "",
            f"Machine: {machine()}. The CPUs were {cpu['busy']:.0%} busy during delivery "
            "(worker, sink, PostgreSQL, Redis and anything else running).",
            "",
            "| figure | result | target | |",
            "|---|---|---|---|",
            f"| {options.emails:,} e-mails queued ({path}, {options.batch} per transaction) "
            f"| {queued:.2f} s "
            f"| ≤ {QUEUE_TARGET_SECONDS:.0f} s | {verdict(queued <= QUEUE_TARGET_SECONDS)} |",
            f"| delivered by one worker ({figures['concurrency']} processes), first to last "
            f"| {rate:,.0f} e-mails/s ({figures['delivery_seconds']:.1f} s) "
            f"| ≥ {DELIVERY_TARGET_PER_SECOND:.0f} e-mails/s "
            f"| {verdict(rate >= DELIVERY_TARGET_PER_SECOND)} |",
            f"| CPU per e-mail: worker / SMTP sink | {cpu['worker'] * 1000:.1f} / "
            f"{cpu['sink'] * 1000:.1f} ms | | |",
            f"| lost / duplicated | {lost} / {duplicated} | 0 / 0 "
            f"| {verdict(lost == duplicated == 0)} |",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
