"""Fragments of the public pages, cached until the data they show changes.

One rule in one place: every cached fragment's key carries `version()`, and any save or delete
of a model that public pages show (`SHOWN`) sets a new version, so the next request renders
afresh; the old fragments expire on their own (`TIMEOUT`). Only what is the same for every
visitor and does not change with the clock is cached (never a form, a user's name, or a
registration state that opens and closes with time): templates wrap such parts in
`{% cache public_cache_timeout name public_version … %}`.

Writes that skip signals (QuerySet.update, bulk_create) call `bump()` themselves.
"""

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "public-pages-version"
TIMEOUT = 60 * 60  # seconds: an unused fragment's life; a change replaces it at once anyway

SHOWN = [
    "partners.Partner",
    "learningsets.SubTheme",
    "learningsets.LearningSet",
    "learningsets.Member",
    "workshops.Workshop",
    "workshops.Session",
    "workshops.Registration",
]


def version() -> str:
    current = cache.get(KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(KEY, current, None):  # another process set one first
            current = cache.get(KEY) or current
    return current


def bump(**_signal) -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def context() -> dict:
    """What the templates' {% cache %} tags need."""
    return {"public_version": version(), "public_cache_timeout": TIMEOUT}


def connect() -> None:
    for label in SHOWN:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"public-cache-delete-{label}")
    for through in (
        apps.get_model("partners.Partner").contacts.through,
        apps.get_model("workshops.Workshop").invited_partners.through,
    ):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"public-cache-m2m-{through}")
