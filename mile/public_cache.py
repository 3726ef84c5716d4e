"""The public pages and their fragments, cached until the data they show changes.

One rule in one place: every cached page and fragment's key carries `version()`, and any save
or delete of a model that public pages show (`SHOWN`) sets a new version, so the next request
renders afresh; the old entries expire on their own. The version also carries the release
(mile.fragments.release), so a deploy never serves the pages of the code before it.

Two kinds of entry:
- Fragments that are the same for every visitor and do not change with the clock (never a
  form, a user's name, or a registration state that opens and closes with time): templates
  wrap them in `{% cache public_cache_timeout name public_version … %}`, kept for `TIMEOUT`.
- Whole pages (`@whole_page`) for visitors without a session — nobody logged in, no message
  waiting — who all see the same page. They also show states that follow the clock (a
  registration opening or closing), so a page is kept for `PAGE_TIMEOUT` only: such a change
  shows within that time, a change of data at once. Anyone with a session gets the page
  rendered for them.

Writes that skip signals (a QuerySet.update(), a bulk insert, raw SQL) set a new version too,
once they commit: mile.page_cache sees every write to a table (`page_cache.when_written`).
"""

import hashlib
import uuid
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_vary_headers

from mile import fragments, page_cache

KEY = "public-pages-version"
TIMEOUT = 60 * 60  # seconds: an unused fragment's life; a change replaces it at once anyway
PAGE_TIMEOUT = 60  # seconds: how late a whole page may show a registration opening or closing

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
    """The data's version, and the code's: a new release renders its pages afresh too."""
    current = cache.get(KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(KEY, current, None):  # another process set one first
            current = cache.get(KEY) or current
    return f"{current}-{fragments.release()}"


def bump(**_signal) -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def context() -> dict:
    """What the templates' {% cache %} tags need."""
    return {"public_version": version(), "public_cache_timeout": TIMEOUT}


def _shared(request) -> bool:
    """Whether the visitor sees the page everybody without a session sees."""
    if request.method not in ("GET", "HEAD"):
        return False
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _same_for_everyone(request, response) -> bool:
    """A page another visitor may be given: a 200, without cookies, and no CSRF token in it (a
    token is the visitor's own: a form on a shared page would be refused to everyone else)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def whole_page(view):
    """Serve the view's page from the cache to visitors without a session (see above)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _shared(request):
            return view(request, *args, **kwargs)
        address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"public-page:{version()}:{address}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if _same_for_everyone(request, response):
                cache.set(key, response, PAGE_TIMEOUT)
        # A session changes the page (the menu, the delegates shown): no shared cache may give
        # one visitor's copy to another.
        patch_vary_headers(response, ("Cookie",))
        return response

    return cached_view


def connect() -> None:
    """A new version at once on a save or delete through the ORM (also inside a transaction
    that has not committed: what a test sees), and after any write that commits."""
    shown = [apps.get_model(label) for label in SHOWN]
    throughs = [
        apps.get_model("partners.Partner").contacts.through,
        apps.get_model("workshops.Workshop").invited_partners.through,
    ]
    for model in shown:
        post_save.connect(bump, sender=model, dispatch_uid=f"public-cache-save-{model}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"public-cache-delete-{model}")
    for through in throughs:
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"public-cache-m2m-{through}")
    page_cache.when_written({model._meta.db_table for model in shown + throughs}, bump)
