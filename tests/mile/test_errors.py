"""Error reports: the ADMINS get them through the outbox, Sentry gets them without tokens."""

import pytest
from django.urls import path

from mile.errors import ERROR_REPORT, sentry_before_send
from outbox.models import Email
from tests.mile.test_settings import manage

TOKEN = "GYmffctgRlXVR29mzDISvjMJ9EItf8F3zmtBSH8IROc"


def explode(request, token):
    raise ValueError("the view broke")


# The URL conf of these tests: a view that fails on a personal link's path.
urlpatterns = [
    path("workshops/invitation/<str:token>/", explode),
    path("calendar/<str:token>.ics", explode),
]


@pytest.fixture
def failing_site(settings, client):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Ops", "ops@mile.example"), ("Dev", "dev@mile.example")]
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_a_500_queues_a_redacted_report_to_each_admin_in_the_outbox(failing_site, bob):
    failing_site.force_login(bob)

    response = failing_site.get(f"/workshops/invitation/{TOKEN}/", HTTP_REFERER=f"/x/?key={TOKEN}")

    assert response.status_code == 500
    emails = Email.objects.filter(kind=ERROR_REPORT).order_by("to")
    assert [(email.to, email.subject) for email in emails] == [
        ("dev@mile.example", "[MILE] ERROR: Internal Server Error: /workshops/invitation/[token]/"),
        ("ops@mile.example", "[MILE] ERROR: Internal Server Error: /workshops/invitation/[token]/"),
    ]
    body = emails[0].body_text
    assert "ValueError at /workshops/invitation/[token]/\nthe view broke\n" in body
    assert "HTTP_REFERER = '/x/?key=[token]'" in body
    assert f"USER: id {bob.pk}" in body
    assert TOKEN not in body + emails[0].body_html
    assert bob.email not in body


@pytest.mark.django_db
def test_the_report_of_an_error_in_a_calendar_feed_holds_no_token(failing_site):
    response = failing_site.get(f"/calendar/{TOKEN}.ics")

    assert response.status_code == 500
    email = Email.objects.filter(kind=ERROR_REPORT).order_by("to").first()
    assert email.subject == "[MILE] ERROR: Internal Server Error: /calendar/[token]"
    assert "ValueError at /calendar/[token]\nthe view broke\n" in email.body_text
    assert TOKEN not in email.subject + email.body_text + email.body_html


@pytest.mark.django_db
def test_a_burst_of_one_error_sends_one_report_an_hour(failing_site):
    for _ in range(3):
        failing_site.get(f"/workshops/invitation/{TOKEN}/")

    assert Email.objects.filter(kind=ERROR_REPORT).count() == 2  # one to each admin


@pytest.mark.django_db
def test_without_admins_nothing_is_queued(failing_site, settings):
    settings.ADMINS = []

    failing_site.get(f"/workshops/invitation/{TOKEN}/")

    assert not Email.objects.filter(kind=ERROR_REPORT).exists()


def test_sentry_events_have_their_tokens_redacted():
    event = {
        "request": {"url": f"https://als.example/accounts/invitation/{TOKEN}/", "method": "GET"},
        "message": f"Gone: /accounts/confirm-email/{TOKEN}/",
        "breadcrumbs": {
            "values": [{"message": f"GET /accounts/password/reset/key/4-{TOKEN}/ 200"}]
        },
        "exception": {
            "values": [
                {
                    "value": f"no invitation /workshops/invitation/{TOKEN}/",
                    "stacktrace": {"frames": [{"vars": {"path": f"/x/?token={TOKEN}"}}]},
                }
            ]
        },
        "level": "error",
        "timestamp": 1,
    }

    assert sentry_before_send(event, {}) == {
        "request": {"url": "https://als.example/accounts/invitation/[token]/", "method": "GET"},
        "message": "Gone: /accounts/confirm-email/[token]/",
        "breadcrumbs": {"values": [{"message": "GET /accounts/password/reset/key/[token]/ 200"}]},
        "exception": {
            "values": [
                {
                    "value": "no invitation /workshops/invitation/[token]/",
                    "stacktrace": {"frames": [{"vars": {"path": "/x/?token=[token]"}}]},
                }
            ]
        },
        "level": "error",
        "timestamp": 1,
    }


def test_with_a_sentry_dsn_errors_go_to_sentry_without_personal_data_nor_admins_mail():
    code = (
        "import sentry_sdk; from django.conf import settings;"
        "options = sentry_sdk.get_client().options;"
        "print(options['send_default_pii'], options['environment'], options['release'],"
        " options['before_send'].__name__,"
        " sorted(set(sentry_sdk.get_client().integrations) & {'django', 'celery'}),"
        " settings.LOGGING['root']['handlers'])"
    )

    result = manage(
        "shell",
        "-c",
        code,
        SENTRY_DSN="https://public@sentry.invalid/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="1.2.3",
    )

    assert result.stdout.strip().splitlines()[-1] == (
        "False staging 1.2.3 sentry_before_send ['celery', 'django'] ['console']"
    ), result.stderr


def test_the_report_filter_hides_a_token_in_a_frame_s_variables():
    from mile.errors import ReporterFilter

    def answer(token, path):
        raise LookupError

    try:
        answer(TOKEN, f"/accounts/invitation/{TOKEN}/")
    except LookupError as error:
        frame = error.__traceback__.tb_next.tb_frame

    variables = dict(ReporterFilter().get_traceback_frame_variables(None, frame))

    assert variables == {"token": "********************", "path": "/accounts/invitation/[token]/"}
