"""Pieces of logged-in pages kept in the cache, under a key made of everything they show.

One rule in one place: a fragment's key (`key()`) is a digest of every column of every row the
fragment shows, and of the viewer's flags that change it (may they edit, may they see the
comments). Any change to one of those rows — a save, an admin edit, a renamed author — makes a
new key, so nobody is ever shown a stale copy and nothing has to be told to forget one; unused
copies expire after `TIMEOUT`.

A fragment may hold forms: the CSRF token is the one thing in it that belongs to the request,
so the copy in the cache holds `PLACEHOLDER` where the token goes, and every request puts its
own token there (templatetags/fragments.py). A page of many fragments asks the cache for all
of them at once (`fetch()`, passed to the template as `cached_fragments`).
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache as once
from operator import attrgetter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Model

TIMEOUT = 60 * 60  # seconds
# A NUL character: no text the site stores can hold one (forms refuse it), so no text of a
# user's can be mistaken for the placeholder.
PLACEHOLDER = "\x00csrf-token\x00"


def key(name: str, rows, **flags) -> str:
    """The cache key of the fragment `name` showing `rows` (model instances, lazy ones such as
    request.user too, or None).

    Every column of every row is read: never pass a row fetched with .defer() or .only(), whose
    missing columns would each cost a query."""
    shown = [
        (row.__class__, _columns(row.__class__)(row)) if row is not None else None for row in rows
    ]
    content = repr((release(), sorted(flags.items()), shown)).encode()
    return f"fragment:{name}:{hashlib.blake2b(content, digest_size=20).hexdigest()}"


@once
def _columns(model: type[Model]) -> Callable[[Model], tuple]:
    """What reads every column of a row of the model (one tuple, however many columns)."""
    return attrgetter(*(field.attname for field in model._meta.concrete_fields))


def fetch(keys: Iterable[str]) -> dict[str, str | None]:
    """The cached markup of every key in one round trip to the cache (None: not cached)."""
    keys = [key for key in keys if key]
    found = cache.get_many(keys)
    return {key: found.get(key) for key in keys}


@once
def release() -> str:
    """A digest of the Python files and templates of the project's own apps, read once a
    process: what renders the markup changes with it."""
    base = Path(settings.BASE_DIR)
    folders = [Path(folder) for template in settings.TEMPLATES for folder in template["DIRS"]]
    folders += [Path(c.path) for c in apps.get_app_configs() if Path(c.path).parent == base]
    digest = hashlib.blake2b(digest_size=8)
    for folder in sorted(set(folders)):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
