"""Logged-in pages kept whole in the cache until a table they read is written.

One rule in one place: while a page is built, every table its SQL reads is noted (`_track`, an
execute wrapper on every database connection of every process: web, Celery, shell); the page is
kept with the generation each of those tables had before it was read, and every committed write
to a table (a save, a QuerySet.update(), a bulk insert, the admin, a Celery task: any SQL) gives
that table a new generation once the transaction commits. A kept page is served only while all
its tables keep the generations it was built with, so a change to anything it shows renders it
afresh, and nothing has to be told what to forget.

The clock is the one thing no table tells: a page is kept `TIMEOUT` at most, and a view whose
page changes at a known moment (a registration window opening or closing) says so with
`valid_until()`. A page is kept per person and per address; its forms' CSRF token is the one
part of it that belongs to the request (`PLACEHOLDER` in the cache, the request's own token when
served). Never kept: anything but a GET of a logged-in person, a page with messages to show, a
page built while this connection has writes not yet committed (its transaction could still roll
back), and anything but a 200 without cookies.

Generations must be shared by every process that serves or writes, so pages are kept only with a
shared cache (`settings.PAGE_CACHE`: on with CACHE_URL). What a kept page costs, and how often
a busy table makes its pages be built again: README, Performance.
"""

import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache as once
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import request_started
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.middleware.csrf import get_token

from mile import fragments

TIMEOUT = 5 * 60  # seconds: how late a kept page may show a change that only the clock makes
PLACEHOLDER = fragments.PLACEHOLDER
WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)
READ = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)', re.IGNORECASE)
QUOTED = re.compile(r'"(\w+)"')

# The tables read by the page being built in this thread (None: no page is being built).
_reading: ContextVar[set | None] = ContextVar("page_cache_reading", default=None)
# What else wants to know that tables were written (when_written): (tables, callback).
_watchers: list[tuple[frozenset[str], Callable[[], None]]] = []


def per_viewer(view):
    """Serve the view's page from the cache to the person it was built for, while every table
    it read is unchanged (see above). For views of logged-in people only: put it inside the
    decorator or check that turns others away."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _may_keep(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if kept is not None and _still_valid(kept):
            return _served(request, kept)
        generations = _generations()
        request.page_cache_until = time.time() + TIMEOUT
        reading = set()
        token = _reading.set(reading)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            until = request.page_cache_until
        finally:
            _reading.reset(token)
            del request.page_cache_until
        if response.streaming:
            return response
        kept = {"content": response.content, "headers": dict(response.headers), "until": until}
        # A table without a generation (not a model's) can't be watched: such a page isn't kept.
        if _keepable(request, response) and reading <= generations.keys():
            kept["generations"] = {table: generations[table] for table in reading}
            cache.set(key, kept, TIMEOUT)
        return _with_token(request, response, kept["content"])

    return cached_view


def valid_until(request, moment) -> None:
    """The page being built changes by itself at `moment` (a datetime): keep it until then."""
    if moment is not None and hasattr(request, "page_cache_until"):
        request.page_cache_until = min(request.page_cache_until, moment.timestamp())


def when_written(tables, callback: Callable[[], None]) -> None:
    """Call `callback` after every commit that wrote one of `tables`, however it was written."""
    _watchers.append((frozenset(tables), callback))


def csrf_placeholder(request) -> dict:
    """Context processor: a page built for the cache holds PLACEHOLDER where its CSRF token goes."""
    return {"csrf_token": PLACEHOLDER} if hasattr(request, "page_cache_until") else {}


def _may_keep(request) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and request.user.is_authenticated
        and not _uncommitted_writes()
        and not len(get_messages(request))
    )


def _keepable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not len(get_messages(request))
        and not _uncommitted_writes()
    )


def _key(request) -> str:
    """The page at this address for this person as they are now: their name, their e-mail
    address, whether they are staff... (the row the authentication middleware read), asked for
    by htmx or not (a view may answer htmx with a part of the page)."""
    return fragments.key(
        "page", [request.user], address=request.build_absolute_uri(), htmx=bool(request.htmx)
    )


def _still_valid(kept: dict) -> bool:
    if time.time() >= kept["until"]:
        return False
    now = cache.get_many([_generation_key(table) for table in kept["generations"]])
    return all(
        now.get(_generation_key(table)) == generation
        for table, generation in kept["generations"].items()
    )


def _served(request, kept: dict) -> HttpResponse:
    response = HttpResponse()
    for header, value in kept["headers"].items():
        response.headers[header] = value
    return _with_token(request, response, kept["content"])


def _with_token(request, response, content: bytes):
    """The page with the request's own CSRF token where the placeholder is (which also sets the
    CSRF cookie when the person has none yet)."""
    if PLACEHOLDER.encode() in content:
        content = content.replace(PLACEHOLDER.encode(), get_token(request).encode())
    response.content = content
    return response


@once
def _last_login() -> str:
    """How a login's update of the person's last login starts; no page shows that column, and
    the person's own pages have a new key with it (`_key`)."""
    from django.contrib.auth import get_user_model

    return f'UPDATE "{get_user_model()._meta.db_table}" SET "last_login" = %s WHERE '


