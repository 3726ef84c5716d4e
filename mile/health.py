"""The health endpoints a load balancer or a monitor polls (README, Production).

- /health/live/: the process answers; nothing else is asked (no query, no cache).
- /health/ready/: the database, the cache, the broker, the migrations and the outbox, through
  django-health-check; 200 when all are up, else 503. Both answer JSON naming each component
  and what is wrong with it, never an address, a host name or personal data.

The checks that query the database run in the request's own thread (sync_to_async), on its
persistent connection: a probe opens no new connection. A probe issues four queries (SELECT 1,
the migration table's presence and its rows, one EXISTS on the outbox), a cache write and read,
and a PING of the broker; each check gives up after two seconds.
"""

import asyncio
import dataclasses
import datetime

import redis.asyncio
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check import checks
from health_check.base import HealthCheck
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from outbox.health import OutboxFlowing

TIMEOUT = datetime.timedelta(seconds=2)


@never_cache
@require_safe
def live(request):
    return JsonResponse({"status": "ok"})


@dataclasses.dataclass
class Database(checks.Database):
    timeout = TIMEOUT

    async def run(self):
        await sync_to_async(self.check)()

    def check(self):
        try:
            # The request's persistent connection: django-health-check's own check would open
            # and close one of its own for every probe.
            connections[self.alias].ensure_connection()
        except DatabaseError as error:
            raise ServiceUnavailable("cannot connect to the database") from error
        checks.Database.run(self)


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Unavailable until `manage.py migrate` has applied every migration of the code."""

    timeout = TIMEOUT
    alias: str = "default"

    async def run(self):
        await sync_to_async(self.check)()

    def check(self):
        try:
            executor = MigrationExecutor(connections[self.alias])
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            raise ServiceUnavailable("cannot read the applied migrations") from error
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migrations not applied: run manage.py migrate")


def broker_client():
    return redis.asyncio.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=TIMEOUT.total_seconds(),
        socket_timeout=TIMEOUT.total_seconds(),
    )


class Ready(HealthCheckView):
    def get_checks(self):
        yield "database", Database()
        yield "migrations", Migrations()
        yield "cache", checks.Cache(timeout=TIMEOUT)
        # Without CELERY_BROKER_URL tasks run in the web process (eager): there is no broker.
        if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
            yield "broker", Redis(client_factory=broker_client)
        yield "outbox", OutboxFlowing()

    async def get(self, request, *args, **kwargs):
        names, probes = zip(*self.get_checks(), strict=True)
        results = await asyncio.gather(*(probe.get_result() for probe in probes))
        states = [str(result.error) if result.error else "OK" for result in results]
        response = JsonResponse(
            dict(zip(names, states, strict=True)),
            status=503 if any(result.error for result in results) else 200,
        )
        # django-health-check logs each failing check (a warning); Django's own error line for
        # a 503 would also mail the ADMINS at every probe while the site is not ready.
        response._has_been_logged = True
        return response


ready = Ready.as_view()
