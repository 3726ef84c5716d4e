"""Settings for the MILE platform, read only from the environment (see .env.example).

With nothing set it runs on SQLite, Celery in eager mode and the console e-mail backend.
"""

from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from mile.env import envadmins, envbool, envint, envints, envlist, envseconds, envstr
from mile.logging import formatter as log_formatter

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = "MILE Action Learning Sets"
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "django_countries",
    "import_export",
    "simple_history",
    "csp",
    "common",
    "mile",
    "outbox",
    "accounts",
    "partners",
    "learningsets",
    "workshops",
    "proposals",
    "portal",
    "demo",
]

if DEBUG and find_spec("daphne"):
    # `make run`: Channels' runserver (daphne, a dev dependency) serves the pages and the
    # WebSockets of the live co-editing on one port. Production runs uvicorn (Procfile's ws).
    INSTALLED_APPS.insert(0, "daphne")

MIDDLEWARE = [
    # A line per request (mile/logging.py); first, so that it times everything else.
    "mile.logging.request_logged",
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.served_methods",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and CSRF middleware: on the way out it sees the cookies they set.
    "common.middleware.private_pages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the language menu's cookie, else the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "common.middleware.refuse_unreadable",
]

ROOT_URLCONF = "mile.urls"
WSGI_APPLICATION = "mile.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
            ],
        },
    },
]

# The web process (gunicorn's sync workers, mile.wsgi) keeps each connection for a minute; the
# ws process (mile.asgi) runs with DATABASE_CONN_MAX_AGE=0 (its Procfile line), as Django's
# documentation requires under ASGI.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = envstr("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_ADAPTER = "learningsets.adapter.MemberAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# allauth would answer a reset request for an unknown address with an invitation to sign up.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Failed logins (accounts/login_limits.py): ten a minute from one client IP address; for one
# e-mail address from one client, five in five minutes and ten in an hour; for one e-mail
# address from anywhere, thirty in an hour. A stranger's failures pause only their own client;
# it takes guessing from three or more clients to pause the owner, who can reset the password.
# Behind proxies, the number of them that append the client's address to X-Forwarded-For: the
# limits then count the visitor's address, not the proxy's, which every visitor would share.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key,10/h/key",
    "login_failed_address": "30/h/key",
    "reset_password": "20/m/ip,5/m/key",
}

# English is the source language (British: dates as "14 February 2027"). The platform's
# languages, each named in itself, as the language menu shows them; LANGUAGES offers those
# whose catalogue in locale/ is complete (tests/i18n checks them): a language joins by adding
# its code to the list below, and the menu appears once there are two.
LANGUAGE_CODE = "en-gb"
MILE_LANGUAGES = {
    "en-gb": "English",
    "pt-pt": "Português",
    "el": "Ελληνικά",
    "es": "Español",
    "it": "Italiano",
}
LANGUAGES = [(code, MILE_LANGUAGES[code]) for code in ["en-gb", "pt-pt", "el", "es", "it"]]
# The platform's catalogues first; then Django's month and weekday names in lower case where
# its own catalogues capitalise them (mile/formats/__init__.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "mile" / "formats" / "locale"]
# Dates, times and numbers in the reader's language: Django's named formats, with the platform's
# own in mile/formats/<locale>/formats.py where Django's are not what a reader expects. Figures
# are grouped in thousands only where a template asks (floatformat "g", common.l10n.money):
# ids and other machine numbers must never be.
FORMAT_MODULE_PATH = ["mile.formats"]
USE_THOUSAND_SEPARATOR = False

# Curated content (sub-themes, principles, workshops, e-mail wordings) in the five languages:
# django-modeltranslation adds a column per language; a reader sees theirs, else English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_LANGUAGES = tuple(MILE_LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (the default storage): kept out of the static files and out of the backups'
# folder; `manage.py backup` archives them beside the database.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = envstr("MEDIA_URL", "media/")

