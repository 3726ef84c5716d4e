"""A delegate's e-mails are written in the delegate's language, whoever registers them.

Amadora is in Portugal, Komotini in Greece. The repository has each kind's wording in the five
languages (<app>/templates/emails/<code>/); `repository_lacks` takes one away to test the
fallback to the team's English.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from outbox.models import Email, EmailTemplate
from tests.factories import MemberFactory
from tests.workshops.factories import enterprise_workshop
from workshops import invitations, services

DURING = dt.datetime(2025, 1, 20, 12, 0, tzinfo=dt.UTC)
LATER = DURING + dt.timedelta(days=1)
BASE = "/workshops/amadora-2008/delegates/amadora/"


@pytest.fixture(autouse=True)
def _five_languages(settings):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    settings.SITE_URL = "https://als.example"


@pytest.fixture
def workshop(amadora, komotini, als):
    return enterprise_workshop(host=amadora, invited=[amadora, komotini], learning_set=als)


@pytest.fixture
def ana(als):
    """A member of Amadora's learning set without an account."""
    return MemberFactory(learning_set=als, name="Ana", email="ana@amadora.example")


def register(workshop, partner, member, by):
    [registration] = services.delegates_register(
        workshop=workshop, partner=partner, members=[member], by=by, at=DURING
    )
    return registration


def dates_in(language: str, workshop) -> str:
    with translation.override(language):
        return invitations.workshop_dates(workshop)


def invitation_email(to: str) -> Email:
    return Email.objects.filter(kind="invitation", to=to).latest("pk")


def test_a_portuguese_members_invitation_arrives_in_portuguese_subject_included(
    workshop, amadora, ana, alice
):
    register(workshop, amadora, ana, alice)

    email = invitation_email("ana@amadora.example")
    portuguese = dates_in("pt-pt", workshop)
    assert "fevereiro" in portuguese.lower()
    assert (email.language, email.subject) == (
        "pt-pt",
        f"Convite: Enterprise development, {portuguese}",
    )
    assert email.body_text.startswith(
        "Caro(a) Ana,\n\nAmadora indicou o seu nome como delegado ao seminário "
        f"**Enterprise development**, em Amadora, {portuguese}."
    )
    assert '<html lang="pt-pt">' in email.body_html


def test_a_greek_members_invitation_is_greek(workshop, komotini, other_als, charlie):
    eleni = MemberFactory(learning_set=other_als, name="Eleni", email="eleni@komotini.example")

    register(workshop, komotini, eleni, charlie)

    email = invitation_email("eleni@komotini.example")
    greek = dates_in("el", workshop)
    assert (email.language, email.subject) == ("el", f"Πρόσκληση: Enterprise development, {greek}")
    assert '<html lang="el">' in email.body_html


def test_a_change_of_the_accounts_language_changes_the_next_e_mail(
    workshop, amadora, bob, bob_member, alice
):
    bob.language = "en-gb"
    bob.save()
    registration = register(workshop, amadora, bob_member, alice)
    assert invitation_email(bob.email).subject.startswith("Invitation: Enterprise development")

    bob.language = "pt-pt"
    bob.save()
    registration.member.refresh_from_db()
    invitations.invitation_send(registration=registration, at=LATER)

    email = invitation_email(bob.email)
    assert (email.language, email.subject) == (
        "pt-pt",
        f"Convite: Enterprise development, {dates_in('pt-pt', workshop)}",
    )


def test_an_account_without_a_chosen_language_reads_its_partners(
    workshop, amadora, bob, bob_member, alice
):
    register(workshop, amadora, bob_member, alice)

    assert invitation_email(bob.email).language == "pt-pt"


def test_a_greek_contact_registering_a_portuguese_delegate_queues_portuguese(
    client, workshop, alice, ana
):
    alice.language = "el"
    alice.save()
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "el"

    response = client.post(BASE, {"members": [ana.pk]})

    assert response.status_code == 302
    assert response.wsgi_request.LANGUAGE_CODE == "el"
    email = invitation_email("ana@amadora.example")
    portuguese = dates_in("pt-pt", workshop)
    assert portuguese != dates_in("el", workshop)
    assert (email.language, email.subject) == (
        "pt-pt",
        f"Convite: Enterprise development, {portuguese}",
    )


def test_the_teams_portuguese_wording_wins_over_the_repositorys(workshop, amadora, ana, alice):
    EmailTemplate.objects.create(
        kind="invitation",
        subject_en_gb="Invited: {{ workshop }}",
        body_en_gb="Dear {{ delegate }}: {{ link }}",
        subject_pt_pt="Está convidado: {{ workshop }}",
        body_pt_pt="Caro(a) {{ delegate }}: {{ link }}",
    )

    register(workshop, amadora, ana, alice)

    email = invitation_email("ana@amadora.example")
    assert (email.subject, email.body_text.split(":")[0]) == (
        "Está convidado: Enterprise development",
        "Caro(a) Ana",
    )


def test_a_withdrawn_portuguese_delegate_is_told_in_the_teams_english_without_a_portuguese_file(
    workshop, amadora, ana, alice, repository_lacks
):
    repository_lacks("delegate_withdrawn", "pt-pt")
    EmailTemplate.objects.create(
        kind="delegate_withdrawn",
        subject_en_gb="Withdrawn from {{ workshop }}",
        body_en_gb="Sorry, {{ delegate }}.",
    )
    registration = register(workshop, amadora, ana, alice)

    services.delegate_withdraw(registration=registration, by=alice, at=LATER)

    email = Email.objects.get(kind="delegate_withdrawn")
    assert (email.language, email.subject, email.body_text) == (
        "pt-pt",
        "Withdrawn from Enterprise development",
        "Sorry, Ana.\n",
    )
