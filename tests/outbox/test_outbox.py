import dataclasses
import html
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from mile.celery import app
from outbox import kinds, mail
from outbox.models import Email, EmailTemplate
from outbox.tasks import deliver_due_emails, deliver_email, deliver_emails

CONTEXT = {
    "contact": "Alice",
    "partner": "Amadora",
    "registered": "1",
    "quota": "3",
    "workshop": "Enterprise development",
    "dates": "3–5 February 2027",
    "deadline": "23 December 2026, 18:00 (Europe/Lisbon)",
    "sub_theme": "Enterprise support and development",
    "delegates_url": "https://als.example/workshops/x/delegates/amadora/",
}


def queue(dedupe_key="reminder:1", **overrides):
    return mail.email_queue(
        kind="reminder_missing_delegates",
        to="alice@amadora.example",
        context={**CONTEXT, **overrides},
        dedupe_key=dedupe_key,
    )


@pytest.mark.django_db
class TestQueueing:
    def test_it_writes_the_rendered_message_as_a_queued_row(self):
        email = queue()

        email.refresh_from_db()
        assert email.status == Email.Status.QUEUED
        assert email.subject == "Amadora has registered 1 of 3 delegates for Enterprise development"
        assert email.body_text.startswith("Dear Alice,\n\nAmadora has registered 1 of 3 delegates")
        assert "Registration closes on 23 December 2026, 18:00 (Europe/Lisbon)." in email.body_text
        assert '<a href="https://als.example/workshops/x/delegates/amadora/"' in email.body_html

    def test_it_escapes_placeholders_in_the_html_but_not_in_the_text(self):
        email = queue(contact="<script>alert(1)</script> & Co")

        assert "<script>" not in email.body_html
        assert "&amp; Co" in email.body_html
        assert "Dear <script>alert(1)</script> & Co," in email.body_text

    def test_a_second_message_with_the_same_dedupe_key_is_not_written(self):
        queue()

        assert queue() is None
        assert Email.objects.count() == 1

    def test_it_uses_the_management_teams_wording_when_there_is_one(self):
        EmailTemplate.objects.create(
            kind="reminder_missing_delegates",
            subject="Places left for {{ partner }}",
            body="Hello {{ contact }}, {{ quota }} places.",
        )

        email = queue()

        assert email.subject == "Places left for Amadora"
        assert email.body_text == "Hello Alice, 3 places.\n"

    def test_a_link_in_a_placeholder_shows_as_typed_and_is_no_link(self):
        email = queue(contact="[Your password expired](https://evil.example)")

        assert "Dear [Your password expired](https://evil.example)," in email.body_html
        assert "evil.example" not in email.body_html.replace(
            "[Your password expired](https://evil.example)", ""
        )
        assert email.body_text.startswith("Dear [Your password expired](https://evil.example),")

    @pytest.mark.parametrize(
        "value",
        [
            "# Heading",
            "1. First",
            "2) Second",
            "- Item",
            "+ Item",
            "* Item",
            "> Quoted",
            "*emphasis* __strong__ `code`",
            "![image](https://evil.example/x.png)",
            "<https://evil.example> <b>bold</b>",
            "[label][ref]\n[ref]: https://evil.example",
            "Title\n=====",
            "Title\n-----",
            "~~~\ncode\n~~~",
            "a | b\n--- | ---\nc | d",
            "back\\slash \\*still text\\*",
            "&amp; &#61; {{ quota }}",
        ],
    )
    def test_markdown_in_a_placeholder_shows_exactly_as_typed(self, value):
        EmailTemplate.objects.create(
            kind="reminder_missing_delegates",
            subject="Places left for {{ partner }}",
            body="{{ contact }}\n\nEnd.",
        )

        email = queue(contact=value)

        assert f"<p>{html.escape(value, quote=False)}</p>\n<p>End.</p>" in email.body_html
        assert email.body_text == f"{value}\n\nEnd.\n"

    def test_a_url_in_a_placeholder_still_makes_a_working_link(self):
        email = queue(delegates_url="https://als.example/x_y/~z/(1)/?a=1&b=2*3")

        assert '<a href="https://als.example/x_y/~z/(1)/?a=1&amp;b=2*3"' in email.body_html