# Backups (`manage.py backup` and `restore`, mile/backups.py): django-dbbackup writes them to
# BACKUP_DIR, or to an S3-compatible bucket when BACKUP_S3_BUCKET is set (pip install
# 'mile-als[s3]'), and keeps the last BACKUP_KEEP of the database and of the files each.
BACKUP_DIR = Path(envstr("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = envint("BACKUP_KEEP", 14)
if BACKUP_KEEP < 1:
    raise ImproperlyConfigured(f"BACKUP_KEEP={BACKUP_KEEP} must keep at least one backup")
BACKUP_S3_BUCKET = envstr("BACKUP_S3_BUCKET")


def s3_storage(prefix: str, bucket: str, location: str, **options) -> dict:
    """An S3-compatible bucket's storage, from the variables named `<prefix>_S3_...`."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": envstr(f"{prefix}_S3_PREFIX", location),
            "endpoint_url": envstr(f"{prefix}_S3_ENDPOINT_URL") or None,
            "region_name": envstr(f"{prefix}_S3_REGION") or None,
            "access_key": envstr(f"{prefix}_S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr(f"{prefix}_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "file_overwrite": False,
            **options,
        },
    }


BACKUP_STORAGE = (
    s3_storage("BACKUP", BACKUP_S3_BUCKET, "mile-backups")
    if BACKUP_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BACKUP_DIR), "file_permissions_mode": 0o600},
    }
)
# The names the files get: mile-default-2026-12-06-023000.psql.bin.gz (the database "default"),
# mile-media-2026-12-06-023001.tar.gz (the uploaded files); the time is the server's local time.
DBBACKUP_HOSTNAME = "mile"
DBBACKUP_FILENAME_TEMPLATE = "{servername}-{databasename}-{datetime}.{extension}"
DBBACKUP_MEDIA_FILENAME_TEMPLATE = "{servername}-media-{datetime}.{extension}"
DBBACKUP_CLEANUP_KEEP = BACKUP_KEEP
DBBACKUP_CLEANUP_KEEP_MEDIA = BACKUP_KEEP
# A failed backup exits non-zero (systemd marks the unit failed and logs why); the library's own
# e-mail to ADMINS would bypass the outbox.
DBBACKUP_SEND_EMAIL = False
# The restore runs as the site's own database user, who then owns what it restores.
DBBACKUP_CONNECTORS = {"default": {"PG_OPTIONS": "--no-owner"}}

# A proposal's supporting documents (proposals/documents.py): private files, never at a public
# URL. On the file system in MEDIA_ROOT/documents (so the backup's archive of the uploaded files
# holds them), or in an S3-compatible bucket when DOCUMENTS_S3_BUCKET is set (pip install
# 'mile-als[s3]'). They go out only through the download view, after it checked the reader
# may see the proposal, and DOCUMENTS_SERVE says who sends the bytes: "django" (a streamed
# response: `make run`), "x-accel" (nginx's X-Accel-Redirect to DOCUMENTS_ACCEL_LOCATION, an
# internal location: deploy/nginx.conf), "x-sendfile" (Apache's or lighttpd's X-Sendfile) or
# "signed-url" (a redirect to a link of the bucket valid for DOCUMENTS_URL_SECONDS).
DOCUMENT_MAX_MB = envint("DOCUMENT_MAX_MB", 20)
PROPOSAL_DOCUMENTS_MAX_MB = envint("PROPOSAL_DOCUMENTS_MAX_MB", 100)
if not 0 < DOCUMENT_MAX_MB <= PROPOSAL_DOCUMENTS_MAX_MB:
    raise ImproperlyConfigured(
        f"DOCUMENT_MAX_MB={DOCUMENT_MAX_MB} must be above 0 and at most "
        f"PROPOSAL_DOCUMENTS_MAX_MB={PROPOSAL_DOCUMENTS_MAX_MB}"
    )
DOCUMENTS_S3_BUCKET = envstr("DOCUMENTS_S3_BUCKET")
DOCUMENTS_URL_SECONDS = 60
DOCUMENTS_SERVE = envstr("DOCUMENTS_SERVE", "signed-url" if DOCUMENTS_S3_BUCKET else "django")
DOCUMENTS_ACCEL_LOCATION = "/_documents/"
_SERVE_MODES = {
    # mode: where it can send the documents from (the bucket's, or the file system's)
    "django": {True, False},
    "x-accel": {False},
    "x-sendfile": {False},
    "signed-url": {True},
}
if DOCUMENTS_SERVE not in _SERVE_MODES:
    raise ImproperlyConfigured(
        f"DOCUMENTS_SERVE={DOCUMENTS_SERVE!r} is not one of {', '.join(_SERVE_MODES)}"
    )
if bool(DOCUMENTS_S3_BUCKET) not in _SERVE_MODES[DOCUMENTS_SERVE]:
    where = "in a bucket (DOCUMENTS_S3_BUCKET)" if DOCUMENTS_S3_BUCKET else "on the file system"
    raise ImproperlyConfigured(f"DOCUMENTS_SERVE={DOCUMENTS_SERVE} cannot send documents {where}")
DOCUMENTS_STORAGE = (
    s3_storage(
        "DOCUMENTS",
        DOCUMENTS_S3_BUCKET,
        "mile-documents",
        querystring_auth=True,
        querystring_expire=DOCUMENTS_URL_SECONDS,
    )
    if DOCUMENTS_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "documents")},
    }
)
# An upload larger than this is written to a temporary file as it arrives (Django's
# TemporaryFileUploadHandler), so a 20 MB document never sits in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    "dbbackup": BACKUP_STORAGE,
    "documents": DOCUMENTS_STORAGE,
}

# The admin's exports (common/admin_export.py): a control character in a name would make an
# XLSX export fail, so it is replaced; formulas are escaped by our resources, not the library.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
# The outbox: how long a worker may take to send one e-mail before another may take it over,
# and the first retry delay after a refusal (doubling up to six hours, with jitter).
EMAIL_LEASE_SECONDS = envint("EMAIL_LEASE_SECONDS", 300)
EMAIL_RETRY_BASE_SECONDS = envint("EMAIL_RETRY_BASE_SECONDS", 30)
# Days after it was sent that an e-mail keeps its subject and body (then only who, what kind
# and when remain): outbox/retention.py, daily from Celery beat.
OUTBOX_RETENTION_DAYS = envint("OUTBOX_RETENTION_DAYS", 180)
if OUTBOX_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"OUTBOX_RETENTION_DAYS={OUTBOX_RETENTION_DAYS} must be 1 or more")
# Days before an action's due date that its owner is reminded of it (learningsets/reminders.py).
ACTION_REMINDER_DAYS = envint("ACTION_REMINDER_DAYS", 3)
if ACTION_REMINDER_DAYS < 0:
    raise ImproperlyConfigured(f"ACTION_REMINDER_DAYS={ACTION_REMINDER_DAYS} must be 0 or more")
# The days before a call's deadline on which the authors of a proposal that still lacks
# something required are reminded (proposals/reminders.py, hourly from Celery beat).
CALL_REMINDER_DAYS = envints("CALL_REMINDER_DAYS", "14,3")
# Whether a proposal's authors see who gave which scores once a round of its review has ended
# (the team always does); otherwise the reviewers are "Reviewer 1", "Reviewer 2"...
REVIEWERS_NAMED_TO_AUTHORS = envbool("REVIEWERS_NAMED_TO_AUTHORS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "MILE management team <mile@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Live co-editing (proposals/live/, issue 18). The ws process serves mile.asgi; its rooms, one
# per section, reach every ws worker through the channel layer: Redis (a never-evicting instance,
# such as the broker's, another db) when CHANNEL_LAYER_URL is set, else the in-memory layer of a
# single process (`make run`). LIVE_EDITING_URL is where browsers open the sockets: empty for the
# page's own origin (/ws/..., the proxy passes it to the ws process), else e.g.
# wss://ws.example.org. LIVE_SAVE_PAUSE_SECONDS: writers' pause after which a burst is saved;
# LIVE_SAVE_LONGEST_SECONDS: a burst without a pause is saved that long after it began.
ASGI_APPLICATION = "mile.asgi.application"
CHANNEL_LAYER_URL = envstr("CHANNEL_LAYER_URL")
CHANNEL_LAYERS = {
    "default": (
        # Redis's pub/sub: one PUBLISH a message, where the core layer's lists take four round
        # trips and a pool of 100 connections refused the 101st socket (bench/README.md).
        # Pub/sub channels ignore the database number: the prefix carries it, so that another
        # database (another site, a test worker) is another set of rooms, as with lists.
        {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [CHANNEL_LAYER_URL],
                "prefix": "mile" + (urlsplit(CHANNEL_LAYER_URL).path.strip("/") or "0"),
            },
        }
        if CHANNEL_LAYER_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    )
}
LIVE_EDITING_URL = envstr("LIVE_EDITING_URL")
LIVE_SAVE_PAUSE_SECONDS = envseconds("LIVE_SAVE_PAUSE_SECONDS", 2.0)
LIVE_SAVE_LONGEST_SECONDS = envseconds("LIVE_SAVE_LONGEST_SECONDS", 30.0)
LIVE_MESSAGE_MAX_BYTES = 1024 * 1024  # a Yjs message over 1 MB is refused, the socket closed

CELERY_BROKER_URL = envstr("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The safety net of the outbox: rows whose task was lost or whose worker died.
    "deliver-due-emails": {"task": "mile.tasks.deliver_due_emails", "schedule": 60.0},
    # Reminders due by now; running twice, or on two beats at once, sends nothing twice.
    "scan-reminders": {"task": "workshops.tasks.scan_reminders", "schedule": 3600.0},
    "scan-action-reminders": {
        "task": "learningsets.tasks.scan_action_reminders",
        "schedule": 3600.0,
    },
    "scan-deadline-reminders": {
        "task": "proposals.tasks.scan_deadline_reminders",
        "schedule": 3600.0,
    },
    # Housekeeping, at night (Europe/Brussels): sessions past their expiry, and the bodies of
    # e-mails sent more than OUTBOX_RETENTION_DAYS ago.
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "delete-old-email-bodies": {
        "task": "outbox.tasks.delete_old_email_bodies",
        "schedule": crontab(hour=3, minute=45),
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# With a shared cache (CACHE_URL, Redis) sessions are read from it and written through to the
# database: a logged-in request reads no session row, and a cache flush logs nobody out. Without
# one they stay in the database: a per-process cache would keep a session that was logged out
# in one gunicorn worker alive in the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)
# Every script and style comes from our own static files: no inline script, no inline style
# (the admin and the site pages run under it; Bootstrap, htmx and select2 set styles through
# the CSSOM, which the policy allows). img-src allows data: for Bootstrap's inline SVG icons.
# The one <style> element: CodeMirror's (the live editor, static/dist/live.js), with the nonce
# of its page; the nonce is in the header only of a page that uses it (request.csp_nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        # 'self' covers the page's own ws:/wss: origin; a separate live editing host is added.
        "connect-src": [SELF, *([LIVE_EDITING_URL.rstrip("/")] if LIVE_EDITING_URL else [])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # A load balancer polls the health endpoints over plain HTTP, behind the TLS proxy.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    if envbool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Health (mile/health.py): /health/ready answers 503 when an e-mail has been due for longer.
HEALTH_OUTBOX_MAX_AGE_MINUTES = envint("HEALTH_OUTBOX_MAX_AGE_MINUTES", 30)

# Errors go to Sentry when SENTRY_DSN is set (no personal data: mile/errors.py), else to the
# ADMINS ("Name <address>,..."), by e-mail through the outbox. Neither carries a link's token.
SENTRY_DSN = envstr("SENTRY_DSN")
if SENTRY_DSN:
    from mile.errors import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=envstr("SENTRY_ENVIRONMENT"),
        release=envstr("SENTRY_RELEASE"),
    )
ADMINS = envadmins("ADMINS")
DEFAULT_EXCEPTION_REPORTER = "mile.errors.Reporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "mile.errors.ReporterFilter"

# One line per request and per e-mail attempt; JSON lines with LOG_FORMAT=json. Every handler
# redacts the tokens of personal links (mile/logging.py).
LOG_FORMAT = envstr("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is neither text nor json")
LOG_LEVEL = envstr("LOG_LEVEL", "INFO")
_LOG_HANDLERS = ["console"] if SENTRY_DSN else ["console", "admins"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "mile.logging.RedactTokens"}},
    "formatters": {"line": log_formatter(LOG_FORMAT)},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_tokens"],
            "formatter": "line",
        },
        # Replaces Django's mail_admins, which would send without the outbox.
        "admins": {"()": "mile.errors.OutboxAdminsHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": _LOG_HANDLERS, "level": LOG_LEVEL},
    "loggers": {
        # django.request (500s) and django.security come here; not to Django's mail_admins.
        "django": {"handlers": _LOG_HANDLERS, "level": "INFO", "propagate": False},
        # runserver's line per request names the path, which may hold a link's token.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # The servers' access logs: mile.request writes one line per request already.
        **{
            name: {"handlers": ["console"], "level": "WARNING", "propagate": False}
            for name in ("gunicorn.access", "uvicorn.access")
        },
        # A line per task is noise in the web process (eager mode); the worker logs its own.
        # So is WeasyPrint's line per page laid out, for every PDF.
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}
