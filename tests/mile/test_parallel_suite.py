"""The parallel suite (`make test`, pytest-xdist): each worker on Redis databases of its own."""

import os

import pytest
from django.conf import settings

from mile.celery import app as celery_app
from tests.workers import redis_url_of_worker


@pytest.mark.parametrize(
    ("url", "number", "expected"),
    [
        ("redis://127.0.0.1:6380/0", 0, "redis://127.0.0.1:6380/0"),
        ("redis://127.0.0.1:6380/0", 1, "redis://127.0.0.1:6380/1"),
        ("redis://127.0.0.1:6379/4", 3, "redis://127.0.0.1:6379/7"),
        ("redis://127.0.0.1:6380", 2, "redis://127.0.0.1:6380/2"),
        ("rediss://:secret@redis.example:6390/2?ssl_cert_reqs=none", 1,
         "rediss://:secret@redis.example:6390/3?ssl_cert_reqs=none"),
    ],
)  # fmt: skip
def test_worker_n_takes_the_redis_database_n_after_the_one_named(url, number, expected):
    assert redis_url_of_worker(url, number) == expected


@pytest.mark.parametrize("url", ["memory://localhost/", ""])
def test_a_store_of_the_process_s_own_stays_as_it_is(url):
    assert redis_url_of_worker(url, 1) == url


def test_a_worker_past_redis_s_last_database_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match="name a lower database or run fewer workers"):
        redis_url_of_worker("redis://127.0.0.1:6380/14", 2)


def test_a_socket_url_is_refused_with_what_to_do():
    with pytest.raises(ValueError, match=r"needs a redis:// URL, or run it alone \(-n 0\)"):
        redis_url_of_worker("redis+socket:///run/redis/redis.sock", 1)


def test_the_processes_a_test_starts_use_its_cache_and_broker():
    # Under pytest-xdist both are this worker's own databases (tests/workers.py).
    if not os.environ.get("CACHE_URL") or not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CACHE_URL and CELERY_BROKER_URL are not both set: no Redis to share")

    cache, broker = os.environ["CACHE_URL"], os.environ["CELERY_BROKER_URL"]

    assert settings.CACHES["default"]["LOCATION"] == cache
    assert [settings.CELERY_BROKER_URL, celery_app.conf.broker_url] == [broker, broker]


def test_the_live_rooms_of_a_worker_are_its_own():
    # Pub/sub ignores Redis's database number: the prefix carries it (mile/settings.py), so a
    # worker's rooms never hear another worker's sections, whose pks are the same.
    if not os.environ.get("CHANNEL_LAYER_URL"):
        pytest.skip("CHANNEL_LAYER_URL is not set: each process has its own in-memory layer")

    url = os.environ["CHANNEL_LAYER_URL"]
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]

    assert (config["hosts"], config["prefix"]) == ([url], "mile" + url.rsplit("/", 1)[1])
