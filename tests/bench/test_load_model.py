"""The load bench's open model (bench/drive.py, bench/load.py): arrivals as planned, whatever
the answers, and every wait for a slow server counted in the latency."""

import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise

import pytest

from bench import drive
from bench.load import MIX, SAVE_EVERY, WARM_UP, mix_schedule, writers_schedule

SERVICE_SECONDS = 0.05


class OneAtATime(BaseHTTPRequestHandler):
    """Answers one request at a time, each after SERVICE_SECONDS: a server that falls behind."""

    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            time.sleep(SERVICE_SECONDS)
            self.send_response(200 if self.path == "/ok/" else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), OneAtATime)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_latency_runs_from_the_planned_start_when_the_server_falls_behind(port):
    # Five requests planned at once: the server answers them one after another, so the k-th
    # answer comes at least k service times after its planned start.
    schedule = [(0.0, drive.Page("page", "/ok/")) for _ in range(5)]

    figures = drive.open_load(schedule, port, threads=5, warm_up=0)

    latencies = sorted(figures.latencies["page"])
    assert len(latencies) == 5
    for k, latency in enumerate(latencies, start=1):
        assert latency >= k * SERVICE_SECONDS * 1000 * 0.95
    assert figures.summary("page", 1)["errors"] == 0


def test_answers_other_than_200_are_errors_by_status(port):
    figures = drive.open_load(
        [(0.0, drive.Page("missing", "/gone/")), (0.0, drive.Page("missing", "/gone/"))],
        port,
        threads=2,
        warm_up=0,
    )

    assert figures.summary("missing", 1)["statuses"] == {"404": 2}


def test_requests_planned_in_the_warm_up_are_sent_but_not_measured(port):
    page = drive.Page("page", "/ok/")

    figures = drive.open_load([(0.0, page), (0.2, page)], port, threads=2, warm_up=0.1)

    assert len(figures.latencies["page"]) == 1


def test_the_mix_arrives_at_a_fixed_rate_with_each_page_by_its_share():
    pages = {name: drive.Page(name, "/") for name in MIX}
    writers = [drive.Writer("autosave (ALS member)", f"/{n}/", {}, "csrf", 1) for n in range(3)]
    pages["autosave (ALS member)"] = writers

    schedule = mix_schedule(pages, rate=50, seconds=197, rng=random.Random(1))

    assert len(schedule) == 50 * (WARM_UP + 197)
    assert [offset for offset, _ in schedule[:3]] == [0, 0.02, 0.04]
    shares = Counter(request.name for _, request in schedule)
    for name, share in MIX.items():
        assert shares[name] / len(schedule) == pytest.approx(share / 100, abs=0.01)
    saves = [request for _, request in schedule if isinstance(request, drive.Writer)]
    assert saves[:4] == [writers[0], writers[1], writers[2], writers[0]]


def test_each_writer_saves_every_one_to_three_seconds():
    writers = [drive.Writer(f"writer {n}", f"/{n}/", {}, "csrf", 1) for n in range(100)]

    schedule = writers_schedule(writers, seconds=60, rng=random.Random(1))

    assert [offset for offset, _ in schedule] == sorted(offset for offset, _ in schedule)
    for writer in writers:
        times = [offset for offset, request in schedule if request is writer]
        assert times[0] < WARM_UP
        assert times[-1] < WARM_UP + 60
        gaps = [later - earlier for earlier, later in pairwise(times)]
        assert all(SAVE_EVERY[0] <= gap <= SAVE_EVERY[1] for gap in gaps)
    # On average a save every 2 s from each writer: 100 writers send about 50 a second.
    assert len(schedule) / 63 == pytest.approx(50, rel=0.05)
