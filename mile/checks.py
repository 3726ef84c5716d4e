"""System checks of the deployment that Django's own do not know about."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHE = Warning(
    "CACHE_URL is not set: each process keeps its own cache, so gunicorn's workers do not share "
    "the login rate limits.",
    hint="Set CACHE_URL to a Redis database, e.g. redis://127.0.0.1:6380/0.",
    id="mile.W001",
)
SHARED_REDIS = Warning(
    "CELERY_BROKER_URL and CACHE_URL point at the same Redis instance: under memory pressure "
    "the cache's eviction policy would drop queued e-mails' tasks, or the broker's would refuse "
    "the cache's writes.",
    hint="Run a second Redis for the cache (maxmemory-policy allkeys-lru, e.g. on port 6380) "
    "and point CACHE_URL at it; keep the broker's instance on noeviction.",
    id="mile.W002",
)
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    return [PER_PROCESS_CACHE] if backend.endswith("LocMemCache") else []


@register(Tags.caches, deploy=True)
def broker_apart_from_cache(app_configs, **kwargs):
    cache = settings.CACHES["default"]
    if not cache["BACKEND"].endswith("RedisCache"):
        return []
    locations = cache["LOCATION"]
    if isinstance(locations, str):
        locations = locations.split(",")
    broker = redis_instance(settings.CELERY_BROKER_URL)
    shared = broker is not None and broker in {redis_instance(url) for url in locations}
    return [SHARED_REDIS] if shared else []


def redis_instance(url: str) -> tuple[str, ...] | None:
    """The Redis server a URL names, its database left out: (host, port) or (socket path,)."""
    parts = urlsplit(url.strip())
    if parts.scheme in {"unix", "redis+socket"}:
        return (parts.path,)
    if parts.scheme not in {"redis", "rediss"}:
        return None
    host = (parts.hostname or "localhost").lower()
    return ("localhost" if host in LOOPBACK else host, str(parts.port or 6379))
