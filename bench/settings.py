"""The load benchmark's settings: production settings (DEBUG off) served over plain HTTP on
loopback, with the bench's URL conf, which adds the bare view. Never used outside the bench."""

import os

from mile.settings import *  # noqa: F403
from mile.settings import BASE_DIR, CHANNEL_LAYER_URL, TEMPLATES

ROOT_URLCONF = "bench.urls"
# Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# bench/live.py --layer: the channel layer the ws process is measured with. "project" (the
# default): the project's own, channels_redis's RedisPubSubChannelLayer on CHANNEL_LAYER_URL;
# "core": channels_redis's RedisChannelLayer (lists) on the same Redis, the one it replaced;
# "memory": Channels' in-memory layer (one process only: no room across workers).
_LAYER = os.environ.get("BENCH_CHANNEL_LAYER", "project")
if _LAYER == "core":
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [CHANNEL_LAYER_URL], "capacity": 1000, "expiry": 30},
        }
    }
elif _LAYER == "memory":
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
