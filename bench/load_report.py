"""The load benchmark's table (bench/load.py): one row a page, against issue 15's targets,
and whether caching visitors' pages would pay."""

from datetime import UTC, datetime

P95_TARGET_MS = 100  # every page of the mix at its rate
WRITERS_P95_TARGET_MS = 50
SEARCH_P95_TARGET_MS = 50  # issue 20: search over the programme's proposals at 10 requests/s
ONE_CLIENT_TARGET_MS = 25  # a page built for one client alone, median


def report(results: dict, options, generated: str) -> str:
    from bench.email_fanout import machine
    from bench.load import MIX, PUBLIC
    from bench.scale import counts

    pages = dict(results["pages"])
    bare = pages["bare view"]
    writers = pages.pop("writers")
    search = pages.pop("search")
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sizes = ", ".join(f"{name} {count:,}" for name, count in counts().items())
    busy = results["busy"]
    lines = [
        f"### Load through gunicorn, open model, {date}"
        + (f" — {options.label}" if options.label else ""),
        "",
        f"Machine: {machine()}. The Procfile's web process: gunicorn, {options.workers} sync "
        "workers serving mile.wsgi, DEBUG off, Redis cache for sessions; the load from the same "
        "machine (bench/drive.py: threads, one connection each). Load average before the run "
        f"{results['load before']:.1f}; CPUs {busy['mix']:.0%} busy during the mix, "
        f"{busy['writers']:.0%} during the writers' run, {busy['search']:.0%} during the "
        "searches' (server, load generator, PostgreSQL and anything else running).",
        "",
        f"Data: {sizes}{' (' + generated + ')' if generated else ''}.",
        "",
        f"Mix: {options.rate} requests/s arriving at a fixed rate whatever the answers, for "
        f"{options.seconds} s, each page drawn by its share; latency from each request's "
        f"planned start. Writers: {options.writers}, each a save 1–3 s (at random) after its "
        f"last, on a draft of its own, for {options.seconds} s. One client: the median of "
        f"{options.one_client} requests one after another. Saturation: {options.connections} "
        f"connections each sending again as soon as answered, {options.saturation_seconds:g} s "
        "a page.",
        "",
        "| page | share | req/s | p50 ms | p95 ms | p99 ms | errors | one client ms "
        "| saturation req/s | ÷ bare | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| bare view (one template, one query) | | | | | | | {bare['one client']:.1f} "
        f"| {bare['saturation']:.0f} | 1.00 | |",
    ]
    misses = {}
    for name, figures in pages.items():
        if name == "bare view":
            continue
        misses[name] = [
            *(["p95"] if not figures["p95"] <= P95_TARGET_MS else []),
            *(["one client"] if not figures["one client"] <= ONE_CLIENT_TARGET_MS else []),
            *(["errors"] if figures["errors"] or figures["saturation errors"] else []),
        ]
        lines.append(
            f"| {name} | {MIX[name]}% | {figures['rps']:.1f} | {figures['p50']:.0f} "
            f"| {figures['p95']:.0f} | {figures['p99']:.0f} "
            f"| {errors(figures['errors'] + figures['saturation errors'], figures['statuses'])} "
            f"| {figures['one client']:.1f} | {figures['saturation']:.0f} "
            f"| {figures['saturation'] / bare['saturation']:.2f} | {verdict(misses[name])} |"
        )
    misses["writers"] = [
        *(["p95"] if not writers["p95"] <= WRITERS_P95_TARGET_MS else []),
        *(["errors"] if writers["errors"] else []),
    ]
    lines.append(
        f"| {writers['name']} | | {writers['rps']:.1f} | {writers['p50']:.0f} "
        f"| {writers['p95']:.0f} | {writers['p99']:.0f} "
        f"| {errors(writers['errors'], writers['statuses'])} | | | | "
        f"{verdict(misses['writers'])} |"
    )
    misses["search"] = [
        *(["p95"] if not search["p95"] <= SEARCH_P95_TARGET_MS else []),
        *(["errors"] if search["errors"] else []),
    ]
    lines.append(
        f"| {search['name']}, {options.search_rate} req/s | | {search['rps']:.1f} "
        f"| {search['p50']:.0f} | {search['p95']:.0f} | {search['p99']:.0f} "
        f"| {errors(search['errors'], search['statuses'])} | | | | "
        f"{verdict(misses['search'])} |"
    )
    public = ", ".join(f"{name} {pages[name]['p95']:.0f}" for name in PUBLIC)
    slow = [name for name in PUBLIC if misses[name]]
    lines += [
        "",
        f"Targets: p95 ≤ {P95_TARGET_MS} ms for every page of the mix, ≤ "
        f"{WRITERS_P95_TARGET_MS} ms for the writers' saves and ≤ {SEARCH_P95_TARGET_MS} ms for "
        f"the searches (alone, after the mix); one client ≤ "
        f"{ONE_CLIENT_TARGET_MS} ms; no errors. Saturation ÷ bare: reported, not a target.",
        "",
        f"Visitors' pages without a session, p95 at {options.rate} req/s in the mix (ms): "
        f"{public}. "
        + (
            "Every page meets its targets without a cache: no `cache_page`."
            if not any(misses.values())
            else (
                f"Caching whole pages for visitors would pay only on: {', '.join(slow)}."
                if slow
                else "Every visitors' page meets its targets without a cache: no `cache_page`."
            )
        ),
        "",
    ]
    return "\n".join(lines)


def errors(count: int, statuses: dict) -> str:
    if not count:
        return "0"
    return f"{count} ({', '.join(f'{status}: {n}' for status, n in statuses.items())})"


def verdict(misses: list) -> str:
    return "pass" if not misses else f"**fail**: {', '.join(misses)}"
