"""Reminders: the hourly scan, "send now" from the admin, the beat entry and the settings.

The workshop is held 4–6 March 2030 in Amadora (Europe/Lisbon, UTC+0 in winter); registration
is open from 7 January 09:00 to 25 February 18:00. Amadora (contact alice) and Komotini
(contact charlie) are invited, with a quota of 3.
"""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from learningsets import services as learningset_services
from mile.celery import app as celery_app
from outbox.models import Email
from partners.models import Partner
from tests.factories import MemberFactory, UserFactory, sub_theme
from tests.workshops.factories import SessionFactory, WorkshopFactory
from tests.workshops.test_concurrency import in_parallel
from workshops import emails, invitations, reminders, services
from workshops.models import Invitation, Registration, Workshop
from workshops.tasks import scan_reminders

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
MISSING = "reminder_missing_delegates"
UNANSWERED = "reminder_unanswered"
UPCOMING = "reminder_upcoming"
DAY = dt.timedelta(days=1)
SECOND = dt.timedelta(seconds=1)
DAYS_MESSAGE = "Enter whole numbers of days from 1 to 999, separated by commas, e.g. “7, 2”."


def lisbon(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LISBON)


OPENS = lisbon(2030, 1, 7, 9, 0)
CLOSES = lisbon(2030, 2, 25, 18, 0)
REGISTERED = lisbon(2030, 1, 10, 10, 0)
STARTS = lisbon(2030, 3, 4, 0, 0)
# 2 days before registration closes, bob's invitation unanswered, 7 days before the workshop.
EVERYTHING_DUE = lisbon(2030, 2, 25, 0, 0)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://mile.example"


@pytest.fixture
def amadora_2030(amadora, komotini, als, alice, charlie):
    alice.first_name, alice.last_name = "Alice", "Ferreira"
    alice.save()
    return WorkshopFactory(
        title="Enterprise development",
        slug="amadora-2030",
        host=amadora,
        sub_theme=als.sub_theme,
        invited=[amadora, komotini],
        time_zone="Europe/Lisbon",
        start_date=dt.date(2030, 3, 4),
        end_date=dt.date(2030, 3, 6),
        registration_opens_at=OPENS,
        registration_closes_at=CLOSES,
    )


@pytest.fixture
def bob_invited(amadora_2030, amadora, bob_member, alice) -> Registration:
    """Bob, registered by alice on 10 January: his invitation is from then."""
    [registration] = services.delegates_register(
        workshop=amadora_2030, partner=amadora, members=[bob_member], by=alice, at=REGISTERED
    )
    return registration


@pytest.fixture
def carla_confirmed(amadora_2030, amadora, als, alice) -> Registration:
    """Carla, registered on 10 January, who confirmed on 12 January."""
    carla = MemberFactory(learning_set=als, name="Carla", email="carla@amadora.example")
    [registration] = services.delegates_register(
        workshop=amadora_2030, partner=amadora, members=[carla], by=alice, at=REGISTERED
    )
    answer(registration, confirm=True, at=REGISTERED + 2 * DAY)
    return registration


def answer(registration, *, confirm: bool, at):
    invitation = registration.invitations.get()
    invitations.invitation_answer(token=invitation.token(), confirm=confirm, at=at)


def reminders_of(kind: str) -> list[tuple[str, str]]:
    """(recipient, dedupe key) of every e-mail of this kind, in the order written."""
    return list(Email.objects.filter(kind=kind).order_by("pk").values_list("to", "dedupe_key"))


def scan(at) -> dict[str, int]:
    return reminders.reminders_scan(at=at)


def counts(missing=0, unanswered=0, upcoming=0) -> dict[str, int]:
    return {MISSING: missing, UNANSWERED: unanswered, UPCOMING: upcoming}


# Partners missing delegates


