"""The load generator of bench/load.py (no Django): an open model, where requests arrive at the
times planned for them whatever the answers, as visitors do, plus one client alone and a
server kept busy. Threads, each with its own keep-alive connection (http.client).

A request's latency runs from its planned start, not from when a thread was free to send it:
when the server falls behind, the requests waiting for it count their wait (no coordinated
omission). Answers other than 200 are errors, by status.
"""

import http.client
import queue
import statistics
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"


@dataclass
class Page:
    """A GET as one kind of visitor sends it."""

    name: str
    path: str
    cookies: dict = field(default_factory=dict)

    def send(self, connection: http.client.HTTPConnection) -> int | str:
        return get_status(connection, "GET", self.path, None, headers(self.cookies))


@dataclass
class Writer:
    """One person's draft section: each save sends the version the last answer gave, so a
    writer's saves go one after another, in order, as the browser queues them."""

    name: str
    path: str
    cookies: dict
    csrf: str
    version: int
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, connection: http.client.HTTPConnection) -> int | str:
        with self.lock:
            body = urlencode(
                {
                    "text": f"Autosaved text, version {self.version + 1}. " * 8,
                    "version": self.version,
                }
            )
            extra = {
                "X-CSRFToken": self.csrf,
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            status = get_status(connection, "POST", self.path, body, headers(self.cookies, extra))
            if status == 200:
                self.version += 1
            return status


def headers(cookies: dict, extra: dict | None = None) -> dict:
    cookie = "; ".join(f"{key}={value}" for key, value in cookies.items())
    return {**({"Cookie": cookie} if cookie else {}), **(extra or {})}


def get_status(connection, method: str, path: str, body, request_headers: dict) -> int | str:
    """The answer's status, or the name of the error that stopped it."""
    for attempt in (1, 2):
        try:
            connection.request(method, path, body=body, headers=request_headers)
            response = connection.getresponse()
            response.read()
            return response.status
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
            # A kept-alive connection the server closed while it was idle (gunicorn's threaded
            # workers do after 2 s): the request never reached it, so it goes again once.
            connection.close()
            if attempt == 2:
                return type(error).__name__
        except (OSError, http.client.HTTPException) as error:
            connection.close()  # the next request opens a new connection
            return type(error).__name__


def connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=30)


@dataclass
class Figures:
    latencies: dict = field(default_factory=lambda: defaultdict(list))  # name: [ms]
    errors: dict = field(default_factory=lambda: defaultdict(Counter))  # name: {status: n}

    def record(self, name: str, milliseconds: float, status) -> None:
        self.latencies[name].append(milliseconds)
        if status != 200:
            self.errors[name][str(status)] += 1

    def summary(self, name: str, seconds: float) -> dict:
        times = sorted(self.latencies[name])
        return {
            "requests": len(times),
            "rps": len(times) / seconds,
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99),
            "errors": sum(self.errors[name].values()),
            "statuses": dict(self.errors[name]),
        }


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def open_load(schedule: list, port: int, *, threads: int, warm_up: float) -> Figures:
    """Sends each (planned offset in s, request) of the schedule, sorted by offset, at its
    time; records those planned from `warm_up` on."""
    waiting = queue.SimpleQueue()
    figures = Figures()
    start = time.monotonic() + 0.5

    def work():
        connection = connect(port)
        while (item := waiting.get()) is not None:
            planned, request = item
            status = request.send(connection)
            if planned - start >= warm_up:
                figures.record(request.name, (time.monotonic() - planned) * 1000, status)
        connection.close()

    pool = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for offset, request in schedule:
        planned = start + offset
        time.sleep(max(0.0, planned - time.monotonic()))
        waiting.put((planned, request))
    for _ in pool:
        waiting.put(None)
    for thread in pool:
        thread.join()
    return figures


def one_client(request, port: int, *, times: int) -> float:
    """The median in ms of `times` requests sent one after another by a single client."""
    connection = connect(port)
    request.send(connection)  # the connection opened, the worker's code loaded
    latencies = []
    for _ in range(times):
        started = time.perf_counter()
        status = request.send(connection)
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"{request.name} answered {status} to one client")
    connection.close()
    return statistics.median(latencies)


def saturate(requests: list, port: int, *, seconds: float) -> tuple[float, int]:
    """Answers per second while every request of the list (one per connection) is sent again
    as soon as it is answered: the server always has work waiting. Returns (rate, errors)."""
    answered, errors = [0] * len(requests), [0] * len(requests)
    deadline = time.monotonic() + seconds

    def work(index, request):
        connection = connect(port)
        while time.monotonic() < deadline:
            status = request.send(connection)
            answered[index] += 1
            errors[index] += status != 200
        connection.close()

    pool = [
        threading.Thread(target=work, args=(index, request), daemon=True)
        for index, request in enumerate(requests)
    ]
    started = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return sum(answered) / (time.monotonic() - started), sum(errors)
