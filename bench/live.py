"""Live co-editing benchmark (issue 18): sections edited by 3 writers each over WebSockets, a
keystroke every 200 ms per writer, through the Procfile's ws process (uvicorn serving
mile.asgi) with the Redis channel layer, on PostgreSQL.

    .venv/bin/python -m bench.live                     # or: make bench (after the others)
    .venv/bin/python -m bench.live --sections 50 --seconds 10 --no-record   # a quick look
    .venv/bin/python -m bench.live --workers 2         # the room across two ws workers

Each step (--sections 17,34,50: about 50, 100 and 150 sockets) opens its writers' sockets,
types for LIVE_BENCH_SECONDS (--seconds) after a warm-up, closes them and waits for the saves.
The database (default mile_bench) is the benchmark's own: the live bench's proposals of an
earlier run are deleted and made again, in learning sets of its own with 3 members each.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import live_writers
from bench.email_fanout import RESULTS, create_database
from bench.load import DEFAULT_CACHE_URL, DEFAULT_DATABASE_URL, login_cookies, procfile_command

DEFAULT_CHANNEL_LAYER_URL = "redis://127.0.0.1:6379/6"
PORT = 8766
PREFIX = "live-bench"  # the slugs and e-mail addresses of the bench's own partners and writers
WRITERS = 3  # per section


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("LIVE_BENCH_SECONDS", 30)),
        help="measured typing per step (LIVE_BENCH_SECONDS)",
    )
    arguments.add_argument("--sections", default="17,34,50", help="each step's sections")
    arguments.add_argument("--interval", type=float, default=0.2, help="between keystrokes")
    arguments.add_argument(
        "--burst", type=float, default=0, help="seconds of typing before a pause (0: none)"
    )
    arguments.add_argument("--workers", type=int, default=1, help="uvicorn's (Procfile: 1)")
    arguments.add_argument(
        "--layer",
        choices=["project", "core", "memory"],
        default="project",
        help="the channel layer (bench/settings.py): the project's, or one to compare",
    )
    arguments.add_argument("--label", default="", help="added to the table's heading")
    arguments.add_argument("--no-record", action="store_true", help="don't append to results.md")
    options = arguments.parse_args()
    steps = [int(count) for count in options.sections.split(",")]

    os.environ["BENCH_CHANNEL_LAYER"] = options.layer
    environment()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from bench import scale_data
    from bench.live_report import report
    from partners.models import Partner

    call_command("migrate", verbosity=0)
    if not Partner.objects.exists():  # as bench/load.py fills it: at programme scale
        scale_data.run(["--quiet"])
    sections = sections_create(count=sum(steps))  # fresh sections, and rooms, each step
    pace = live_writers.Pace(
        interval=options.interval,
        burst=options.burst,
        pause=settings.LIVE_SAVE_PAUSE_SECONDS + 1 if options.burst else 0,
    )
    server = start_ws(options.workers)
    try:
        results = []
        for count in steps:
            results.append(step(sections[:count], pace, options.seconds, server))
            sections = sections[count:]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    table = report(results, options, pace)
    print(table)
    if not options.no_record:
        with RESULTS.open("a") as file:
            file.write(table + "\n")
        print(f"(appended to {RESULTS})")
    return 0 if all(result["faultless"] for result in results) else 1


def environment(port: int = PORT) -> None:
    """The bench's settings, as bench/load.py sets them, with the Redis channel layer."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CACHE_URL", DEFAULT_CACHE_URL)
    os.environ.setdefault("CHANNEL_LAYER_URL", DEFAULT_CHANNEL_LAYER_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 50)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    create_database(os.environ["DATABASE_URL"])


