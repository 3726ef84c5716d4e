"""How the tests and the benchmark request the pages: in a world built for a whole test
module, and one GET at a time with every cache cold."""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.access.pages.world import World


def cold_get(path: str, user):
    """One GET of `path` as `user` (None: anonymous) with every cache cold, undone afterwards:
    the queries it issued (a CaptureQueriesContext) and its response. The query counts of the
    tests and of bench/queries.py are taken this way."""
    client = Client()
    if user is not None:
        client.force_login(user)
    cache.clear()
    ContentType.objects.clear_cache()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        transaction.set_rollback(True)
    return captured, response


@contextmanager
def rolled_back_world(db_blocker):
    """A World for a whole test module (pytest's django_db_blocker unblocked): built once, fast
    password hashing, in a transaction rolled back when the module is done."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with db_blocker.unblock(), fast, transaction.atomic():
        try:
            yield World.build()
        finally:
            transaction.set_rollback(True)
