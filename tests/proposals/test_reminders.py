"""The deadline reminders: N days before a call's deadline (CALL_REMINDER_DAYS) the authors of a
draft that still lacks what Submit for review asks are e-mailed what is missing, each once, in
their own language; a draft with nothing missing gets none."""

import datetime as dt
import zoneinfo

import pytest

from learningsets.models import CommonBasicPrinciple
from outbox.models import Email
from proposals import reminders, services, tasks
from proposals.emails import PROPOSAL_DEADLINE_REMINDER
from proposals.models import Proposal
from tests.proposals.factories import make_call, make_proposal

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
DEADLINE = dt.datetime(2031, 1, 17, 17, 0, tzinfo=BRUSSELS)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fourteen_and_three_days(settings):
    settings.CALL_REMINDER_DAYS = [14, 3]


@pytest.fixture
def drafted(als, bob, alice):
    """A draft for a call closing 17 January 2031 at 17:00 in Brussels: every section written
    but Objectives, no principle chosen. Its authors are bob (member) and alice (contact)."""
    call = make_call(als.sub_theme, time_zone="Europe/Brussels", deadline=DEADLINE,
                     opens_at=DEADLINE - 90 * DAY)  # fmt: skip
    proposal = make_proposal(als, by=bob, funding_call=call)
    proposal.sections.exclude(key="objectives").update(text="Written.")
    return proposal


def reminded() -> list[tuple[str, str]]:
    return sorted(
        Email.objects.filter(kind=PROPOSAL_DEADLINE_REMINDER).values_list("to", "dedupe_key")
    )


@pytest.mark.usefixtures("english_only")
def test_the_authors_are_told_what_is_missing_fourteen_days_before(drafted, bob, alice, settings):
    queued = reminders.deadline_reminders_scan(at=DEADLINE - 13 * DAY)

    assert queued == 2
    assert [to for to, _ in reminded()] == [alice.email, bob.email]
    email = Email.objects.get(to=bob.email)
    assert email.subject == f"Call deadline near (13 days left): {drafted.title}"
    assert email.body_text == (
        f"Dear {bob},\n\n"
        f"**{drafted.title}** is drafted for the call Lisbon ROP: social inclusion, whose "
        "deadline is 17 January 2031, 17:00 CET (13 days left). It cannot be submitted for "
        "review yet:\n\n"
        "- Objectives is empty.\n"
        "- Choose at least one Common Basic Principle that the proposal serves, on the "
        "Details page of the proposal.\n\n"
        f"[Open the proposal]({settings.SITE_URL}/proposals/{drafted.pk}/) to complete it, "
        "then submit it for review before the deadline.\n\n"
        "With kind regards,\nthe MILE management team\n"
    )
    assert (email.related, email.about) == (drafted, drafted)


def test_a_second_scan_queues_nothing_again(drafted):
    reminders.deadline_reminders_scan(at=DEADLINE - 13 * DAY)

    again = reminders.deadline_reminders_scan(at=DEADLINE - 12 * DAY)

    assert (again, len(reminded())) == (0, 2)


def test_the_next_reminder_comes_three_days_before(drafted, bob):
    reminders.deadline_reminders_scan(at=DEADLINE - 13 * DAY)

    queued = reminders.deadline_reminders_scan(at=DEADLINE - 2 * DAY)

    assert queued == 2
    key = f"reminder:deadline:{drafted.pk}:203101171600:3:{bob.pk}"
    assert (bob.email, key) in reminded()


@pytest.mark.parametrize(
    "at",
    [DEADLINE - 15 * DAY, DEADLINE, DEADLINE + DAY],
    ids=["before the first", "at the deadline", "after it"],
)
def test_no_reminder_outside_the_days_before_the_deadline(drafted, at):
    assert reminders.deadline_reminders_scan(at=at) == 0
    assert reminded() == []


def test_no_reminder_when_nothing_required_is_missing(drafted):
    drafted.sections.update(text="Written.")
    drafted.principles.add(CommonBasicPrinciple.objects.get(number=1))

    assert reminders.deadline_reminders_scan(at=DEADLINE - 2 * DAY) == 0


@pytest.mark.parametrize("status", [Proposal.Status.SUBMITTED, Proposal.Status.WITHDRAWN])
def test_no_reminder_for_a_proposal_out_of_its_authors_hands(drafted, status):
    Proposal.objects.filter(pk=drafted.pk).update(status=status)

    assert reminders.deadline_reminders_scan(at=DEADLINE - 2 * DAY) == 0


def test_no_reminder_for_a_proposal_without_a_call(als, bob):
    make_proposal(als, by=bob)

    assert reminders.deadline_reminders_scan(at=DEADLINE - 2 * DAY) == 0


def test_an_extension_counts_its_days_from_the_new_deadline(drafted, dora, bob):
    reminders.deadline_reminders_scan(at=DEADLINE - 2 * DAY)
    services.proposal_deadline_extend(proposal=drafted, until=DEADLINE + 7 * DAY, by=dora)

    # A day before the old deadline is 8 days before the new one: its 14 days' reminder.
    fourteen_days = reminders.deadline_reminders_scan(at=DEADLINE - DAY)
    three_days = reminders.deadline_reminders_scan(at=DEADLINE + 5 * DAY)

    assert (fourteen_days, three_days) == (2, 2)
    key = f"reminder:deadline:{drafted.pk}:203101241600:3:{bob.pk}"
    assert (bob.email, key) in reminded()


def test_each_author_reads_the_reminder_in_their_language(drafted, bob, alice):
    bob.language = "pt-pt"
    bob.save()
    alice.language = "el"
    alice.save()

    reminders.deadline_reminders_scan(at=DEADLINE - 13 * DAY)

    portuguese, greek = Email.objects.get(to=bob.email), Email.objects.get(to=alice.email)
    assert (portuguese.language, greek.language) == ("pt-pt", "el")
    assert portuguese.subject.startswith("Prazo do concurso a aproximar-se (")
    assert "cujo prazo termina a 17 de janeiro de 2031 às 17:00 CET" in portuguese.body_text
    assert greek.subject.startswith("Η προθεσμία της πρόσκλησης πλησιάζει (")


def test_the_days_are_a_setting(drafted, settings):
    settings.CALL_REMINDER_DAYS = [30]

    assert reminders.deadline_reminders_scan(at=DEADLINE - 20 * DAY) == 2


def test_the_task_runs_the_scan(drafted):
    # The deadline is far ahead of now: nothing is due, and nothing fails.
    assert tasks.scan_deadline_reminders() == 0
