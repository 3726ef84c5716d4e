"""One page under load (a process of its own, without Django): locust's FastHttpUser, headless,
N concurrent clients for a bounded time, no wait between requests unless the spec's "pause"
says (seconds each client waits after each answer, on average). Reads a JSON spec on stdin
and prints one line of JSON figures. Used by bench/load.py; not meant to be run by hand.

Spec: {"host", "clients", "seconds", "name", "method": "GET"|"POST", "path",
       "cookies": {...} or "posts": [{"path", "cookies", "csrf", "key", "version"}, ...],
       "pause": seconds (optional)}
A POST client takes its own entry of "posts" (its own section, so versions never clash) and
sends the version it knows, adding one after each save.
"""

import json
import sys

import gevent
from locust import FastHttpUser, between, constant, task
from locust.env import Environment


def user_class(spec: dict):
    posts = list(spec.get("posts", []))
    pause = spec.get("pause", 0)

    class Client(FastHttpUser):
        host = spec["host"]
        # A pause drawn around its length, so that the clients do not send in step.
        wait_time = between(pause / 2, pause * 3 / 2) if pause else constant(0)

        def on_start(self):
            self.post = posts.pop(0) if posts else None
            self.headers = {}
            cookies = self.post["cookies"] if self.post else spec.get("cookies", {})
            if cookies:
                self.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())

        @task
        def request(self):
            if self.post is None:
                with self.client.get(
                    spec["path"], headers=self.headers, name=spec["name"], catch_response=True
                ) as response:
                    if response.status_code != 200:
                        response.failure(f"status {response.status_code}")
                return
            post = self.post
            headers = {**self.headers, "X-CSRFToken": post["csrf"], "HX-Request": "true"}
            text = f"Autosaved text, version {post['version'] + 1}. " * 8
            with self.client.post(
                post["path"],
                data={"text": text, "version": str(post["version"])},
                headers=headers,
                name=spec["name"],
                catch_response=True,
            ) as response:
                if response.status_code == 200:
                    post["version"] += 1
                else:
                    response.failure(f"status {response.status_code}")

    return Client


def main() -> None:
    spec = json.load(sys.stdin)
    environment = Environment(user_classes=[user_class(spec)])
    runner = environment.create_local_runner()
    pause = spec.get("pause", 0)
    if pause:  # writers start one after another over a pause, as people do, not all at once
        runner.start(spec["clients"], spawn_rate=spec["clients"] / pause)
        gevent.sleep(2 * pause + 1)  # every client started, and past its first pause
    else:
        runner.start(spec["clients"], spawn_rate=spec["clients"])
        gevent.sleep(1)  # every client started
    environment.stats.reset_all()
    gevent.sleep(spec["seconds"])
    runner.quit()
    entry = environment.stats.total
    errors = {str(k): v.occurrences for k, v in environment.stats.errors.items()}
    figures = {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.num_requests / spec["seconds"],
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "errors": errors,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