def _generation_key(table: str) -> str:
    return f"page-cache:table:{table}"


@once
def _tables() -> tuple[str, ...]:
    """Every table of every installed model, many-to-many tables included."""
    return tuple(sorted(connections["default"].introspection.django_table_names()))


def _generations() -> dict[str, str]:
    """Every table's current generation; a table that has none yet (never written since the
    cache was emptied) is given one."""
    keys = {_generation_key(table): table for table in _tables()}
    found = cache.get_many(list(keys))
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    return {table: {**found, **missing}[key] for key, table in keys.items()}


def _track(execute, sql, params, many, context):
    """Execute wrapper: note the tables a page being built reads, and the tables written."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str):
        written = WRITE.match(sql)
        if written:
            if not sql.startswith(_last_login()):
                _written(context["connection"], {written[1]})
        elif TRUNCATE.match(sql):
            _written(context["connection"], set(QUOTED.findall(sql)))
        elif (reading := _reading.get()) is not None:
            reading.update(READ.findall(sql))
    return result


def _written(connection, tables: set[str]) -> None:
    """New generations for the tables, once the transaction commits (at once in autocommit).

    One publication per transaction: registered again only when it is not waiting for the
    commit any more (Django drops the callbacks of a savepoint that rolls back, and with them
    every write made since inside it)."""
    connection.__dict__.setdefault("page_cache_written", set()).update(tables)
    publish = connection.page_cache_publish
    if connection.in_atomic_block:
        if any(func is publish for _, func, _ in connection.run_on_commit):
            return
    elif not connection.get_autocommit():
        return  # a transaction managed by hand: published after the next commit in a block
    transaction.on_commit(publish, using=connection.alias, robust=True)


def _publish(connection) -> None:
    written = connection.__dict__.get("page_cache_written")
    if written:
        tables, connection.page_cache_written = written, set()
        cache.set_many({_generation_key(table): uuid.uuid4().hex for table in tables}, None)
        for watched, callback in _watchers:
            if watched & tables:
                callback()


def _uncommitted_writes() -> bool:
    return any(
        connection.__dict__.get("page_cache_written")
        for connection in connections.all(initialized_only=True)
    )


def _install(connection, **_signal) -> None:
    if _track not in connection.execute_wrappers:

        def publish():
            _publish(connection)

        connection.page_cache_publish = publish
        connection.execute_wrappers.append(_track)


def _forget_rolled_back(**_signal) -> None:
    """At a request's start, outside any transaction, writes still noted were rolled back."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.__dict__.pop("page_cache_written", None)


def connect() -> None:
    connection_created.connect(_install, dispatch_uid="page-cache-track")
    request_started.connect(_forget_rolled_back, dispatch_uid="page-cache-rolled-back")
    for connection in connections.all(initialized_only=True):
        _install(connection)
