"""Error reports: to Sentry when SENTRY_DSN is set, else to the ADMINS by e-mail through the
outbox (every e-mail is an outbox row: outbox/mail.py). Neither carries a personal link's token
(mile/logging.py), nor the user's name or address: the user is named by id.
"""

import hashlib
import logging
import threading
import traceback

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from mile.logging import redact
from outbox import kinds

ERROR_REPORT = "error_report"


def register() -> None:
    """Make the administrators' error report known to the outbox (MileConfig.ready)."""
    kinds.register(
        ERROR_REPORT,
        label=_("Error report to the administrators"),
        examples={"summary": "ERROR: Internal Server Error: /partners/", "report": "Traceback…"},
    )


def _redacted(value):
    return redact(value) if isinstance(value, str) else value


class ReporterFilter(SafeExceptionReporterFilter):
    """Django's filter (settings, cookies, sensitive_variables...) that also hides the tokens
    of personal links in the request's headers and in the frames' variables, and a variable
    whose name says it holds one (token, key...)."""

    def get_safe_request_meta(self, request):
        return {k: _redacted(v) for k, v in super().get_safe_request_meta(request).items()}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleansed_substitute if self.hidden_settings.search(name) else _redacted(v))
            for name, v in super().get_traceback_frame_variables(request, tb_frame)
        ]


class Reporter(ExceptionReporter):
    """Django's report, with the address redacted and the user named by id, not by address."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        user = getattr(self.request, "user", None)
        if user is not None and data.get("user_str") is not None:
            data["user_str"] = f"id {user.pk}" if user.is_authenticated else "anonymous"
        if "request_insecure_uri" in data:
            data["request_insecure_uri"] = redact(data["request_insecure_uri"])
        return data


_reporting = threading.local()


class OutboxAdminsHandler(logging.Handler):
    """Queues an error report to each of the ADMINS in the outbox, in place of Django's
    AdminEmailHandler (which sends directly). A burst of one error sends one e-mail an hour:
    the dedupe key names the place of the error and the hour."""

    def __init__(self):
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        if not settings.ADMINS or getattr(_reporting, "active", False):
            return  # an error while queuing a report is not reported again
        _reporting.active = True
        try:
            self._queue(record)
        except Exception:
            self.handleError(record)
        finally:
            _reporting.active = False

    def _queue(self, record: logging.LogRecord) -> None:
        from outbox.mail import email_queue

        summary = " ".join(f"{record.levelname}: {record.getMessage()}".split())[:200]
        context = {"summary": redact(summary), "report": redact(report(record))}
        hour = timezone.now().strftime("%Y%m%d%H")
        for number, (_name, address) in enumerate(settings.ADMINS):
            email_queue(
                kind=ERROR_REPORT,
                to=address,
                context=context,
                dedupe_key=f"error-report:{place(record)}:{hour}:{number}",
            )


def report(record: logging.LogRecord) -> str:
    """Django's text report of the error (its request, frames and filtered settings), or the
    message and traceback of a record that has no request."""
    request = getattr(record, "request", None)
    if record.exc_info and request is not None:
        return Reporter(request, *record.exc_info, is_email=True).get_traceback_text()
    text = record.getMessage()
    if record.exc_info:
        text += "\n\n" + "".join(traceback.format_exception(*record.exc_info))
    return text


def place(record: logging.LogRecord) -> str:
    """Where the error was raised (the innermost frame and the exception's class), else where it
    was logged, as a short digest for the dedupe key."""
    where = f"{record.pathname}:{record.lineno}"
    if record.exc_info and record.exc_info[2] is not None:
        frame = traceback.extract_tb(record.exc_info[2])[-1]
        where = f"{record.exc_info[0].__name__}:{frame.filename}:{frame.lineno}"
    return hashlib.sha256(where.encode()).hexdigest()[:16]


def sentry_before_send(event, hint):
    """Every string of a Sentry event (URL, message, breadcrumbs, frames' variables) with the
    tokens of personal links redacted."""
    return _scrubbed(event)


def _scrubbed(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value


def sentry_init(*, dsn: str, environment: str, release: str) -> None:
    """Errors of the web processes and of the Celery workers to Sentry, without personal data."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=sentry_before_send,
        before_send_transaction=sentry_before_send,
    )
