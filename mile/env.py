"""Typed readers for configuration from the environment; a bad value fails loudly at start."""

import os
from email.utils import getaddresses

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    """The variable's value; the default when it is unset or empty (`DATABASE_URL=`)."""
    return os.environ.get(name) or default


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


def envseconds(name: str, default: float) -> float:
    """A duration in seconds, more than 0, fractions allowed: `2`, `0.5`."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ImproperlyConfigured(f"{name}={value!r} is not a number of seconds above 0")
    return seconds


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envints(name: str, default: str) -> list[int]:
    """A comma-separated list of whole numbers of 1 or more, e.g. `14,3`."""
    numbers = envlist(name, default)
    if not all(number.isdigit() and int(number) >= 1 for number in numbers):
        raise ImproperlyConfigured(
            f"{name}={os.environ.get(name)!r} is not a list of whole numbers of 1 or more"
        )
    return [int(number) for number in numbers]


def envadmins(name: str) -> list[tuple[str, str]]:
    """ADMINS as Django wants them, from `Name <address>,Other <address>` (or bare addresses)."""
    admins = [pair for pair in getaddresses([os.environ.get(name, "")]) if any(pair)]
    for admin_name, address in admins:
        if "@" not in address:
            raise ImproperlyConfigured(f"{name}: {admin_name or address!r} has no e-mail address")
    return [(admin_name or address, address) for admin_name, address in admins]
