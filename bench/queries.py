"""Query counts (issue 7): every GET page of the access-control matrix, for every role that
opens it, counted at small scale and at programme scale, side by side.

    .venv/bin/python -m bench.queries
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mile_bench_me .venv/bin/python -m bench.queries

Small: a throwaway database (the benchmark database's name + "_queries_small", created and
dropped here) with only the access matrix's world (`tests/access/pages/`, `World.build()`)
and one row of every kind grown next to its objects (tests/access/growth.py: Django skips a
prefetch with nothing to prefetch for, so "no rows at all" is one query fewer on some pages,
not the scale that matters).

Large: the benchmark database (DATABASE_URL, default mile_bench). When it holds no partners
yet, `python -m bench.scale_data` fills it first (committed, kept for the other
benchmarks); any database already populated is taken as it is. The same world is
then built into it (`World.build(tag="-bench")`) and grown `--grow` times next to its own
objects (members, delegates, sessions, workshops, partners, proposals with revisions,
comments, budget lines and transitions, outbox rows), inside a transaction rolled back at the
end: the benchmark database is left as it was found.

Each request runs with the cache cleared. The table is printed (Markdown); the exit status is
1 when any page's count is higher at the large scale, or a page the matrix expects to open
(200) answers otherwise.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from datetime import UTC, datetime

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mile_bench"


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument(
        "--grow", type=int, default=20, help="rows of every kind added next to the world's objects"
    )
    arguments.add_argument(
        "--generate-args",
        default="",
        help='passed to bench.scale_data when it fills an empty database, e.g. "--partners 50"',
    )
    arguments.add_argument("--measure", choices=["small", "large"], help=argparse.SUPPRESS)
    options = arguments.parse_args()
    if options.measure:
        print(json.dumps(measure(options.measure, options.grow, options.generate_args)))
        return 0

    import dj_database_url

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    database = dj_database_url.parse(url)
    if database["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {url}")
    small_name = f"{database['NAME']}_queries_small"
    small_url = url.rsplit("/", 1)[0] + "/" + small_name
    admin_database(database, f'drop database if exists "{small_name}"')
    admin_database(database, f'create database "{small_name}"')
    try:
        small = run_measure("small", small_url, options)
    finally:
        admin_database(database, f'drop database if exists "{small_name}"')
    from bench.email_fanout import create_database

    create_database(url)
    large = run_measure("large", url, options)
    print(report(small, large, options.grow))
    failed = [key for key in small["counts"] if verdict(key, small, large)]
    return 1 if failed else 0


def verdict(key: str, small: dict, large: dict) -> str:
    """Empty when the page answered 200 at both scales with no more queries at the large one."""
    if {small["statuses"][key], large["statuses"].get(key)} != {200}:
        return f"**status {small['statuses'][key]} / {large['statuses'].get(key)}**"
    if large["counts"].get(key, 0) > small["counts"][key]:
        return "**grows**"
    return ""


def admin_database(database: dict, statement: str) -> None:
    from bench.email_fanout import admin_cursor

    with admin_cursor(database) as cursor:
        cursor.execute(statement)


def run_measure(scale: str, url: str, options) -> dict:
    """Counts in a process of their own, on its own database, with a cache of its own."""
    environment = {**os.environ, "DATABASE_URL": url, "CACHE_URL": "", "LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [
            sys.executable,
            *("-m", "bench.queries", "--measure", scale, "--grow", str(options.grow)),
            f"--generate-args={options.generate_args}",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"Counting at {scale} scale failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(scale: str, grow_times: int, generate_args: str = "") -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "mile.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    from bench import scale_data
    from mile.celery import app as celery_app
    from outbox.models import Email
    from partners.models import Partner
    from tests.access.growth import grow
    from tests.access.pages import ROLES, World, pages
    from workshops.models import Workshop

    setup_test_environment()  # the test client's host, and e-mail kept in memory
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    celery_app.conf.task_always_eager = True
    call_command("migrate", verbosity=0)
    note = ""
    if scale == "large":
        if not Partner.objects.exists():
            scale_data.run([*shlex.split(generate_args), "--quiet"])
            note = f"filled by python -m bench.scale_data {generate_args}".strip()
        else:
            note = "as found"
    sizes = table_sizes()
    counts, statuses = {}, {}
    # The world's documents are files: kept in a folder of the run's own, gone with it.
    documents = tempfile.TemporaryDirectory(prefix="mile-bench-documents-")
    storages = {
        **settings.STORAGES,
        "documents": {**settings.STORAGES["documents"], "OPTIONS": {"location": documents.name}},
    }
    with documents, override_settings(STORAGES=storages), transaction.atomic():
        world = World.build(tag="-bench" if scale == "large" else "")
        grow(world, times=1)
        if scale == "large":
            grow(world, times=grow_times)
        # The outbox row the admin pages show: one of the world's own at both scales (the
        # first row of a generated outbox is another kind of message).
        world.admin_pks["outbox.email"] = (
            Email.objects.about(Workshop, [world.workshop.pk]).order_by("pk").first().pk
        )
        for page in pages(world):
            if page.method != "GET":
                continue
            for role in ROLES:
                if page.expect[role].status != 200:
                    continue
                key = f"{page.key} as {role}"
                counts[key], statuses[key] = count_queries(page.path, world.users[role])
        transaction.set_rollback(True)
    return {"counts": counts, "statuses": statuses, "sizes": sizes, "note": note}


def table_sizes() -> dict[str, int]:
    from learningsets.models import LearningSet, Member
    from outbox.models import Email
    from partners.models import Partner
    from proposals.models import Proposal, Revision
    from workshops.models import Registration, Workshop

    models = [Partner, LearningSet, Member, Workshop, Registration, Proposal, Revision, Email]
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in models}


def count_queries(path: str, user) -> tuple[int, int]:
    """The number of SQL queries of one GET as the user, every cache cold; undone after."""
    from tests.access.pages import cold_get

    captured, response = cold_get(path, user)
    return len(captured), response.status_code


def report(small: dict, large: dict, grow_times: int) -> str:
    from bench.email_fanout import git

    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ", ".join(
        f"{name} {small['sizes'].get(name, 0):,} → {count:,}"
        for name, count in large["sizes"].items()
    )
    lines = [
        f"### Query counts, {date}",
        "",
        f"Commit {git('rev-parse', '--short', 'HEAD')}. Large database ({large['note']}): "
        f"{sizes}; plus the world grown {grow_times}× next to its own objects.",
        "",
        "| page | role | small | large | |",
        "|---|---|---:|---:|---|",
    ]
    failed = 0
    for key, count in small["counts"].items():
        page, role = key.rsplit(" as ", 1)
        problem = verdict(key, small, large)
        failed += bool(problem)
        lines.append(f"| {page} | {role} | {count} | {large['counts'].get(key)} | {problem} |")
    lines += ["", f"{len(small['counts'])} page × role counts; {failed} grow or fail.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
