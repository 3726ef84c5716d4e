"""Fill an empty database with a programme-scale data set (bench/scale.py, issue 7)."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench.scale import Sizes, counts, generate


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with a programme-scale data set for the benchmarks: partners, "
        "learning sets, members, workshops with agendas, registrations, proposals with "
        "revisions and comments, outbox rows. Deterministic; refuses a database with partners."
    )

    def add_arguments(self, parser):
        defaults = Sizes()
        for name in (
            "partners",
            "members_per_set",
            "workshops",
            "registrations",
            "proposals",
            "revisions_per_proposal",
            "comments_per_proposal",
            "emails",
        ):
            parser.add_argument(
                "--" + name.replace("_", "-"), type=int, default=getattr(defaults, name)
            )
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        fields = Sizes.__dataclass_fields__
        sizes = Sizes(**{name: options[name] for name in fields})
        if any(getattr(sizes, name) < 0 for name in fields) or sizes.partners < 2:
            raise CommandError("Sizes must be positive, with at least 2 partners.")
        verbose = options["verbosity"] > 0
        started = time.perf_counter()
        try:
            timings = generate(
                sizes, seed=options["seed"], log=self.stdout.write if verbose else lambda _: None
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if verbose:
            for name, seconds in timings.items():
                self.stdout.write(f"{name}: {seconds:.1f} s")
            sizes_line = ", ".join(f"{name} {count:,}" for name, count in counts().items())
            self.stdout.write(sizes_line)
            self.stdout.write(
                self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.1f} s.")
            )
