"""Personal links must never reach a log nor an error report: their tokens are replaced first.

The links that carry a secret in their path (every `<token>`/`<key>` of the URL confs):
- /workshops/invitation/<token>/ and /accounts/invitation/<token>/ (our invitations);
- /accounts/password/reset/key/<uidb36>-<key>/ (allauth's password reset);
- /accounts/confirm-email/<key>/ (allauth's address confirmation);
- /calendar/<token>.ics (a person's calendar feed);
and a `token`, `key` or `code` in a query string. A new personal link adds its pattern here
(tests/mile/test_logging.py requests every URL pattern with such an argument).

`RequestLog` writes one line per request: method, path (redacted), status, duration, user id.
"""

import logging
import re
import time

from pythonjsonlogger.json import JsonFormatter

TOKEN = "[token]"
_TOKENS_IN_PATHS = [
    re.compile(r"(/invitation/)[^/\s?#\"'<>]+"),
    re.compile(r"(/password/reset/key/)[^/\s?#\"'<>]+"),
    re.compile(r"(/confirm-email/)[^/\s?#\"'<>]+"),
    re.compile(r"(/calendar/)[^/\s?#\"'<>]+"),
    re.compile(r"([?&](?:token|key|code)=)[^&\s#\"'<>]+"),
]

request_log = logging.getLogger("mile.request")


def redact(text: str) -> str:
    """The text with the secret of every personal link in it replaced by [token]."""
    for pattern in _TOKENS_IN_PATHS:
        text = pattern.sub(rf"\1{TOKEN}", text)
    return text


class RedactTokens(logging.Filter):
    """Redacts the message of every record a handler writes (its arguments included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class TextFormatter(logging.Formatter):
    """Plain lines; the whole line is redacted, tracebacks and extra fields included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JSONFormatter(JsonFormatter):
    """One JSON object per line (LOG_FORMAT=json), redacted as a whole like TextFormatter."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def formatter(log_format: str) -> dict:
    """The LOGGING formatter for LOG_FORMAT: "json", or plain text for anything else."""
    if log_format == "json":
        return {
            "()": "mile.logging.JSONFormatter",
            "fmt": "{asctime}{levelname}{name}{message}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    return {
        "()": "mile.logging.TextFormatter",
        "format": "{asctime} {levelname} {name} {message}",
        "style": "{",
    }


def request_logged(get_response):
    """One line per request, the first middleware: it times every other one and the view."""

    def middleware(request):
        started = time.perf_counter()
        response = get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000)
        # The user the middleware inside loaded already (private_pages): no query here.
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        path = redact(request.get_full_path())
        request_log.info(
            "%s %s %s %sms user=%s",
            request.method,
            path,
            response.status_code,
            duration_ms,
            user_id if user_id is not None else "-",
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response

    return middleware
