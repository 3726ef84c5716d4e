"""One log line per attempt to send an e-mail: its id, kind and outcome, never its address."""

import logging

import pytest

from outbox import mail
from outbox.models import Email
from tests.outbox.test_outbox import queue

pytestmark = pytest.mark.django_db


def attempts(caplog) -> list[tuple[int, str, dict]]:
    return [
        (record.levelno, record.getMessage(), {
            key: getattr(record, key) for key in ("email_id", "kind", "outcome", "attempt")
        })
        for record in caplog.records
        if record.name == "outbox.mail"
    ]  # fmt: skip


def test_a_sent_e_mail_logs_one_line_with_its_id_and_kind(caplog):
    email = queue()
    caplog.set_level(logging.INFO, logger="outbox.mail")

    mail.deliver(email.pk)

    fields = {"email_id": email.pk, "kind": email.kind, "outcome": "sent", "attempt": 1}
    message = f"E-mail {email.pk} (reminder_missing_delegates) sent at attempt 1"
    assert attempts(caplog) == [(logging.INFO, message, fields)]
    assert email.to not in caplog.text


def test_a_refused_e_mail_logs_the_retry_and_the_error_s_class_only(caplog, settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"
    email = queue()
    caplog.set_level(logging.INFO, logger="outbox.mail")

    retry_in = mail.deliver(email.pk)

    ((level, message, fields),) = attempts(caplog)
    assert (level, fields["outcome"], fields["attempt"]) == (logging.WARNING, "retry", 1)
    assert message == (
        f"E-mail {email.pk} (reminder_missing_delegates) retry at attempt 1, "
        f"retry in {round(retry_in)}s: SMTPServerDisconnected"
    )


def test_the_last_attempt_logs_the_failure(caplog, settings):
    settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"
    email = queue()
    Email.objects.filter(pk=email.pk).update(attempts=mail.MAX_ATTEMPTS - 1)
    caplog.set_level(logging.INFO, logger="outbox.mail")

    mail.deliver(email.pk)

    assert [message for _, message, _ in attempts(caplog)] == [
        f"E-mail {email.pk} (reminder_missing_delegates) failed at attempt 8: "
        "SMTPServerDisconnected"
    ]
