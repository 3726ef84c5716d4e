import logging

from mile.logging import RedactTokens, redact

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