@pytest.mark.usefixtures("english_only")
def test_partners_missing_delegates_are_reminded_7_days_before_registration_closes(
    amadora_2030, amadora, komotini, alice, charlie, bob_invited
):
    assert scan(CLOSES - 7 * DAY) == counts(missing=2, unanswered=1)

    w = amadora_2030.pk
    assert reminders_of(MISSING) == [
        ("alice@amadora.example", f"reminder:missing:{w}:{amadora.pk}:7:{alice.pk}"),
        ("charlie@komotini.example", f"reminder:missing:{w}:{komotini.pk}:7:{charlie.pk}"),
    ]
    email = Email.objects.get(to="alice@amadora.example")
    assert email.subject == "Amadora has registered 1 of 3 delegates for Enterprise development"
    assert email.body_text.startswith(
        "Dear Alice Ferreira,\n\nAmadora has registered 1 of 3 delegates for "
    )
    assert "**Enterprise development**, 4–6 March 2030." in email.body_text
    assert "Registration closes on 25 February 2030, 18:00 (Europe/Lisbon)." in email.body_text
    assert "*Enterprise support and development*" in email.body_text
    assert (
        "[Register delegates](https://mile.example/workshops/amadora-2030/delegates/amadora/)"
        in email.body_text
    )
    assert (email.related, email.about) == (amadora, amadora_2030)


def test_no_missing_delegates_reminder_before_the_first_threshold_or_after_closing(
    amadora_2030, bob_invited
):
    assert scan(CLOSES - 7 * DAY - SECOND)[MISSING] == 0
    assert scan(CLOSES)[MISSING] == 0
    assert Email.objects.filter(kind=MISSING).count() == 0


def test_each_threshold_is_sent_once(amadora_2030, amadora, alice, komotini):
    scan(CLOSES - 7 * DAY)
    scan(CLOSES - 3 * DAY)
    scan(CLOSES - 2 * DAY)
    scan(CLOSES - SECOND)

    keys = [key for _, key in reminders_of(MISSING)]
    assert [key.split(":")[4] for key in keys] == ["7", "7", "2", "2"]


def test_a_threshold_passed_before_any_scan_saw_it_is_skipped(amadora_2030):
    """A scan 1 day before closing sends the 2-day reminder only, never the late 7-day one."""
    assert scan(CLOSES - DAY) == counts(missing=2)
    assert scan(CLOSES - SECOND) == counts()

    assert [key.split(":")[4] for _, key in reminders_of(MISSING)] == ["2", "2"]


def test_the_days_are_the_workshops_own(amadora_2030):
    amadora_2030.reminder_missing_days = "10"
    amadora_2030.save()

    assert scan(CLOSES - 7 * DAY) == counts(missing=2)
    assert [key.split(":")[4] for _, key in reminders_of(MISSING)] == ["10", "10"]


def test_a_partner_with_its_quota_gets_nothing(amadora_2030, amadora, als, alice, charlie):
    members = [MemberFactory(learning_set=als) for _ in range(3)]
    services.delegates_register(
        workshop=amadora_2030, partner=amadora, members=members, by=alice, at=REGISTERED
    )

    scan(CLOSES - 7 * DAY)

    assert [to for to, _ in reminders_of(MISSING)] == ["charlie@komotini.example"]


@pytest.mark.usefixtures("english_only")
def test_a_declined_delegate_frees_the_place_and_the_partner_is_reminded(
    amadora_2030, amadora, als, alice
):
    members = [MemberFactory(learning_set=als) for _ in range(3)]
    registrations = services.delegates_register(
        workshop=amadora_2030, partner=amadora, members=members, by=alice, at=REGISTERED
    )
    answer(registrations[0], confirm=False, at=REGISTERED + DAY)

    scan(CLOSES - 7 * DAY)

    email = Email.objects.get(to="alice@amadora.example")
    assert email.subject == "Amadora has registered 2 of 3 delegates for Enterprise development"


def test_no_missing_delegates_reminder_unless_registration_is_open(amadora_2030):
    amadora_2030.status = Workshop.Status.PUBLISHED
    amadora_2030.save()

    assert scan(CLOSES - DAY) == counts()


# Delegates who have not answered


