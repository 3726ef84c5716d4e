"""The load benchmark's settings: production settings (DEBUG off) served over plain HTTP on
loopback, with the bench's URL conf, which adds the bare view. Never used outside the bench."""

from mile.settings import *  # noqa: F403
from mile.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
# Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies sent without TLS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
