"""The live bench's figures and table (bench/live.py): latency from a keystroke to the other
writers' sockets, the messages through the channel layer, the database's writes, the CPUs."""

from datetime import UTC, datetime
from statistics import quantiles

P95_TARGET_MS = 100  # issue 18: a keystroke on the other writers' screens


def saves(pks: list[int]) -> dict:
    """The database's writes so far for these sections: their revisions, the versions their
    rows reached, and the revisions that name every writer of a burst (author + co-authors)."""
    from django.db.models import Count, Sum

    from proposals.models import Revision, Section

    revisions = Revision.objects.filter(section_id__in=pks)
    return {
        "revisions": revisions.count(),
        "versions": Section.objects.filter(pk__in=pks).aggregate(v=Sum("version"))["v"] or 0,
        "coauthored": revisions.annotate(n=Count("coauthors")).filter(n__gt=0).count(),
    }


def stored(pks: list[int], figures) -> dict:
    """Whether each section's writers ended with one text, holding every keystroke typed,
    and whether the section's row holds it after the saves."""
    from proposals.models import Section

    rows = dict(Section.objects.filter(pk__in=pks).values_list("pk", "text"))
    texts = figures.texts
    return {
        "converged": sum(
            len(set(texts[pk])) == 1 and len(texts[pk][0]) == figures.typed[pk] for pk in pks
        ),
        "saved": sum(rows[pk] == texts[pk][0] for pk in pks),
    }


def redis_commands(url: str | None) -> int:
    """Commands the channel layer's Redis server has run (every database and client)."""
    if not url:
        return 0
    import redis

    client = redis.Redis.from_url(url)
    try:
        return sum(stat["calls"] for stat in client.info("commandstats").values())
    finally:
        client.close()


def percentile(values: list[float], percent: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return quantiles(values, n=100, method="inclusive")[percent - 1]


def row(result: dict) -> dict:
    """One step's figures, per second and per minute of the measure."""
    figures = result["figures"]
    (t0, server0, load0, busy0, redis0), (t1, server1, load1, busy1, redis1) = figures.probes
    elapsed = t1 - t0
    writes = result["saves"]
    latencies = figures.latencies
    return {
        "sockets": result["sockets"],
        "sections": result["sections"],
        "keystrokes/s": figures.sent / elapsed,
        "deliveries/s": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=float("nan")),
        "delivered": f"{len(latencies):,} of {figures.expected:,}",
        "lost": len(latencies) != figures.expected,
        "closed": sum(figures.closed.values()),
        "late p95": percentile(figures.lateness, 95),
        "connect p95": percentile(figures.connect, 95),
        "server cpu": (server1 - server0) / elapsed,
        "cpu per keystroke": (server1 - server0) / max(figures.sent, 1) * 1000,
        "load cpu": (load1 - load0) / elapsed,
        "busy": (busy1 - busy0) / elapsed / 2,
        "redis/s": (redis1 - redis0) / elapsed,
        "typing writes": writes["typing"]["revisions"] - writes["before"]["revisions"],
        "writes": writes["after"]["revisions"] - writes["before"]["revisions"],
        "versions": writes["after"]["versions"] - writes["before"]["versions"],
        "coauthored": writes["after"]["coauthored"] - writes["before"]["coauthored"],
        "typing seconds": result["typing seconds"],
        **result["stored"],
    }


def report(results: list[dict], options, pace) -> str:
    import os

    from django.conf import settings

    from bench.email_fanout import machine

    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1]
    rows = [row(result) for result in results]
    typing = (
        f"in bursts of {pace.burst:g} s, each followed by a pause of {pace.pause:g} s of the "
        "section's writers together"
        if pace.burst
        else "without a pause"
    )
    lines = [
        f"### Live co-editing through uvicorn, {date}"
        + (f" — {options.label}" if options.label else ""),
        "",
        f"Machine: {machine()}. The Procfile's ws process: uvicorn, {options.workers} "
        f"worker(s) serving mile.asgi, DEBUG off; channel layer {layer}; "
        f"LIVE_SAVE_PAUSE_SECONDS {settings.LIVE_SAVE_PAUSE_SECONDS:g}. The writers from the "
        "same machine (bench/live_writers.py: one asyncio process, a pycrdt document and a "
        f"WebSocket each). Load average before the run {os.getloadavg()[0]:.1f}.",
        "",
        f"Each section (new in each step): 3 writers, members of its learning set with a "
        f"session each, a keystroke every {pace.interval * 1000:.0f} ms each from a jittered "
        f"start, {typing}; {pace.warm_up:g} s of warm-up, then {options.seconds:g} s "
        "measured. Latency: from a keystroke's planned time to its update's arrival on each "
        "other writer's socket (a late load generator counts against the server; its lateness "
        "is shown apart). Deliveries: updates passed on to the other writers.",
        "",
        "| sockets (sections) | keystrokes/s | deliveries/s | p50 ms | p95 ms | p99 ms "
        "| max ms | delivered | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for figures in rows:
        lines.append(
            f"| {figures['sockets']} ({figures['sections']}) | {figures['keystrokes/s']:.0f} "
            f"| {figures['deliveries/s']:.0f} | {figures['p50']:.0f} | {figures['p95']:.0f} "
            f"| {figures['p99']:.0f} | {figures['max']:.0f} | {figures['delivered']} "
            f"| {verdict(figures)} |"
        )
    lines += [
        "",
        "| sockets | ws CPU | ws CPU ms a keystroke | writers' CPU | keystrokes late p95 ms "
        "| open+sync p95 ms | CPUs busy | Redis cmd/s | writes while typing (/min) "
        "| writes in all | co-authored | converged / saved |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for figures in rows:
        per_minute = figures["typing writes"] / figures["typing seconds"] * 60
        lines.append(
            f"| {figures['sockets']} | {figures['server cpu']:.0%} "
            f"| {figures['cpu per keystroke']:.2f} | {figures['load cpu']:.0%} "
            f"| {figures['late p95']:.0f} | {figures['connect p95']:.0f} "
            f"| {figures['busy']:.0%} | {figures['redis/s']:.0f} "
            f"| {figures['typing writes']} ({per_minute:.0f}) | {figures['writes']} "
            f"| {figures['coauthored']} "
            f"| {figures['converged']} / {figures['saved']} of {figures['sections']} |"
        )
    lines += [
        "",
        f"Target: p95 ≤ {P95_TARGET_MS} ms, every update delivered, no socket closed by the "
        "server, every section's writers on one text holding every keystroke, which the "
        "section's row holds after the save. CPU: of one core (ws: the uvicorn process and its "
        "workers, and per keystroke measured; the writers: the load generator); CPUs busy: "
        "both cores, everything on the machine. Redis cmd/s: the channel layer's Redis server "
        "as a whole (other clients of it included). Writes: revisions created for the step's "
        "sections while typing (and per minute), and in all once every socket closed and the "
        "last save was done; co-authored: those naming co-authors.",
        "",
    ]
    return "\n".join(lines)


def verdict(figures: dict) -> str:
    misses = [
        *(["p95"] if not figures["p95"] <= P95_TARGET_MS else []),
        *(["lost"] if figures["lost"] else []),
        *([f"{figures['closed']} closed"] if figures["closed"] else []),
        *(["text"] if figures["saved"] != figures["sections"] else []),
        *(["diverged"] if figures["converged"] != figures["sections"] else []),
    ]
    return "pass" if not misses else "**fail**: " + ", ".join(misses)
