"""An e-mail is written in its reader's language: the wording per kind and language, the layout,
the row's language, the fan-out's one render per language, and dedupe keys without language.

LANGUAGES offers only English until the catalogues land: the tests offer all five. The
repository has a Portuguese wording of the invitation (workshops/templates/emails/pt-pt/) and
none of delegate_withdrawn in any language but English.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from outbox import mail
from outbox.models import Email, EmailTemplate

pytestmark = pytest.mark.django_db

INVITATION = {
    "delegate": "Ana Ribeiro",
    "partner": "Amadora",
    "workshop": "Amadora 2030",
    "theme": "Enterprise support and development",
    "city": "Amadora",
    "venue": "Recreios da Amadora",
    "dates": "4 a 6 de março de 2030",
    "time_zone": "Europe/Lisbon",
    "workshop_url": "https://als.example/workshops/amadora-2030/",
    "link": "https://als.example/invitations/abc/",
    "expires": "4 de março de 2030, 09:00",
}
WITHDRAWN = {**INVITATION, "dates": "4–6 March 2030"}
PORTUGUESE_SUBJECT = "Convite: Amadora 2030, 4 a 6 de março de 2030"


@pytest.fixture(autouse=True)
def _five_languages(settings):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())


def queue(kind="invitation", language="pt-pt", key="k1", context=INVITATION, to="ana@a.example"):
    return mail.email_queue(kind=kind, to=to, language=language, context=context, dedupe_key=key)


def team_wording(kind="invitation", **parts) -> EmailTemplate:
    english = {"subject_en_gb": "Team: {{ workshop }}", "body_en_gb": "Team, {{ link }}"}
    return EmailTemplate.objects.create(kind=kind, **(english | parts))


class TestWordingOrder:
    def test_a_portuguese_reader_gets_the_repositorys_portuguese_subject_and_body(self):
        email = queue()

        assert (email.language, email.subject) == ("pt-pt", PORTUGUESE_SUBJECT)
        assert email.body_text.startswith(
            "Caro(a) Ana Ribeiro,\n\nAmadora indicou o seu nome como delegado ao seminário "
            "**Amadora 2030**, em Amadora, 4 a 6 de março de 2030."
        )
        assert "a equipa de gestão do MILE" in email.body_text

    def test_the_teams_portuguese_wording_wins_over_the_repositorys(self):
        team_wording(subject_pt_pt="Equipa: {{ workshop }}", body_pt_pt="Olá {{ link }}")

        email = queue()

        assert (email.subject, email.body_text) == (
            "Equipa: Amadora 2030",
            "Olá https://als.example/invitations/abc/\n",
        )

    def test_without_the_teams_portuguese_the_repositorys_portuguese_comes_before_the_teams_english(
        self,
    ):
        team_wording()

        email = queue()

        assert email.subject == PORTUGUESE_SUBJECT
        assert email.body_text.startswith("Caro(a) Ana Ribeiro,")

    def test_each_part_is_looked_up_on_its_own(self):
        team_wording(subject_pt_pt="Equipa: {{ workshop }}", body_pt_pt="   ")

        email = queue()

        assert email.subject == "Equipa: Amadora 2030"
        assert email.body_text.startswith("Caro(a) Ana Ribeiro,")

    def test_a_kind_without_a_portuguese_file_falls_to_the_teams_english(self, repository_lacks):
        repository_lacks("delegate_withdrawn", "pt-pt")
        team_wording(
            "delegate_withdrawn",
            subject_en_gb="Withdrawn: {{ workshop }}",
            body_en_gb="Sorry, {{ delegate }}.",
        )

        email = queue("delegate_withdrawn", context=WITHDRAWN)

        assert (email.language, email.subject, email.body_text) == (
            "pt-pt",
            "Withdrawn: Amadora 2030",
            "Sorry, Ana Ribeiro.\n",
        )

    def test_then_to_the_repositorys_english(self, repository_lacks):
        repository_lacks("delegate_withdrawn", "pt-pt")
        email = queue("delegate_withdrawn", context=WITHDRAWN)

        assert (email.language, email.subject) == (
            "pt-pt",
            "You are no longer a delegate for Amadora 2030",
        )
        assert email.body_text.startswith("Dear Ana Ribeiro,\n\nAmadora has withdrawn")

    def test_an_english_reader_gets_the_teams_english_not_another_language(self):
        team_wording(subject_pt_pt="Equipa: {{ workshop }}")

        email = queue(language="en-gb")

        assert (email.language, email.subject) == ("en-gb", "Team: Amadora 2030")

    def test_the_repository_has_no_wording_in_a_language_it_was_not_written_in(self):
        assert mail.default_wording("delegate_withdrawn", "fr") == (None, None)
        assert (
            mail.default_wording("invitation", "pt-pt")[0] == "Convite: {{ workshop }}, {{ dates }}"
        )


class TestLanguageOfTheMessage:
    def test_the_layout_is_in_the_readers_language(self):
        html = queue().body_html

        assert html.startswith('<!doctype html>\n<html lang="pt-pt">')
        assert '<span lang="en">MILE — Managing Migration and Integration' in html

    def test_an_english_reader_gets_the_english_layout(self):
        html = queue(language="en-gb").body_html

        assert html.startswith('<!doctype html>\n<html lang="en-gb">')
        assert "You receive this e-mail because of your part in a MILE Action Learning Set." in html

    @pytest.mark.parametrize("language", ["fr", "", None, "pt"])
    def test_a_language_the_site_does_not_offer_is_written_in_english(self, language):
        email = queue(language=language)

        assert (email.language, email.subject) == (
            "en-gb",
            "Invitation: Amadora 2030, 4 a 6 de março de 2030",
        )

    def test_a_language_not_offered_yet_is_written_in_english(self, settings):
        settings.LANGUAGES = [("en-gb", "English")]

        email = queue()

        assert (email.language, email.subject[:11]) == ("en-gb", "Invitation:")

    def test_the_placeholders_are_made_in_the_readers_language_not_the_requests(self):
        def context():
            return {**INVITATION, "dates": translation.get_language()}

        with translation.override("el"):
            email = queue(context=context)

        assert email.subject == "Convite: Amadora 2030, pt-pt"
        assert translation.get_language() == settings.LANGUAGE_CODE

    def test_a_changed_language_sends_nothing_again(self):
        first = queue(language="en-gb")

        assert queue(language="pt-pt") is None
        assert list(Email.objects.values_list("pk", "language")) == [(first.pk, "en-gb")]


def recipients(count: int, key: str = "fan") -> list[mail.Recipient]:
    """Half Portuguese, half English, every one with plain values (the fan-out's fast path)."""
    return [
        mail.Recipient(
            to=f"delegate{number}@a.example",
            context={**INVITATION, "delegate": f"Delegate {number}"},
            dedupe_key=f"{key}:{number}",
            language=("pt-pt", "en-gb")[number % 2],
        )
        for number in range(count)
    ]


class TestFanOut:
    def test_each_recipient_gets_their_language_as_if_queued_on_their_own(self):
        emails = mail.emails_queue(kind="invitation", recipients=recipients(4))

        assert [(email.language, email.subject[:8]) for email in emails] == [
            ("pt-pt", "Convite:"),
            ("en-gb", "Invitati"),
        ] * 2
        for email, recipient in zip(emails, recipients(4), strict=True):
            expected = mail.render("invitation", recipient.context, recipient.language)
            assert (email.subject, email.body_text, email.body_html) == expected

    def test_it_reads_and_renders_the_wording_once_per_language(self, monkeypatch):
        renders = []
        render_markdown = mail.render_markdown
        monkeypatch.setattr(
            mail, "render_markdown", lambda md: renders.append(md) or render_markdown(md)
        )
        costs = []

        for count, key in [(4, "small"), (40, "large")]:
            renders.clear()
            with CaptureQueriesContext(connection) as queries:
                emails = mail.emails_queue(kind="invitation", recipients=recipients(count, key))
            wording = [q for q in queries.captured_queries if "mile_emailtemplate" in q["sql"]]
            costs.append((len(emails), len(renders), len(wording), len(queries)))

        (small, *rest), (large, *same) = costs
        assert (small, large) == (4, 40)
        assert rest == same == [2, 2, rest[2]]

    def test_a_recipients_placeholders_are_made_in_their_language(self):
        made = []

        def context():
            made.append(translation.get_language())
            return INVITATION

        people = [
            mail.Recipient(to="a@a.example", context=context, dedupe_key="a", language="pt-pt"),
            mail.Recipient(to="b@a.example", context=context, dedupe_key="b", language="el"),
        ]
        with translation.override("es"):
            emails = mail.emails_queue(kind="invitation", recipients=people)

        assert made == ["pt-pt", "el"]
        assert [email.language for email in emails] == ["pt-pt", "el"]

    def test_a_changed_language_sends_nothing_again(self):
        mail.emails_queue(kind="invitation", recipients=recipients(2))
        again = [
            mail.Recipient(to=r.to, context=r.context, dedupe_key=r.dedupe_key, language="el")
            for r in recipients(2)
        ]

        assert mail.emails_queue(kind="invitation", recipients=again) == []
        assert list(Email.objects.order_by("pk").values_list("language", flat=True)) == [
            "pt-pt",
            "en-gb",
        ]
