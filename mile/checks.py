"""System checks of the deployment that Django's own do not know about."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHE = Warning(
    "CACHE_URL is not set: each process keeps its own cache, so gunicorn's workers do not share "
    "the login rate limits.",
    hint="Set CACHE_URL to a Redis database, e.g. redis://127.0.0.1:6379/1.",
    id="mile.W001",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    return [PER_PROCESS_CACHE] if backend.endswith("LocMemCache") else []
