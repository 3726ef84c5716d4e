"""The outbox's health check (/health/ready): e-mails are leaving, not piling up."""

import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from outbox import mail


@dataclasses.dataclass
class OutboxFlowing(HealthCheck):
    """Unavailable when an e-mail has been due for longer than HEALTH_OUTBOX_MAX_AGE_MINUTES."""

    timeout = datetime.timedelta(seconds=2)

    async def run(self):
        # In the request's thread (thread_sensitive): its database connection, no new one.
        await sync_to_async(self.check)()

    def check(self):
        minutes = settings.HEALTH_OUTBOX_MAX_AGE_MINUTES
        try:
            overdue = mail.overdue(datetime.timedelta(minutes=minutes))
        except DatabaseError as error:
            raise ServiceUnavailable("cannot read the outbox") from error
        if overdue:
            raise ServiceUnavailable(
                f"an e-mail has been due for more than {minutes} minutes: "
                "is a Celery worker running?"
            )
