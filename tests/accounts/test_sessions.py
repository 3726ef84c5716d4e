"""Celery beat clears the sessions past their expiry every night."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions


def test_the_nightly_task_deletes_expired_sessions_and_keeps_live_ones(db):
    now = timezone.now()
    Session.objects.create(
        session_key="expired", session_data="", expire_date=now - dt.timedelta(minutes=1)
    )
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + dt.timedelta(days=1)
    )

    clear_expired_sessions.delay()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
