"""Every variable that .env.example or the README names is read by the settings: a row each.

A row sets one variable (on top of a base environment) and says which setting must take which
value; the test also checks that the setting is different without the variable, so a row
proves the variable is read. The settings module is run afresh for each row (runpy): no
interpreter is started. A variable added to .env.example or the README fails
test_every_variable_named_has_a_row until it has a row here.
"""

import os
import re
import runpy
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

import mile.errors

SETTINGS_FILE = Path(settings.BASE_DIR) / "mile" / "settings.py"
PRODUCTION = {"DEBUG": "false", "DJANGO_SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "mile.example"}
# Named in the README for the test and make commands, not for the settings.
NOT_SETTINGS = {"HYPOTHESIS_PROFILE", "MILE_REQUIRE_BROWSER", "PYTEST_ARGS", "TEST_WORKERS"}
# Read by the processes, not the settings: the Procfile's addresses and make serve's .env file
# (tests/integration/test_serve.py sets them), gunicorn's number of workers.
PROCESS_VARIABLES = {"HOST", "PORT", "WS_PORT", "ENV_FILE", "WEB_CONCURRENCY"}


def read(path: str):
    """A getter of a setting by its dotted path ("DATABASES.default.HOST"); None if unset."""

    def getter(namespace):
        value = namespace
        for part in path.split("."):
            if part not in value:
                return None
            value = value[part]
        return value

    return getter


@dataclass(frozen=True)
class Row:
    variable: str
    value: str
    setting: str  # a dotted path into the settings (read())
    expected: object
    base: dict = field(default_factory=dict)  # the rest of the environment, e.g. PRODUCTION


SMTP = "django.core.mail.backends.smtp.EmailBackend"
ROWS = [
    Row("DEBUG", "false", "DEBUG", False, base={**PRODUCTION, "DEBUG": "true"}),
    Row("DJANGO_SECRET_KEY", "k" * 50, "SECRET_KEY", "k" * 50),
    Row("ALLOWED_HOSTS", "a.example, b.example", "ALLOWED_HOSTS", ["a.example", "b.example"]),
    Row("CSRF_TRUSTED_ORIGINS", "https://a.example", "CSRF_TRUSTED_ORIGINS", ["https://a.example"]),
    Row("SITE_URL", "https://als.example", "SITE_URL", "https://als.example"),
    Row("LOG_LEVEL", "WARNING", "LOGGING.root.level", "WARNING"),
    Row("LOG_FORMAT", "json", "LOGGING.formatters.line.()", "mile.logging.JSONFormatter"),
    Row("DATABASE_URL", "postgres://mile@db.example/als", "DATABASES.default.HOST", "db.example"),
    Row("DATABASE_CONN_MAX_AGE", "0", "DATABASES.default.CONN_MAX_AGE", 0),
    Row(
        "CACHE_URL",
        "redis://c.example:6379/1",
        "CACHES.default.LOCATION",
        "redis://c.example:6379/1",
    ),
    Row("ALLAUTH_TRUSTED_PROXY_COUNT", "1", "ALLAUTH_TRUSTED_PROXY_COUNT", 1),
    Row(
        "CELERY_BROKER_URL",
        "redis://b.example:6379/0",
        "CELERY_BROKER_URL",
        "redis://b.example:6379/0",
    ),
    Row(
        "CHANNEL_LAYER_URL",
        "redis://b.example:6379/1",
        "CHANNEL_LAYERS.default.CONFIG.hosts",
        ["redis://b.example:6379/1"],
    ),
    Row("LIVE_EDITING_URL", "wss://ws.example", "LIVE_EDITING_URL", "wss://ws.example"),
    Row("LIVE_SAVE_PAUSE_SECONDS", "0.5", "LIVE_SAVE_PAUSE_SECONDS", 0.5),
    Row("LIVE_SAVE_LONGEST_SECONDS", "10", "LIVE_SAVE_LONGEST_SECONDS", 10.0),
    Row("EMAIL_HOST", "smtp.example", "EMAIL_BACKEND", SMTP),
    Row("EMAIL_PORT", "465", "EMAIL_PORT", 465),
    Row("EMAIL_HOST_USER", "mile", "EMAIL_HOST_USER", "mile"),
    Row("EMAIL_HOST_PASSWORD", "secret", "EMAIL_HOST_PASSWORD", "secret"),
    Row("EMAIL_USE_TLS", "false", "EMAIL_USE_TLS", False),
    Row("EMAIL_USE_SSL", "true", "EMAIL_USE_SSL", True),
    Row("EMAIL_TIMEOUT", "5", "EMAIL_TIMEOUT", 5),
    Row("EMAIL_BACKEND", SMTP, "EMAIL_BACKEND", SMTP),
    Row("EMAIL_FILE_PATH", "/srv/mail", "EMAIL_FILE_PATH", "/srv/mail"),
    Row("EMAIL_LEASE_SECONDS", "60", "EMAIL_LEASE_SECONDS", 60),
    Row("EMAIL_RETRY_BASE_SECONDS", "10", "EMAIL_RETRY_BASE_SECONDS", 10),
    Row("DEFAULT_FROM_EMAIL", "MILE <als@mile.example>", "SERVER_EMAIL", "MILE <als@mile.example>"),
    Row("SECURE_SSL_REDIRECT", "false", "SECURE_SSL_REDIRECT", False, base=PRODUCTION),
    Row("SECURE_HSTS_SECONDS", "60", "SECURE_HSTS_SECONDS", 60, base=PRODUCTION),
    Row(
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "false",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        False,
        base=PRODUCTION,
    ),
    Row("SECURE_HSTS_PRELOAD", "false", "SECURE_HSTS_PRELOAD", False, base=PRODUCTION),
    Row(
        "BEHIND_TLS_PROXY",
        "true",
        "SECURE_PROXY_SSL_HEADER",
        ("HTTP_X_FORWARDED_PROTO", "https"),
        base=PRODUCTION,
    ),
    Row("HEALTH_OUTBOX_MAX_AGE_MINUTES", "10", "HEALTH_OUTBOX_MAX_AGE_MINUTES", 10),
    Row("ADMINS", "Ops <ops@mile.example>", "ADMINS", [("Ops", "ops@mile.example")]),
    Row("SENTRY_DSN", "https://k@sentry.invalid/1", "_sentry.dsn", "https://k@sentry.invalid/1"),
    Row("SENTRY_DSN", "https://k@sentry.invalid/1", "LOGGING.root.handlers", ["console"]),
    Row(
        "SENTRY_ENVIRONMENT",
        "staging",
        "_sentry.environment",
        "staging",
        base={"SENTRY_DSN": "https://k@sentry.invalid/1"},
    ),
    Row(
        "SENTRY_RELEASE",
        "1.2.3",
        "_sentry.release",
        "1.2.3",
        base={"SENTRY_DSN": "https://k@sentry.invalid/1"},
    ),
    Row("OUTBOX_RETENTION_DAYS", "90", "OUTBOX_RETENTION_DAYS", 90),
    Row("ACTION_REMINDER_DAYS", "5", "ACTION_REMINDER_DAYS", 5),
    Row("CALL_REMINDER_DAYS", "7, 1", "CALL_REMINDER_DAYS", [7, 1]),
    Row("REVIEWERS_NAMED_TO_AUTHORS", "true", "REVIEWERS_NAMED_TO_AUTHORS", True),
    Row("MEDIA_ROOT", "/srv/uploads", "MEDIA_ROOT", Path("/srv/uploads")),
    Row("MEDIA_URL", "uploads/", "MEDIA_URL", "uploads/"),
    Row("DOCUMENT_MAX_MB", "5", "DOCUMENT_MAX_MB", 5),
    Row("PROPOSAL_DOCUMENTS_MAX_MB", "50", "PROPOSAL_DOCUMENTS_MAX_MB", 50),
    Row("DOCUMENTS_SERVE", "x-accel", "DOCUMENTS_SERVE", "x-accel"),
    Row("DOCUMENTS_S3_BUCKET", "als", "STORAGES.documents.OPTIONS.bucket_name", "als"),
    Row(
        "DOCUMENTS_S3_PREFIX",
        "files",
        "STORAGES.documents.OPTIONS.location",
        "files",
        base={"DOCUMENTS_S3_BUCKET": "mile-documents"},
    ),
    Row(
        "DOCUMENTS_S3_ENDPOINT_URL",
        "https://s3.example",
        "STORAGES.documents.OPTIONS.endpoint_url",
        "https://s3.example",
        base={"DOCUMENTS_S3_BUCKET": "mile-documents"},
    ),
    Row(
        "DOCUMENTS_S3_REGION",
        "eu-west-3",
        "STORAGES.documents.OPTIONS.region_name",
        "eu-west-3",
        base={"DOCUMENTS_S3_BUCKET": "mile-documents"},
    ),
    Row(
        "DOCUMENTS_S3_ACCESS_KEY_ID",
        "AK",
        "STORAGES.documents.OPTIONS.access_key",
        "AK",
        base={"DOCUMENTS_S3_BUCKET": "mile-documents"},
    ),
    Row(
        "DOCUMENTS_S3_SECRET_ACCESS_KEY",
        "SK",
        "STORAGES.documents.OPTIONS.secret_key",
        "SK",
        base={"DOCUMENTS_S3_BUCKET": "mile-documents"},
    ),
    Row("BACKUP_DIR", "/srv/backups", "STORAGES.dbbackup.OPTIONS.location", "/srv/backups"),
    Row("BACKUP_KEEP", "30", "DBBACKUP_CLEANUP_KEEP", 30),
    Row("BACKUP_S3_BUCKET", "als", "STORAGES.dbbackup.OPTIONS.bucket_name", "als"),
    Row(
        "BACKUP_S3_PREFIX",
        "nightly",
        "STORAGES.dbbackup.OPTIONS.location",
        "nightly",
        base={"BACKUP_S3_BUCKET": "mile-backups"},
    ),
    Row(
        "BACKUP_S3_ENDPOINT_URL",
        "https://s3.example",
        "STORAGES.dbbackup.OPTIONS.endpoint_url",
        "https://s3.example",
        base={"BACKUP_S3_BUCKET": "mile-backups"},
    ),
    Row(
        "BACKUP_S3_REGION",
        "eu-west-3",
        "STORAGES.dbbackup.OPTIONS.region_name",
        "eu-west-3",
        base={"BACKUP_S3_BUCKET": "mile-backups"},
    ),
    Row(
        "BACKUP_S3_ACCESS_KEY_ID",
        "AK",
        "STORAGES.dbbackup.OPTIONS.access_key",
        "AK",
        base={"BACKUP_S3_BUCKET": "mile-backups"},
    ),
    Row(
        "BACKUP_S3_SECRET_ACCESS_KEY",
        "SK",
        "STORAGES.dbbackup.OPTIONS.secret_key",
        "SK",
        base={"BACKUP_S3_BUCKET": "mile-backups"},
    ),
]


def names_in(text: str, pattern: str) -> set[str]:
    return set(re.findall(pattern, text, flags=re.MULTILINE))


def settings_from(environment: dict, monkeypatch) -> dict:
    """The settings module's names, run afresh in `environment` (the process's own variables of
    the table removed first). Sentry is not started: the arguments it would get are kept."""
    for name in {row.variable for row in ROWS} | set(PRODUCTION):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    started = {}
    monkeypatch.setattr(mile.errors, "sentry_init", lambda **options: started.update(options))
    namespace = runpy.run_path(str(SETTINGS_FILE))
    return {**namespace, "_sentry": started}


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.variable}→{row.setting}" for row in ROWS])
def test_the_variable_changes_its_setting(row, monkeypatch):
    with monkeypatch.context() as patch:
        without = read(row.setting)(settings_from(row.base, patch))
    with monkeypatch.context() as patch:
        got = read(row.setting)(settings_from({**row.base, row.variable: row.value}, patch))

    assert got == row.expected
    assert without != row.expected


def test_every_variable_named_has_a_row():
    env_example = (Path(settings.BASE_DIR) / ".env.example").read_text()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    named = names_in(env_example, r"^#?\s?([A-Z][A-Z0-9_]+)=") | (
        names_in(readme, r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)=") - NOT_SETTINGS
    )

    assert sorted(named - {row.variable for row in ROWS} - PROCESS_VARIABLES) == []


def test_the_processes_read_their_variables():
    procfile = (Path(settings.BASE_DIR) / "Procfile").read_text()
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    workers = subprocess.run(
        [sys.executable, "-c", "from gunicorn.config import Config; print(Config().workers)"],
        env={**os.environ, "WEB_CONCURRENCY": "5"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert {"${HOST}", "${PORT}", "${WS_PORT}"} <= set(re.findall(r"\$\{[A-Z_]+\}", procfile))
    assert "--env $(ENV_FILE)" in makefile
    assert workers.stdout == "5\n"
