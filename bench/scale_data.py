"""Fill an EMPTY database with the programme-scale data set (bench/scale.py): partners,
learning sets, members, workshops with agendas, registrations, proposals with revisions and
comments, outbox rows. Deterministic; refuses a database that holds partners.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mile_bench .venv/bin/python -m bench.scale_data
    .venv/bin/python -m bench.scale_data --partners 100 --emails 0

The site's settings (DJANGO_SETTINGS_MODULE, default mile.settings) and a migrated database.
"""

import argparse
import os
import sys
import time
from dataclasses import fields


def parser() -> argparse.ArgumentParser:
    from bench.scale import Sizes

    arguments = argparse.ArgumentParser(prog="python -m bench.scale_data", description=__doc__)
    arguments.formatter_class = argparse.RawDescriptionHelpFormatter
    defaults = Sizes()
    for field in fields(Sizes):
        arguments.add_argument(
            "--" + field.name.replace("_", "-"), type=int, default=getattr(defaults, field.name)
        )
    arguments.add_argument("--seed", type=int, default=7)
    arguments.add_argument("--quiet", action="store_true", help="print nothing")
    return arguments


def run(argv: list[str]) -> None:
    """Parse the sizes and fill the database (Django set up); exits with the reason on refusal."""
    from django.db import connection

    from bench.scale import Sizes, counts, generate

    options = parser().parse_args(argv)
    sizes = Sizes(**{field.name: getattr(options, field.name) for field in fields(Sizes)})
    if any(getattr(sizes, field.name) < 0 for field in fields(Sizes)) or sizes.partners < 2:
        raise SystemExit("Sizes must be positive, with at least 2 partners.")
    log = (lambda _: None) if options.quiet else print
    started = time.perf_counter()
    try:
        timings = generate(sizes, seed=options.seed, log=log)
    except ValueError as error:
        raise SystemExit(str(error)) from error
    # A production database's autovacuum has analysed its tables; rows bulk-inserted a moment
    # ago have no statistics yet, and the planner would take 15,000 rows for five.
    analysed = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings["analyse"] = time.perf_counter() - analysed
    for name, seconds in timings.items():
        log(f"{name}: {seconds:.1f} s")
    log(", ".join(f"{name} {count:,}" for name, count in counts().items()))
    log(f"Generated in {time.perf_counter() - started:.1f} s.")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mile.settings")
    import django

    django.setup()
    run(sys.argv[1:])


if __name__ == "__main__":
    main()