def sections_create(*, count: int, writers: int = WRITERS) -> list[tuple[int, list]]:
    """`count` new draft proposals, each of a learning set of `writers` members with accounts:
    the first section of each, and its writers. The bench's proposals of an earlier run go."""
    from accounts.models import User
    from learningsets.models import LearningSet, Member, SubTheme
    from partners.models import Partner
    from proposals.models import FundingSource, Proposal
    from proposals.services import proposal_create

    Proposal.objects.filter(learning_set__partner__slug__startswith=PREFIX).delete()
    themes = list(SubTheme.objects.order_by("number"))
    sections = []
    for n in range(count):
        partner, _ = Partner.objects.get_or_create(
            slug=f"{PREFIX}-{n // len(themes):03d}",
            defaults={
                "name": f"Live bench city {n // len(themes):03d}",
                "kind": Partner.Kind.CITY,
                "country": "PT",
            },
        )
        learning_set, _ = LearningSet.objects.get_or_create(
            partner=partner, sub_theme=themes[n % len(themes)]
        )
        users = []
        for m in range(writers):
            email = f"{PREFIX}-{n:03d}-{m}@bench.example"
            user, _ = User.objects.get_or_create(
                email=email, defaults={"first_name": "Writer", "last_name": f"{n:03d}-{m}"}
            )
            Member.objects.get_or_create(
                learning_set=learning_set,
                email=email,
                defaults={
                    "user": user,
                    "name": f"Writer {n:03d}-{m}",
                    "organisation": "Town hall",
                    "actor_type": Member.ActorType.PRACTITIONER,
                },
            )
            users.append(user)
        proposal = proposal_create(
            learning_set=learning_set,
            title=f"Live co-editing {n:03d}",
            funding_source=FundingSource.ESF,
            by=users[0],
        )
        sections.append((proposal.sections.order_by("position").first().pk, users))
    return sections


def seats_for(sections: list[tuple[int, list]], port: int) -> list[live_writers.Seat]:
    """A seat for each writer of each section: its socket URL and its session's cookie."""
    seats = []
    for section, users in sections:
        for user in users:
            cookie = "; ".join(f"{k}={v}" for k, v in login_cookies(user).items())
            url = f"ws://127.0.0.1:{port}/ws/sections/{section}"
            seats.append(live_writers.Seat(section=section, url=url, headers={"Cookie": cookie}))
    return seats


def step(sections: list, pace: live_writers.Pace, seconds: float, server, port=PORT) -> dict:
    """One step: the writers of `sections` type for the warm-up and `seconds`; then every
    socket closes and the saves are awaited. The figures, with the database's writes."""
    from django.conf import settings

    from bench.fanout import machine_busy_seconds
    from bench.live_report import redis_commands, saves, stored

    print(f"{len(sections)} sections, {len(sections) * WRITERS} sockets…", flush=True)
    pks = [section for section, _ in sections]
    before = saves(pks)

    def probe():
        return (
            time.monotonic(),
            process_seconds(server.pid),
            time.process_time(),
            (machine_busy_seconds()),
            redis_commands(os.environ.get("CHANNEL_LAYER_URL")),
        )

    figures = live_writers.run(
        seats_for(sections, port),
        origin=f"http://127.0.0.1:{port}",
        seconds=seconds,
        pace=pace,
        probe=probe,
    )
    typed = saves(pks)
    settled = settle(pks, settings.LIVE_SAVE_PAUSE_SECONDS)
    return {
        "sections": len(sections),
        "sockets": len(sections) * WRITERS,
        "seconds": seconds,
        "figures": figures,
        "saves": {"before": before, "typing": typed, "after": settled},
        "typing seconds": pace.warm_up + seconds,
        "stored": stored(pks, figures),
        "faultless": not figures.closed and len(figures.latencies) == figures.expected,
    }


def settle(pks: list[int], pause: float, limit: float = 60) -> dict:
    """The saves once the sockets closed: when nothing changed for the pause and 2 s."""
    from bench.live_report import saves

    deadline, last, quiet_since = time.monotonic() + limit, None, time.monotonic()
    while time.monotonic() < deadline:
        current = saves(pks)
        if current != last:
            last, quiet_since = current, time.monotonic()
        elif time.monotonic() - quiet_since > pause + 2:
            break
        time.sleep(0.5)
    return last


def process_seconds(pid: int) -> float:
    """CPU seconds (user + system) of a process and its descendants (uvicorn's workers)."""
    ticks, parents = 0, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    family = {pid}
    for _ in range(3):  # children and grandchildren
        family |= {child for child, (parent, _) in parents.items() if parent in family}
    ticks = sum(parents[member][1] for member in family if member in parents)
    return ticks / os.sysconf("SC_CLK_TCK")


def start_ws(workers: int, port: int = PORT, environment: dict | None = None):
    """The Procfile's ws command, as `make serve` runs it, on the bench's port."""
    command = procfile_command("ws").replace("--workers 1", f"--workers {workers}")
    server = subprocess.Popen(
        ["sh", "-c", f"exec {command} --log-level warning"],
        env={
            **(environment or os.environ),
            "HOST": "127.0.0.1",
            "WS_PORT": str(port),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        },
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"the ws process ended with {server.returncode}")
            time.sleep(0.3)
    server.kill()
    sys.exit("the ws process did not answer within 60 s")


if __name__ == "__main__":
    sys.exit(main())
