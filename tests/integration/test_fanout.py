"""The outbox's fan-out path (mail.emails_queue): what it writes must be what email_queue writes.

No worker here: tasks run in the test (the suite's eager mode), on any database.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outbox import mail
from outbox.models import Email, EmailTemplate

pytestmark = pytest.mark.django_db

CONTEXT = {
    "delegate": "Ana Ribeiro",
    "partner": "Amadora",
    "workshop": "Enterprise development for ethnic minorities",
    "theme": "Enterprise support and development",
    "city": "Amadora",
    "venue": "Recreios da Amadora",
    "dates": "26 to 28 February 2008",
    "time_zone": "Europe/Lisbon",
    "workshop_url": "https://als.example/workshops/amadora-2008/",
    "link": "https://als.example/invitations/abc/",
    "expires": "26 February 2008, 09:00",
}


def recipient(number: int, **values) -> mail.Recipient:
    return mail.Recipient(
        to=f"delegate{number}@amadora.example",
        context={**CONTEXT, "delegate": f"Delegate {number}", **values},
        dedupe_key=f"invitation:{number}",
    )


def fan_out(*recipients: mail.Recipient, kind="invitation") -> list[Email]:
    return mail.emails_queue(kind=kind, recipients=recipients)


def rendered(email: Email) -> tuple[str, str, str]:
    return email.subject, email.body_text, email.body_html


class TestRendering:
    def test_each_message_is_rendered_exactly_as_one_queued_on_its_own(self):
        emails = fan_out(recipient(1), recipient(2, partner="Komotini & Co <Thrace>"))

        assert [rendered(email) for email in emails] == [
            mail.render("invitation", recipient(1).context),
            mail.render("invitation", recipient(2, partner="Komotini & Co <Thrace>").context),
        ]
        assert emails[1].subject == (
            "Invitation: Enterprise development for ethnic minorities, 26 to 28 February 2008"
        )
        assert "Komotini &amp; Co &lt;Thrace&gt; has registered you" in emails[1].body_html
        assert "Komotini & Co <Thrace> has registered you" in emails[1].body_text

    @pytest.mark.parametrize(
        "values",
        [
            {"delegate": "*Ana* [Ribeiro](https://evil.example/)"},
            {"delegate": "1. Ana"},
            {"delegate": ""},
            {"link": "javascript:alert(1)"},
            {"link": "https://als.example/a b"},
        ],
        ids=["markdown", "list-marker", "empty", "script-link", "link-with-space"],
    )
    def test_a_value_that_markdown_would_read_is_rendered_as_one_queued_on_its_own(self, values):
        (email,) = fan_out(recipient(1, **values))

        assert rendered(email) == mail.render("invitation", recipient(1, **values).context)
        assert "javascript:" not in email.body_html

    @given(
        values=st.fixed_dictionaries(
            {"delegate": st.text(max_size=30), "partner": st.text(max_size=30)}
        ),
        link=st.sampled_from(
            [mail.PERSONAL_LINK, "https://als.example/a_b/~c/?d=1&e=2", "ftp://evil.example/"]
        ),
    )
    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    def test_any_values_are_rendered_exactly_as_one_queued_on_its_own(self, values, link):
        context = {**CONTEXT, **values, "link": link}

        fast = mail._fan_out_renderer("invitation")(context)

        assert fast == mail.render("invitation", context)

    def test_the_management_teams_wording_is_used(self):
        EmailTemplate.objects.create(
            kind="invitation",
            subject="Come to {{ city }}",
            body="Dear {{ delegate }}, {% if partner %}{{ partner }} sends you.{% endif %}",
        )

        (email,) = fan_out(recipient(1))

        assert (email.subject, email.body_text) == (
            "Come to Amadora",
            "Dear Delegate 1, Amadora sends you.\n",
        )
        assert rendered(email) == mail.render("invitation", recipient(1).context)


class TestQueueing:
    def test_it_writes_one_queued_row_per_recipient(self):
        emails = fan_out(*(recipient(number) for number in range(3)))

        assert list(
            Email.objects.order_by("pk").values_list("to", "dedupe_key", "status", "kind")
        ) == [
            (f"delegate{number}@amadora.example", f"invitation:{number}", "queued", "invitation")
            for number in range(3)
        ]
        assert [email.pk for email in emails] == list(
            Email.objects.order_by("pk").values_list("pk", flat=True)
        )

    def test_a_recipient_queued_before_or_twice_gets_one_email(self):
        mail.email_queue(kind="invitation", **recipient(1).__dict__)

        emails = fan_out(recipient(1), recipient(2), recipient(2, delegate="Again"))

        assert [email.dedupe_key for email in emails] == ["invitation:2"]
        assert Email.objects.get(dedupe_key="invitation:2").body_text.startswith("Dear Delegate 2")
        assert Email.objects.count() == 2

    def test_every_email_is_sent_after_commit(self, django_capture_on_commit_callbacks, mailoutbox):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            emails = fan_out(*(recipient(number) for number in range(mail.DELIVERY_CHUNK + 1)))

        assert len(callbacks) == 1  # the delivery of every e-mail
        assert sorted(message.extra_headers["X-MILE-Email"] for message in mailoutbox) == sorted(
            str(email.pk) for email in emails
        )
        assert set(Email.objects.values_list("status", "attempts")) == {("sent", 1)}


class TestDeliveringAChunk:
    def test_only_the_rows_due_are_sent(self, mailoutbox):
        due, sent, held = fan_out(recipient(1), recipient(2), recipient(3))
        Email.objects.filter(pk=sent.pk).update(status=Email.Status.SENT)
        mail.claim(held.pk)  # a live worker holds it

        retries = mail.deliver_many([due.pk, sent.pk, held.pk])

        assert retries == {}
        assert [message.to for message in mailoutbox] == [["delegate1@amadora.example"]]
        assert list(Email.objects.order_by("pk").values_list("status", "attempts")) == [
            ("sent", 1),
            ("sent", 0),
            ("sending", 1),
        ]

    def test_a_refused_row_is_queued_again_and_its_retry_returned(self, settings):
        settings.EMAIL_BACKEND = "tests.outbox.backends.RefusingBackend"
        (email,) = fan_out(recipient(1))

        retries = mail.deliver_many([email.pk])

        email.refresh_from_db()
        assert list(retries) == [email.pk]
        base = settings.EMAIL_RETRY_BASE_SECONDS
        assert base / 2 <= retries[email.pk] <= base
        assert (email.status, email.attempts) == ("queued", 1)
        assert email.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
