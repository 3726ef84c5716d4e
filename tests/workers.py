"""Each pytest-xdist worker (`make test` runs the suite on several) on Redis databases of its own.

pytest-django gives every worker a test database of its own (test_<name>_gw0, _gw1...) and
tmp_path_factory a folder of its own (the documents and backups of tests/conftest.py live
there); the cache and the broker are this module's. A worker's cache is emptied around every
test (tests/conftest.py), so two workers on one Redis database would empty each other's cache
mid-test: worker N takes the database N places after the one CACHE_URL (CELERY_BROKER_URL,
CHANNEL_LAYER_URL: the live rooms' pub/sub, whose prefix names the database) names, for its own
settings and for the processes its tests start (os.environ).
"""

import os
import re

from django.conf import settings

REDIS_DATABASES = 16  # Redis's default `databases`


def worker_number() -> int | None:
    """This process's pytest-xdist worker number (gw3 -> 3); None when the suite runs alone."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker.removeprefix("gw")) if worker else None


def redis_url_of_worker(url: str, number: int) -> str:
    """The Redis URL `number` databases after the one `url` names (redis://host:port/db);
    any other store (memory://, a process's own cache) as it is: a worker has it to itself."""
    if "socket" in url.split(":", 1)[0] or url.startswith("unix:"):
        raise ValueError(f"{url}: the parallel suite needs a redis:// URL, or run it alone (-n 0).")
    found = re.fullmatch(r"(rediss?://[^/?#]*)/?(\d*)(.*)", url)
    if found is None:
        return url
    database = int(found.group(2) or 0) + number
    if database >= REDIS_DATABASES:
        raise ValueError(
            f"{url}: worker {number} needs Redis database {database}, but Redis has "
            f"{REDIS_DATABASES}: name a lower database or run fewer workers (-n)."
        )
    return f"{found.group(1)}/{database}{found.group(3)}"


def use_own_redis_databases() -> None:
    """Point this worker's cache and broker, and its tests' subprocesses, at its own databases."""
    number = worker_number()
    if number is None:
        return
    from mile.celery import app as celery_app

    for variable in ("CACHE_URL", "CELERY_BROKER_URL", "CHANNEL_LAYER_URL"):
        if os.environ.get(variable):
            os.environ[variable] = redis_url_of_worker(os.environ[variable], number)
    cache = settings.CACHES["default"]
    if "LOCATION" in cache:
        location = redis_url_of_worker(cache["LOCATION"], number)
        settings.CACHES = {**settings.CACHES, "default": {**cache, "LOCATION": location}}
    settings.CELERY_BROKER_URL = redis_url_of_worker(settings.CELERY_BROKER_URL, number)
    celery_app.conf.broker_url = settings.CELERY_BROKER_URL
    layer = settings.CHANNEL_LAYERS["default"]
    if "hosts" in layer.get("CONFIG", {}):  # the live rooms' Redis (its prefix names the db)
        url = redis_url_of_worker(layer["CONFIG"]["hosts"][0], number)
        config = {**layer["CONFIG"], "hosts": [url], "prefix": f"mile{url.rsplit('/', 1)[1]}"}
        settings.CHANNEL_LAYERS = {
            **settings.CHANNEL_LAYERS,
            "default": {**layer, "CONFIG": config},
        }