@pytest.mark.usefixtures("english_only")
def test_a_delegate_who_has_not_answered_is_reminded_5_days_after_the_invitation(
    amadora_2030, bob_invited
):
    assert scan(REGISTERED + 5 * DAY - SECOND)[UNANSWERED] == 0
    assert scan(REGISTERED + 5 * DAY)[UNANSWERED] == 1

    invitation = bob_invited.invitations.get()
    assert reminders_of(UNANSWERED) == [
        ("bob@amadora.example", f"reminder:unanswered:{bob_invited.pk}:{invitation.pk}")
    ]
    email = Email.objects.get(kind=UNANSWERED)
    assert email.subject == "Reminder: will you come to Enterprise development?"
    assert email.body_text.startswith("Dear Bob,\n\nAmadora registered you as a delegate for ")
    assert "we have not heard from you yet." in email.body_text
    # The link is made from the invitation when the e-mail is sent; the row never holds it.
    assert "[Confirm or decline](@@personal-link@@)" in email.body_text
    assert "expires on 4 March 2030, 00:00 (Europe/Lisbon)." in email.body_text
    assert (email.related, email.about) == (invitation, amadora_2030)


@pytest.mark.usefixtures("english_only")
def test_the_reminder_carries_the_link_of_the_same_invitation(
    amadora_2030, amadora, bob_member, alice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        [registration] = services.delegates_register(
            workshop=amadora_2030, partner=amadora, members=[bob_member], by=alice, at=REGISTERED
        )
    with django_capture_on_commit_callbacks(execute=True):
        scan(REGISTERED + 5 * DAY)

    link = emails.invitation_url(registration.invitations.get())
    invitation_email, reminder = mailoutbox
    assert reminder.subject == "Reminder: will you come to Enterprise development?"
    assert f"[Confirm or decline]({link})" in invitation_email.body
    assert f"[Confirm or decline]({link})" in reminder.body
    assert Invitation.objects.count() == 1


def test_a_delegate_who_answered_is_not_reminded(amadora_2030, bob_invited, carla_confirmed):
    answer(bob_invited, confirm=False, at=REGISTERED + DAY)

    assert scan(REGISTERED + 10 * DAY)[UNANSWERED] == 0


def test_a_withdrawn_delegate_is_not_reminded(amadora_2030, bob_invited, alice):
    services.delegate_withdraw(registration=bob_invited, by=alice, at=REGISTERED + DAY)

    assert scan(REGISTERED + 10 * DAY)[UNANSWERED] == 0


def test_no_unanswered_reminder_once_the_invitation_has_expired(amadora_2030, bob_invited):
    assert scan(STARTS)[UNANSWERED] == 0


def test_a_new_invitation_is_reminded_after_its_own_days(amadora_2030, bob_invited):
    scan(REGISTERED + 5 * DAY)
    resent = REGISTERED + 6 * DAY
    invitations.invitation_send(registration=bob_invited, at=resent)

    assert scan(resent + 5 * DAY - SECOND)[UNANSWERED] == 0
    assert scan(resent + 5 * DAY)[UNANSWERED] == 1

    first, second = bob_invited.invitations.order_by("pk")
    assert [key for _, key in reminders_of(UNANSWERED)] == [
        f"reminder:unanswered:{bob_invited.pk}:{first.pk}",
        f"reminder:unanswered:{bob_invited.pk}:{second.pk}",
    ]


def test_a_delegate_whose_address_changed_gets_a_new_invitation_there_at_the_next_scan(
    amadora_2030, bob_invited, bob_member
):
    learningset_services.member_update(
        member=bob_member, learning_set=bob_member.learning_set, email="bob.new@amadora.example"
    )

    assert scan(REGISTERED + DAY) == counts(unanswered=1)
    assert scan(REGISTERED + DAY + SECOND) == counts()

    old, new = bob_invited.invitations.order_by("pk")
    assert (old.email, old.revoked_at, new.email, new.revoked_at) == (
        "bob@amadora.example",
        REGISTERED + DAY,
        "bob.new@amadora.example",
        None,
    )
    assert reminders_of("invitation") == [
        ("bob@amadora.example", f"invitation:{bob_invited.pk}:{old.pk}"),
        ("bob.new@amadora.example", f"invitation:{bob_invited.pk}:{new.pk}"),
    ]
    assert reminders_of(UNANSWERED) == []


def test_sending_now_also_sends_a_new_invitation_to_a_changed_address(
    amadora_2030, bob_invited, bob_member, dora
):
    learningset_services.member_update(
        member=bob_member, learning_set=bob_member.learning_set, email="bob.new@amadora.example"
    )

    queued = reminders.reminders_send_now(
        workshops=[amadora_2030], kind=UNANSWERED, by=dora, at=REGISTERED + DAY
    )

    assert queued == 1
    assert [to for to, _ in reminders_of("invitation")] == [
        "bob@amadora.example",
        "bob.new@amadora.example",
    ]
    assert reminders_of(UNANSWERED) == []


# Confirmed delegates, before the workshop


@pytest.fixture
def agenda(amadora_2030):
    SessionFactory(
        workshop=amadora_2030,
        day=dt.date(2030, 3, 5),
        start_time=dt.time(14, 0),
        end_time=dt.time(17, 30),
        title="Visit to Casal da Boba",
    )
    SessionFactory(workshop=amadora_2030, title="Opening plenary")


@pytest.mark.usefixtures("english_only")
def test_confirmed_delegates_are_reminded_7_days_before_the_workshop(
    amadora_2030, agenda, carla_confirmed, bob_invited
):
    assert scan(STARTS - 7 * DAY - SECOND)[UPCOMING] == 0
    assert scan(STARTS - 7 * DAY)[UPCOMING] == 1

    assert reminders_of(UPCOMING) == [
        ("carla@amadora.example", f"reminder:upcoming:{carla_confirmed.pk}")
    ]
    email = Email.objects.get(kind=UPCOMING)
    assert email.subject == "Enterprise development starts on 4 March 2030"
    assert email.body_text.startswith("Dear Carla,\n\nWe look forward to seeing you at ")
    assert "in Amadora, 4–6 March 2030, at Town hall." in email.body_text
    assert (
        "The agenda (times in Europe/Lisbon):\n\n"
        "- Monday 4 March 2030, 09:30–11:00: Opening plenary\n"
        "- Tuesday 5 March 2030, 14:00–17:30: Visit to Casal da Boba\n"
    ) in email.body_text
    assert "The workshop handbook: https://mile.example/workshops/amadora-2030/" in email.body_text
    assert (email.related, email.about) == (carla_confirmed, amadora_2030)


def test_the_upcoming_reminder_carries_the_workshop_as_a_calendar_file(
    amadora_2030, carla_confirmed, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        scan(STARTS - DAY)

    [attachment] = Email.objects.get(kind=UPCOMING).attachments
    assert (attachment["filename"], attachment["mimetype"]) == ("amadora-2030.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(attachment["content"]).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Enterprise development"
    assert (event.start, event.end) == (dt.date(2030, 3, 4), dt.date(2030, 3, 7))
    assert str(event["URL"]) == "https://mile.example/workshops/amadora-2030/"
    [message] = [m for m in mailoutbox if m.to == ["carla@amadora.example"]]
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("amadora-2030.ics", "text/calendar")
    assert icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["UID"] == event["UID"]


def test_no_upcoming_reminder_once_the_workshop_has_started(amadora_2030, carla_confirmed):
    assert scan(STARTS)[UPCOMING] == 0


def test_a_declined_delegate_gets_no_upcoming_reminder(amadora_2030, carla_confirmed):
    services.registration_set_status(
        registration=carla_confirmed, status=Registration.Status.DECLINED, by=None
    )

    assert scan(STARTS - DAY)[UPCOMING] == 0


def test_the_upcoming_reminder_goes_at_midnight_in_the_workshops_time_zone(
    amadora_2030, carla_confirmed
):
    amadora_2030.time_zone = "Pacific/Auckland"  # UTC+13 in March
    amadora_2030.save()

    assert scan(lisbon(2030, 2, 24, 11, 0) - SECOND)[UPCOMING] == 0
    assert scan(lisbon(2030, 2, 24, 11, 0))[UPCOMING] == 1


@pytest.mark.usefixtures("english_only")
def test_an_empty_agenda_points_to_the_workshop_page(amadora_2030, carla_confirmed):
    scan(STARTS - DAY)

    email = Email.objects.get(kind=UPCOMING)
    assert "- The agenda will be on the workshop page.\n" in email.body_text


# Nothing twice


def test_the_scan_on_25_february_queues_every_kind(amadora_2030, bob_invited, carla_confirmed):
    assert scan(EVERYTHING_DUE) == counts(missing=2, unanswered=1, upcoming=1)


def test_a_second_scan_queues_nothing(amadora_2030, bob_invited, carla_confirmed):
    at = EVERYTHING_DUE
    scan(at)

    assert scan(at) == counts()
    assert scan(at + dt.timedelta(hours=1)) == counts()
    assert Email.objects.count() == 2 + 4  # two invitations, four reminders


def test_two_scans_in_one_transaction_queue_each_e_mail_once(
    amadora_2030, bob_invited, carla_confirmed
):
    at = EVERYTHING_DUE
    with transaction.atomic():
        first, second = scan(at), scan(at)

    assert (first, second) == (counts(missing=2, unanswered=1, upcoming=1), counts())
    assert Email.objects.filter(dedupe_key__startswith="reminder:").count() == 4


@pytest.mark.usefixtures("english_only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_in_separate_transactions_queue_each_e_mail_once(
    amadora_2030, bob_invited, carla_confirmed, mailoutbox
):
    at = EVERYTHING_DUE

    first, second = scan(at), scan(at)

    assert (first, second) == (counts(missing=2, unanswered=1, upcoming=1), counts())
    reminded = [m.to[0] for m in mailoutbox if m.subject.startswith(("Reminder", "Enterprise"))]
    assert sorted(reminded) == ["bob@amadora.example", "carla@amadora.example"]
    assert Email.objects.filter(dedupe_key__startswith="reminder:").count() == 4


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two scans at once need two connections writing together: PostgreSQL only.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scans_at_once_queue_each_e_mail_once(amadora_2030, bob_invited, carla_confirmed):
    at = EVERYTHING_DUE

    outcomes = in_parallel(lambda _: scan(at), [1, 2])

    assert all(isinstance(outcome, dict) for outcome in outcomes), outcomes
    assert sum(outcome[MISSING] for outcome in outcomes) == 2
    assert sum(outcome[UNANSWERED] + outcome[UPCOMING] for outcome in outcomes) == 2
    assert Email.objects.filter(dedupe_key__startswith="reminder:").count() == 4


# Languages


def test_each_reminder_is_written_in_its_recipients_language(
    amadora_2030, bob_invited, carla_confirmed, bob, settings
):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    bob.language = "it"
    bob.save()

    scan(EVERYTHING_DUE)

    reminders_sent = Email.objects.filter(dedupe_key__startswith="reminder:").order_by("to")
    assert list(reminders_sent.values_list("kind", "to", "language")) == [
        (MISSING, "alice@amadora.example", "pt-pt"),  # Amadora's contact: Portugal's
        (UNANSWERED, "bob@amadora.example", "it"),  # his account's choice
        (UPCOMING, "carla@amadora.example", "pt-pt"),  # no account: her partner's
        (MISSING, "charlie@komotini.example", "el"),  # Komotini's contact: Greece's
    ]
    assert '<html lang="it">' in reminders_sent.get(to="bob@amadora.example").body_html


def test_changing_a_language_sends_nothing_again(
    amadora_2030, bob_invited, carla_confirmed, alice, bob, settings
):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    scan(EVERYTHING_DUE)
    before = list(Email.objects.order_by("pk").values_list("pk", "language"))

    alice.language, bob.language = "en-gb", "el"
    alice.save()
    bob.save()

    assert scan(EVERYTHING_DUE + dt.timedelta(hours=1)) == counts()
    assert list(Email.objects.order_by("pk").values_list("pk", "language")) == before


# Queries


# Savepoint and release; missing: workshops, partners, contacts, places taken, keys queued;
# unanswered: invitations, keys; upcoming: workshops, sessions, confirmed delegates, keys.
SCAN_QUERIES = 2 + 5 + 2 + 4
# email_queue: the key's check, the wording, savepoint, insert, release.
PER_E_MAIL = 5


def workshops_with_delegates(count: int, amadora, komotini, als, alice) -> None:
    """`count` workshops like amadora_2030, each with bob invited and carla confirmed."""
    bob, carla = MemberFactory(learning_set=als), MemberFactory(learning_set=als)
    for _ in range(count):
        workshop = WorkshopFactory(
            sub_theme=als.sub_theme,
            invited=[amadora, komotini],
            start_date=dt.date(2030, 3, 4),
            end_date=dt.date(2030, 3, 6),
            registration_opens_at=OPENS,
            registration_closes_at=CLOSES,
        )
        SessionFactory(workshop=workshop)
        _, confirmed = services.delegates_register(
            workshop=workshop, partner=amadora, members=[bob, carla], by=alice, at=REGISTERED
        )
        answer(confirmed, confirm=True, at=REGISTERED + DAY)


def queries_of_scan(at) -> tuple[int, int]:
    """(queries, e-mails queued) of one scan, the content types of related objects cached."""
    ContentType.objects.get_for_models(Partner, Invitation, Registration)
    with CaptureQueriesContext(connection) as context:
        queued = sum(scan(at).values())
    return len(context.captured_queries), queued


@pytest.mark.parametrize("languages", ["English only", "five"])
@pytest.mark.parametrize("count", [1, 10])
def test_the_scan_costs_a_fixed_number_of_queries_plus_the_e_mails_it_writes(
    count, languages, amadora, komotini, als, alice, charlie, settings
):
    if languages == "five":  # each reader's language is read with them, not one by one
        settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    workshops_with_delegates(count, amadora, komotini, als, alice)
    at = EVERYTHING_DUE

    assert queries_of_scan(at) == (SCAN_QUERIES + PER_E_MAIL * 4 * count, 4 * count)
    assert queries_of_scan(at) == (SCAN_QUERIES, 0)


# Send now (the admin action's service)


DURING = lisbon(2030, 1, 20, 12, 0)


@pytest.mark.usefixtures("english_only")
def test_sending_now_reminds_every_partner_missing_delegates(
    amadora_2030, amadora, komotini, alice, charlie, dora
):
    queued = reminders.reminders_send_now(
        workshops=[amadora_2030], kind=MISSING, by=dora, at=DURING
    )

    w = amadora_2030.pk
    assert queued == 2
    assert reminders_of(MISSING) == [
        ("alice@amadora.example", f"reminder:missing:now:2030-01-20:{w}:{amadora.pk}:{alice.pk}"),
        (
            "charlie@komotini.example",
            f"reminder:missing:now:2030-01-20:{w}:{komotini.pk}:{charlie.pk}",
        ),
    ]
    email = Email.objects.get(to="alice@amadora.example")
    assert email.subject == "Amadora has registered 0 of 3 delegates for Enterprise development"


def test_sending_now_twice_on_one_day_sends_nothing_twice(amadora_2030, bob_invited, dora):
    def send(kind, at):
        return reminders.reminders_send_now(workshops=[amadora_2030], kind=kind, by=dora, at=at)

    assert (send(MISSING, DURING), send(UNANSWERED, DURING)) == (2, 1)
    assert (send(MISSING, DURING + dt.timedelta(hours=6)), send(UNANSWERED, DURING)) == (0, 0)
    assert (send(MISSING, DURING + DAY), send(UNANSWERED, DURING + DAY)) == (2, 1)

    invitation = bob_invited.invitations.get()
    assert [key for _, key in reminders_of(UNANSWERED)] == [
        f"reminder:unanswered:now:2030-01-20:{bob_invited.pk}:{invitation.pk}",
        f"reminder:unanswered:now:2030-01-21:{bob_invited.pk}:{invitation.pk}",
    ]


def test_sending_now_reminds_only_delegates_still_invited(
    amadora_2030, bob_invited, carla_confirmed, dora
):
    queued = reminders.reminders_send_now(
        workshops=[amadora_2030], kind=UNANSWERED, by=dora, at=DURING
    )

    assert queued == 1
    assert [to for to, _ in reminders_of(UNANSWERED)] == ["bob@amadora.example"]


def test_sending_now_after_registration_closed_reminds_no_partner(amadora_2030, dora):
    queued = reminders.reminders_send_now(
        workshops=[amadora_2030], kind=MISSING, by=dora, at=CLOSES
    )

    assert queued == 0
    assert Email.objects.count() == 0


def test_the_upcoming_reminder_cannot_be_sent_now(amadora_2030, dora):
    with pytest.raises(ValueError, match=r"^The reminder_upcoming reminder cannot be sent now\.$"):
        reminders.reminders_send_now(workshops=[amadora_2030], kind=UPCOMING, by=dora)


# The admin action (dora is on the management team)


CHANGELIST = "/admin/workshops/workshop/"


def action(workshop, **data) -> dict:
    return {"action": "send_reminders_now", "_selected_action": [workshop.pk], **data}


def test_the_action_asks_which_reminder_before_sending_anything(login, dora, workshop):
    response = login(dora).post(CHANGELIST, action(workshop, index="0"))

    assert response.status_code == 200
    assert response.templates[0].name == "admin/workshops/workshop/reminders_send.html"
    assertContains(response, "Send a reminder now for 1 workshop:")
    assertContains(response, f"<li>{workshop.title}</li>", html=True)
    assertContains(response, 'value="reminder_missing_delegates"')
    assertContains(response, "Partners missing delegates")
    assertContains(response, "Delegates who have not answered")
    assertNotContains(response, "This field is required.")
    assert Email.objects.count() == 0


def test_the_action_sends_the_chosen_reminder_and_counts_it(login, dora, workshop, alice, charlie):
    client = login(dora)

    response = client.post(CHANGELIST, action(workshop, confirm="yes", kind=MISSING), follow=True)

    assertRedirects(response, CHANGELIST)
    assert [str(m) for m in response.context["messages"]] == ["2 reminders queued."]
    assert sorted(to for to, _ in reminders_of(MISSING)) == [
        "alice@amadora.example",
        "charlie@komotini.example",
    ]


def test_a_second_click_sends_nothing_and_says_so(login, dora, workshop, alice):
    client = login(dora)
    client.post(CHANGELIST, action(workshop, confirm="yes", kind=MISSING), follow=True)

    response = client.post(CHANGELIST, action(workshop, confirm="yes", kind=MISSING), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "No reminder was needed: every invited partner has its delegates, or registration is "
        "not open."
    ]
    assert Email.objects.count() == 1


def test_the_action_with_nobody_to_remind_says_so(login, dora, workshop):
    response = login(dora).post(
        CHANGELIST, action(workshop, confirm="yes", kind=UNANSWERED), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "No reminder was needed: no delegate is waiting to answer an invitation."
    ]


def test_the_action_without_a_choice_shows_the_page_again(login, dora, workshop, alice):
    response = login(dora).post(CHANGELIST, action(workshop, confirm="yes"))

    assert response.status_code == 200
    assertContains(response, "This field is required.")
    assert Email.objects.count() == 0


def test_the_action_is_forbidden_to_staff_without_workshop_permissions(login, workshop, alice):
    erin = UserFactory(email="erin@mile.example", is_staff=True)
    erin.user_permissions.add(*Permission.objects.filter(content_type__app_label="partners"))

    response = login(erin).post(CHANGELIST, action(workshop, confirm="yes", kind=MISSING))

    assert response.status_code == 403
    assert Email.objects.count() == 0


def test_the_action_is_not_offered_to_staff_who_may_only_view_workshops(login, workshop, alice):
    frank = UserFactory(email="frank@mile.example", is_staff=True)
    frank.user_permissions.add(Permission.objects.get(codename="view_workshop"))
    client = login(frank)

    assertNotContains(client.get(CHANGELIST), "Send a reminder now")
    response = client.post(CHANGELIST, action(workshop, confirm="yes", kind=MISSING))

    assert response.templates[0].name == "admin/change_list.html"
    assertNotContains(response, "Send a reminder now")
    assert Email.objects.count() == 0


# The settings of a workshop


def add_form(host, **changes) -> dict:
    """The admin's add form of a valid workshop, with the reminder settings."""
    return {
        "title_en_gb": "Enterprise development",
        "slug": "amadora-2030",
        "theme_en_gb": "Enterprise development for ethnic minorities",
        "sub_theme": sub_theme(1).pk,
        "host": host.pk,
        "city": "Amadora",
        "time_zone": "Europe/Lisbon",
        "start_date": "2030-03-04",
        "end_date": "2030-03-06",
        "status": Workshop.Status.REGISTRATION_OPEN,
        "registration_opens_at_0": "2030-01-07",
        "registration_opens_at_1": "09:00",
        "registration_closes_at_0": "2030-02-25",
        "registration_closes_at_1": "18:00",
        "delegates_per_partner": "3",
        "invited_partners": [host.pk],
        "reminder_missing_days": "7, 2",
        "reminder_unanswered_days": "5",
        "reminder_upcoming_days": "7",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        **changes,
    }


def test_a_new_workshop_has_the_default_reminder_days(login, dora, amadora):
    response = login(dora).get("/admin/workshops/workshop/add/")

    assertContains(response, 'class="fieldset-heading">Reminders</h2>')
    assertContains(response, 'name="reminder_missing_days" value="7, 2"')
    assertContains(response, 'name="reminder_unanswered_days" value="5"')
    assertContains(response, 'name="reminder_upcoming_days" value="7"')


def test_the_reminder_days_are_saved_from_the_admin(login, dora, amadora):
    data = add_form(amadora, reminder_missing_days=" 14,7 , 2", reminder_upcoming_days="10")

    response = login(dora).post("/admin/workshops/workshop/add/", data)

    assertRedirects(response, CHANGELIST)
    workshop = Workshop.objects.get()
    assert (workshop.reminder_unanswered_days, workshop.reminder_upcoming_days) == (5, 10)
    assert reminders.missing_days(workshop) == [2, 7, 14]


@pytest.mark.parametrize("days", ["7, two", "0", "7,,2", "2, -1", "1000", "7;2"])
def test_bad_reminder_days_are_refused_and_nothing_is_saved(login, dora, amadora, days):
    response = login(dora).post(
        "/admin/workshops/workshop/add/", add_form(amadora, reminder_missing_days=days)
    )

    assert response.status_code == 200
    assertContains(response, DAYS_MESSAGE)
    assertContains(response, f'name="reminder_missing_days" value="{days}"')
    assert Workshop.objects.count() == 0


@pytest.mark.parametrize("field", ["reminder_unanswered_days", "reminder_upcoming_days"])
def test_zero_days_are_refused_and_nothing_is_saved(login, dora, amadora, field):
    response = login(dora).post("/admin/workshops/workshop/add/", add_form(amadora, **{field: "0"}))

    assertContains(response, "Ensure this value is greater than or equal to 1.")
    assert Workshop.objects.count() == 0


# The beat task


def test_the_beat_runs_the_scan_every_hour(settings):
    assert settings.CELERY_BEAT_SCHEDULE["scan-reminders"] == {
        "task": "workshops.tasks.scan_reminders",
        "schedule": 3600.0,
    }
    assert celery_app.tasks[scan_reminders.name].run == scan_reminders.run


def test_the_task_scans_now_and_logs_the_counts(workshop, alice, caplog):
    """The `workshop` of conftest closes in 7 days: alice's reminder is due."""
    caplog.set_level("INFO", logger="workshops.tasks")

    counts_queued = scan_reminders.delay().get()

    assert counts_queued == counts(missing=1)
    assert [r.getMessage() for r in caplog.records if r.name == "workshops.tasks"] == [
        f"Reminders queued: {counts(missing=1)}"
    ]
