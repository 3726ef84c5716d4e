"""E-mails sent more than OUTBOX_RETENTION_DAYS ago lose what they said, and keep who, what
kind and when (outbox/retention.py); the admin says so instead of showing an empty message."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from outbox import tasks
from outbox.models import Email
from outbox.retention import email_bodies_delete_old
from tests.outbox.test_admin import EmailFactory, change_url

S = Email.Status
NOW = timezone.now()
ICS = {"filename": "workshop.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}


def sent_days_ago(days: float, **fields) -> Email:
    return EmailFactory(
        status=S.SENT,
        sent_at=NOW - dt.timedelta(days=days),
        created_at=NOW - dt.timedelta(days=days, minutes=1),
        attachments=[ICS],
        **fields,
    )


def what_it_said(email: Email) -> tuple:
    email.refresh_from_db()
    return (email.subject, email.body_text, email.body_html, email.attachments)


def who_what_when(email: Email) -> tuple:
    email.refresh_from_db()
    return (email.to, email.kind, email.language, email.status, email.sent_at, email.dedupe_key)


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.OUTBOX_RETENTION_DAYS = 180


def test_an_e_mail_sent_longer_ago_loses_its_subject_and_body_and_keeps_who_what_and_when(db):
    old = sent_days_ago(181, to="bob@amadora.example", kind="invitation")
    kept = who_what_when(old)

    assert email_bodies_delete_old(now=NOW) == 1

    assert what_it_said(old) == ("", "", "", [])
    assert who_what_when(old) == kept
    assert old.body_deleted_at == NOW


def test_younger_and_unsent_e_mails_keep_everything(db):
    young = sent_days_ago(179)
    queued = EmailFactory(status=S.QUEUED, created_at=NOW - dt.timedelta(days=400))
    failed = EmailFactory(status=S.FAILED, created_at=NOW - dt.timedelta(days=400))
    before = {email.pk: what_it_said(email) for email in (young, queued, failed)}

    assert email_bodies_delete_old(now=NOW) == 0

    assert {email.pk: what_it_said(email) for email in (young, queued, failed)} == before
    assert Email.objects.filter(body_deleted_at__isnull=False).count() == 0


def test_the_retention_comes_from_the_setting(settings, db):
    settings.OUTBOX_RETENTION_DAYS = 30
    month_old = sent_days_ago(31)

    assert email_bodies_delete_old(now=NOW) == 1
    assert what_it_said(month_old) == ("", "", "", [])


def test_running_it_twice_changes_nothing_more(db):
    old = sent_days_ago(200)
    email_bodies_delete_old(now=NOW)
    first = (what_it_said(old), old.body_deleted_at)

    assert email_bodies_delete_old(now=NOW + dt.timedelta(days=1)) == 0
    assert (what_it_said(old), old.body_deleted_at) == first


def test_it_is_one_update_however_many_e_mails(db):
    for days in range(181, 231):
        sent_days_ago(days)

    with CaptureQueriesContext(connection) as queries:
        deleted = email_bodies_delete_old(now=NOW)

    assert (deleted, len(queries)) == (50, 1)


def test_the_nightly_task_deletes_the_old_bodies(db):
    old = sent_days_ago(365)

    assert tasks.delete_old_email_bodies.delay().get() == 1
    assert what_it_said(old) == ("", "", "", [])


def test_the_beat_runs_it_and_clears_the_sessions_every_night(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["delete-old-email-bodies"]["task"] == "outbox.tasks.delete_old_email_bodies"
    assert schedule["clear-expired-sessions"]["task"] == "accounts.tasks.clear_expired_sessions"
    for entry in ("delete-old-email-bodies", "clear-expired-sessions"):
        crontab = schedule[entry]["schedule"]
        assert (crontab.hour, crontab.minute, crontab.day_of_week) == (
            {3},
            {15 if entry == "clear-expired-sessions" else 45},
            set(range(7)),
        )


def test_the_admin_says_the_body_was_deleted_and_when(login, dora):
    old = sent_days_ago(181, to="bob@amadora.example", subject="Invitation: Amadora 2030")
    email_bodies_delete_old(now=NOW)

    response = login(dora).get(change_url(old))

    assert response.status_code == 200
    assertContains(response, "Body deleted 181 days after sending.", count=2)
    assertContains(response, '<div class="readonly">bob@amadora.example</div>', html=True)
    assertNotContains(response, "Dear Bob")
    assertNotContains(response, "Invitation: Amadora 2030")
    assertNotContains(response, "<iframe")


def test_the_outbox_list_shows_a_deleted_body_in_place_of_its_subject(login, dora):
    old = sent_days_ago(200, to="bob@amadora.example")
    sent_days_ago(1, to="carla@komotini.example", subject="Your account")
    email_bodies_delete_old(now=NOW)

    response = login(dora).get("/admin/outbox/email/")

    assertContains(
        response,
        '<td class="field-subject_shown">Body deleted 200 days after sending.</td>',
        html=True,
    )
    assertContains(response, '<td class="field-subject_shown">Your account</td>', html=True)
    assert old.to in response.content.decode()
