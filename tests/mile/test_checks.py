"""The deploy check that keeps the Celery broker and the cache on Redis instances of their own."""

import pytest
from django.core.checks import registry
from django.test import override_settings

from mile.checks import SHARED_REDIS, broker_apart_from_cache

REDIS = "django.core.cache.backends.redis.RedisCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def check(*, broker: str, cache: str | list[str] | None):
    caches = {"default": {"BACKEND": REDIS, "LOCATION": cache} if cache else {"BACKEND": LOCMEM}}
    with override_settings(CELERY_BROKER_URL=broker, CACHES=caches):
        return broker_apart_from_cache(None)


@pytest.mark.parametrize(
    ("broker", "cache"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("redis://localhost/0", "redis://127.0.0.1:6379/1"),
        ("redis://:secret@Redis.example:6390/0", "rediss://redis.example:6390/2"),
        ("redis+socket:///run/redis/redis.sock", "unix:///run/redis/redis.sock?db=1"),
        ("redis://10.0.0.5:6379/0", "redis://10.0.0.4:6379/1,redis://10.0.0.5:6379/1"),
        ("redis://10.0.0.5:6379/0", ["redis://10.0.0.5:6379/1"]),
    ],
)
def test_it_warns_when_the_broker_and_the_cache_share_an_instance(broker, cache):
    assert check(broker=broker, cache=cache) == [SHARED_REDIS]


def test_the_warning_says_why_and_what_to_do():
    assert SHARED_REDIS.id == "mile.W002"
    assert "the same Redis instance" in SHARED_REDIS.msg
    assert SHARED_REDIS.hint == (
        "Run a second Redis for the cache (maxmemory-policy allkeys-lru, e.g. on port 6380) "
        "and point CACHE_URL at it; keep the broker's instance on noeviction."
    )


@pytest.mark.parametrize(
    ("broker", "cache"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6380/0"),
        ("redis://redis-broker.example/0", "redis://redis-cache.example/0"),
        ("redis+socket:///run/redis/broker.sock", "unix:///run/redis/cache.sock"),
        ("redis+socket:///run/redis/redis.sock", "redis://127.0.0.1:6379/1"),
    ],
)
def test_it_is_quiet_when_they_have_instances_of_their_own(broker, cache):
    assert check(broker=broker, cache=cache) == []


def test_it_is_quiet_without_a_broker():
    assert check(broker="memory://localhost/", cache="redis://127.0.0.1:6379/1") == []


def test_it_is_quiet_without_a_redis_cache():
    assert check(broker="redis://127.0.0.1:6379/0", cache=None) == []


def test_it_is_a_deploy_check():
    assert broker_apart_from_cache in registry.registry.get_checks(include_deployment_checks=True)
    assert broker_apart_from_cache not in registry.registry.get_checks()
