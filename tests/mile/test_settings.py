"""Settings come only from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from mile.env import envbool, envint, envints, envlist, envseconds, envstr

PRODUCTION = {
    "DEBUG": "false",
    "DJANGO_SECRET_KEY": "k8Jq2vX9pL4mN7rT1wZ5yB3cF6hD0gS8aE2uI9oP7lK4jH1nM5bV3cX6zQ",
    "ALLOWED_HOSTS": "mile.example",
    "CACHE_URL": "redis://127.0.0.1:6380/0",  # only read by the checks: no Redis is needed
}


def manage(*args, **environment):
    """Run manage.py in a fresh interpreter, so the settings are read from `environment`."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="false", DJANGO_SECRET_KEY="", ALLOWED_HOSTS="mile.example")

    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "django.core.exceptions.ImproperlyConfigured: "
        "DJANGO_SECRET_KEY must be set when DEBUG is false"
    )


def test_a_bad_boolean_in_the_environment_stops_the_start():
    result = manage("check", DEBUG="maybe")

    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        "ImproperlyConfigured: DEBUG='maybe' is not a boolean (use true or false)"
    )


def test_the_models_have_no_missing_migrations(db):
    call_command(
        "makemigrations",
        "accounts",
        "partners",
        "learningsets",
        "--check",
        "--dry-run",
        verbosity=0,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True),
     ("0", False), ("False", False), ("no", False), ("off", False), ("", False)],
)  # fmt: skip
def test_envbool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("MILE_FLAG", value)

    assert envbool("MILE_FLAG", not expected) is expected


def test_envbool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("MILE_FLAG", raising=False)

    assert (envbool("MILE_FLAG", True), envbool("MILE_FLAG", False)) == (True, False)


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_envbool_rejects_anything_else(monkeypatch, value):
    monkeypatch.setenv("MILE_FLAG", value)

    with pytest.raises(ImproperlyConfigured) as error:
        envbool("MILE_FLAG", False)

    assert str(error.value) == f"MILE_FLAG={value!r} is not a boolean (use true or false)"


def test_envint_reads_an_integer_and_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("MILE_PORT", " 2525 ")
    monkeypatch.setenv("MILE_EMPTY", "")
    monkeypatch.delenv("MILE_UNSET", raising=False)

    assert (envint("MILE_PORT", 25), envint("MILE_EMPTY", 25), envint("MILE_UNSET", 25)) == (
        2525,
        25,
        25,
    )


@pytest.mark.parametrize("value", ["ten", "1.5", "25s"])
def test_envint_rejects_what_is_not_an_integer(monkeypatch, value):
    monkeypatch.setenv("MILE_PORT", value)

    with pytest.raises(ImproperlyConfigured) as error:
        envint("MILE_PORT", 25)

    assert str(error.value) == f"MILE_PORT={value!r} is not an integer"


def test_envints_reads_whole_numbers_and_defaults_when_unset(monkeypatch):
    monkeypatch.setenv("MILE_DAYS", " 14, 3,")
    monkeypatch.delenv("MILE_UNSET", raising=False)

    assert (envints("MILE_DAYS", "1"), envints("MILE_UNSET", "7,1")) == ([14, 3], [7, 1])


@pytest.mark.parametrize("value", ["two", "14,-3", "0", "1.5"])
def test_envints_rejects_what_is_not_a_whole_number_of_1_or_more(monkeypatch, value):
    monkeypatch.setenv("MILE_DAYS", value)

    with pytest.raises(ImproperlyConfigured) as error:
        envints("MILE_DAYS", "14")

    assert str(error.value) == (f"MILE_DAYS={value!r} is not a list of whole numbers of 1 or more")


def test_envlist_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("MILE_HOSTS", " mile.example, ,www.mile.example,")

    assert envlist("MILE_HOSTS") == ["mile.example", "www.mile.example"]


def test_envlist_and_envstr_use_their_defaults_when_unset(monkeypatch):
    monkeypatch.delenv("MILE_UNSET", raising=False)

    assert (envlist("MILE_UNSET", "a,b"), envstr("MILE_UNSET", "x")) == (["a", "b"], "x")


def test_envstr_takes_an_empty_variable_as_unset(monkeypatch):
    monkeypatch.setenv("MILE_EMPTY", "")

    assert envstr("MILE_EMPTY", "x") == "x"


def test_an_empty_database_url_means_the_embedded_sqlite_database():
    result = manage("shell", "-c", "from django.db import connection; print(connection.vendor)",
                    DATABASE_URL="")  # fmt: skip

    assert (result.returncode, result.stdout.split()[-1]) == (0, "sqlite"), result.stderr


@pytest.mark.parametrize(
    ("cache_url", "engine"), [("redis://127.0.0.1:6379/1", "cached_db"), ("", "db")]
)
def test_sessions_are_read_from_the_cache_only_when_every_worker_shares_it(cache_url, engine):
    shown = "from django.conf import settings; print(settings.SESSION_ENGINE)"

    result = manage("shell", "--no-imports", "-c", shown, CACHE_URL=cache_url)

    assert result.stdout.strip() == f"django.contrib.sessions.backends.{engine}", result.stderr


def test_envseconds_reads_fractions_and_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("MILE_PAUSE", " 0.5 ")
    monkeypatch.setenv("MILE_EMPTY", "")
    monkeypatch.delenv("MILE_UNSET", raising=False)

    read = [envseconds(name, 2.0) for name in ("MILE_PAUSE", "MILE_EMPTY", "MILE_UNSET")]

    assert read == [0.5, 2.0, 2.0]


@pytest.mark.parametrize("value", ["soon", "0", "-1", "inf", "nan"])
def test_envseconds_rejects_what_is_no_positive_duration(monkeypatch, value):
    monkeypatch.setenv("MILE_PAUSE", value)

    with pytest.raises(ImproperlyConfigured) as error:
        envseconds("MILE_PAUSE", 2.0)

    assert str(error.value) == f"MILE_PAUSE={value!r} is not a number of seconds above 0"
