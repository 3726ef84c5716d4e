import io
import json
import logging
import logging.config
import re

import pytest
from django.urls import resolve

from mile.logging import RedactTokens, formatter, redact
from tests.mile.test_settings import manage

TOKEN = "GYmffctgRlXVR29mzDISvjMJ9EItf8F3zmtBSH8IROc"


def test_a_token_in_a_logged_path_is_replaced():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Gone: %s",
        (f"/workshops/invitation/{TOKEN}/",), None,
    )  # fmt: skip

    assert RedactTokens().filter(record) is True
    assert record.getMessage() == "Gone: /workshops/invitation/[token]/"


def test_account_invitation_paths_are_redacted_too_and_others_left_alone():
    line = f'"POST /accounts/invitation/{TOKEN}/ HTTP/1.1" 302 0 and /workshops/amadora-2008/'

    assert (
        redact(line)
        == '"POST /accounts/invitation/[token]/ HTTP/1.1" 302 0 and /workshops/amadora-2008/'
    )


def test_the_console_handler_of_the_settings_redacts(settings):
    filters = settings.LOGGING["handlers"]["console"]["filters"]

    assert filters == ["redact_tokens"]
    assert settings.LOGGING["filters"]["redact_tokens"] == {"()": "mile.logging.RedactTokens"}


# Every URL pattern whose argument is a secret, with a path to it: a new personal link must
# be added here and to mile/logging.py.
PERSONAL_LINKS = {
    "workshops:invitation": f"/workshops/invitation/{TOKEN}/",
    "account_invitation": f"/accounts/invitation/{TOKEN}/",
    "account_reset_password_from_key": f"/accounts/password/reset/key/4-{TOKEN}/",
    "account_confirm_email": f"/accounts/confirm-email/{TOKEN}/",
    "calendar_feed": f"/calendar/{TOKEN}.ics",
}
SECRET_ARGUMENTS = {"token", "key", "uidb36"}
NOT_SECRET = {"proposals:section_save", "proposals:section_preview"}  # `key`: a section


def arguments(route: str) -> set[str]:
    return {name for pair in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route) for name in pair}


def test_every_url_with_a_secret_in_it_is_redacted():
    from tests.access.test_matrix import url_patterns

    with_secrets = {
        route
        for route, name in url_patterns()
        if SECRET_ARGUMENTS & arguments(route) and name not in NOT_SECRET
    }

    assert with_secrets == {resolve(path).route for path in PERSONAL_LINKS.values()}
    assert {name: redact(path) for name, path in PERSONAL_LINKS.items()} == {
        "workshops:invitation": "/workshops/invitation/[token]/",
        "account_invitation": "/accounts/invitation/[token]/",
        "account_reset_password_from_key": "/accounts/password/reset/key/[token]/",
        "account_confirm_email": "/accounts/confirm-email/[token]/",
        "calendar_feed": "/calendar/[token]",
    }


def test_the_public_calendar_feeds_are_left_alone():
    paths = "/workshops/calendar.ics /workshops/amadora-2008/sessions/3/calendar.ics"

    assert redact(paths) == paths


@pytest.mark.django_db
def test_a_request_to_a_calendar_feed_logs_one_line_without_its_token(client, request_lines):
    stream = request_lines("text")

    client.get(f"/calendar/{TOKEN}.ics")  # a feed nobody has: 404

    (line,) = stream.getvalue().splitlines()
    assert " INFO mile.request GET /calendar/[token] 404 " in line
    assert TOKEN not in stream.getvalue()


def test_a_token_in_a_query_string_is_redacted():
    assert redact(f"/x/?next=/y/&token={TOKEN}&code=123456") == (
        "/x/?next=/y/&token=[token]&code=[token]"
    )


@pytest.fixture
def request_lines():
    """What the settings' console handler writes of mile.request, in a format given."""
    logger, stream = logging.getLogger("mile.request"), io.StringIO()
    handlers = []

    def lines(log_format: str) -> io.StringIO:
        handler = logging.StreamHandler(stream)
        handler.addFilter(RedactTokens())
        configurator = logging.config.DictConfigurator({})
        handler.setFormatter(configurator.configure_formatter(formatter(log_format)))
        logger.addHandler(handler)
        handlers.append(handler)
        return stream

    yield lines
    for handler in handlers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_request_to_an_invitation_link_logs_one_line_without_its_token(client, request_lines):
    stream = request_lines("text")

    client.get(f"/workshops/invitation/{TOKEN}/")  # a link nobody was sent: 404

    (line,) = stream.getvalue().splitlines()
    milliseconds = line.split()[-2]
    assert re.fullmatch(r"\d+ms", milliseconds)
    assert line.endswith(
        f" INFO mile.request GET /workshops/invitation/[token]/ 404 {milliseconds} user=-"
    )
    assert TOKEN not in stream.getvalue()


@pytest.mark.django_db
def test_the_json_line_of_a_request_names_its_fields(client, request_lines, bob):
    stream = request_lines("json")
    client.force_login(bob)

    client.get(f"/accounts/invitation/{TOKEN}/?next=/")  # a link nobody was sent: 404

    (line,) = stream.getvalue().splitlines()
    fields = json.loads(line)
    assert {key: fields[key] for key in ("level", "logger", "method", "path", "status")} == {
        "level": "INFO",
        "logger": "mile.request",
        "method": "GET",
        "path": "/accounts/invitation/[token]/?next=/",
        "status": 404,
    }
    assert (fields["user_id"], isinstance(fields["duration_ms"], int)) == (bob.pk, True)
    assert TOKEN not in line and bob.email not in line


def test_with_log_format_json_every_line_is_json_and_redacted():
    code = (
        "import logging;"
        f"logging.getLogger('mile.request').info('GET /workshops/invitation/{TOKEN}/ 200');"
        "logging.getLogger('outbox.mail').warning('failed', exc_info=ValueError("
        f"'/accounts/password/reset/key/4-{TOKEN}/'))"
    )

    result = manage("shell", "-c", code, LOG_FORMAT="json")

    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("mile.request", "GET /workshops/invitation/[token]/ 200"),
        ("outbox.mail", "failed"),
    ]
    assert lines[1]["exc_info"] == "ValueError: /accounts/password/reset/key/[token]/"
    assert TOKEN not in result.stderr


def test_a_log_format_neither_text_nor_json_stops_the_start():
    result = manage("check", LOG_FORMAT="xml")

    assert result.stderr.strip().endswith(
        "ImproperlyConfigured: LOG_FORMAT='xml' is neither text nor json"
    )