@pytest.mark.django_db
class TestDeliveryAfterCommit:
    def test_it_sends_the_message_once_the_transaction_commits(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            email = queue()

        email.refresh_from_db()
        assert email.status == Email.Status.SENT
        assert email.attempts == 1
        assert [m.to for m in mailoutbox] == [["alice@amadora.example"]]
        assert mailoutbox[0].subject == email.subject
        assert mailoutbox[0].alternatives[0].mimetype == "text/html"

    def test_a_rolled_back_transaction_sends_nothing(
        self, django_capture_on_commit_callbacks, mailoutbox
    ):
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            queue()
            raise RuntimeError("the business change failed")

        assert callbacks == []
        assert Email.objects.count() == 0
        assert mailoutbox == []

    def test_delivering_a_sent_row_again_sends_nothing(self, mailoutbox):
        email = queue()
        mail.deliver(email.pk)

        assert mail.deliver(email.pk) is None
        assert len(mailoutbox) == 1


@pytest.mark.django_db
class TestFailures:
    @pytest.fixture(autouse=True)
    def refusing_server(self, settings):
        settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"

    def test_a_refused_message_is_queued_again_later_with_the_error_kept(self):
        email = queue()
        before = timezone.now()

        retry_in = mail.deliver(email.pk)

        email.refresh_from_db()
        assert 15 <= retry_in <= 30
        assert email.status == Email.Status.QUEUED
        assert email.attempts == 1
        assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
        assert email.next_attempt_at >= before + timedelta(seconds=15)

    def test_a_row_that_is_not_due_yet_is_not_sent(self):
        email = queue()
        mail.deliver(email.pk)

        assert mail.claim(email.pk) is None

    def test_the_row_fails_for_good_after_the_last_attempt(self):
        email = queue()
        Email.objects.filter(pk=email.pk).update(attempts=mail.MAX_ATTEMPTS - 1)

        assert mail.deliver(email.pk) is None

        email.refresh_from_db()
        assert email.status == Email.Status.FAILED
        assert email.attempts == mail.MAX_ATTEMPTS
        assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"

    def test_resend_queues_failed_rows_only_from_the_first_attempt(
        self, django_capture_on_commit_callbacks
    ):
        failed = queue("a")
        sent = queue("b")
        Email.objects.filter(pk=failed.pk).update(status=Email.Status.FAILED, attempts=8)
        Email.objects.filter(pk=sent.pk).update(status=Email.Status.SENT)

        with django_capture_on_commit_callbacks() as callbacks:
            count = mail.emails_resend(emails=Email.objects.all())

        failed.refresh_from_db()
        assert count == 1
        assert len(callbacks) == 1
        assert (failed.status, failed.attempts, failed.last_error) == ("queued", 0, "")


@pytest.mark.django_db
class TestLeases:
    def test_a_row_being_sent_by_a_live_worker_cannot_be_claimed(self):
        email = queue()
        assert mail.claim(email.pk) is not None

        assert mail.claim(email.pk) is None

    def test_a_row_whose_worker_died_is_claimed_again_after_its_lease(self):
        email = queue()
        mail.claim(email.pk)
        Email.objects.filter(pk=email.pk).update(locked_until=timezone.now() - timedelta(seconds=1))

        claimed = mail.claim(email.pk)

        assert claimed.status == Email.Status.SENDING
        assert claimed.attempts == 2

    def test_the_sweep_queues_due_and_abandoned_rows_only(self, django_capture_on_commit_callbacks):
        _due, later, abandoned, sent = (queue(key) for key in "abcd")
        Email.objects.filter(pk=later.pk).update(
            next_attempt_at=timezone.now() + timedelta(minutes=5)
        )
        Email.objects.filter(pk=abandoned.pk).update(
            status=Email.Status.SENDING, locked_until=timezone.now() - timedelta(minutes=1)
        )
        Email.objects.filter(pk=sent.pk).update(status=Email.Status.SENT)

        with django_capture_on_commit_callbacks() as callbacks:
            assert mail.deliver_due() == 2

        assert len(callbacks) == 2


@pytest.mark.django_db
def test_a_personal_link_is_made_when_sending_and_never_stored(mailoutbox, monkeypatch):
    kind = kinds.get("account_invitation")
    link = dataclasses.replace(kind, personal_link=lambda email: f"https://x/{email.pk}/")
    monkeypatch.setitem(kinds._kinds, kind.name, link)
    email = mail.email_queue(
        kind="account_invitation",
        to="bob@amadora.example",
        context={
            "name": "Bob",
            "learning_set": "ALS Amadora",
            "link": mail.PERSONAL_LINK,
            "expires": "1 March",
        },
        dedupe_key="account:1",
    )

    mail.deliver(email.pk)

    email.refresh_from_db()
    assert f"https://x/{email.pk}/" not in email.body_text + email.body_html
    assert f"[Create your account](https://x/{email.pk}/)" in mailoutbox[0].body
    assert f'href="https://x/{email.pk}/"' in mailoutbox[0].alternatives[0].content


@pytest.mark.django_db
def test_an_unregistered_kind_is_refused_before_any_row_is_written():
    with pytest.raises(LookupError, match="'newsletter' is not a registered kind of e-mail"):
        mail.email_queue(kind="newsletter", to="bob@amadora.example", context={}, dedupe_key="n")

    assert Email.objects.count() == 0


def test_the_tasks_keep_the_names_queued_messages_and_the_beat_schedule_carry(settings):
    app.loader.import_default_modules()  # the tasks of every installed app, as a worker has

    assert (deliver_email.name, deliver_emails.name, deliver_due_emails.name) == (
        "mile.tasks.deliver_email",
        "mile.tasks.deliver_emails",
        "mile.tasks.deliver_due_emails",
    )
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)
