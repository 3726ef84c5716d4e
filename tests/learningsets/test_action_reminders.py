"""Action reminders: the hourly scan reminds an open action's owner a few days before its
due date and once it is overdue, once each, in the owner's language.

Today is 10 March 2030 in the scans below; ACTION_REMINDER_DAYS is 3 (the default).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learningsets import reminders
from learningsets.models import Action
from learningsets.tasks import scan_action_reminders
from mile.celery import app as celery_app
from outbox.models import Email
from tests.factories import ActionFactory, MemberFactory, UserFactory

TODAY = dt.date(2030, 3, 10)
DAY = dt.timedelta(days=1)
DUE_SOON = "action_due_soon"
OVERDUE = "action_overdue"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://mile.example"


def action_of(member, due_on, description="Call the chamber of commerce.", **fields) -> Action:
    return ActionFactory(
        problem__meeting__learning_set=member.learning_set,
        problem__brought_by=member,
        description=description,
        due_on=due_on,
        **fields,
    )


def scan(today=TODAY) -> dict[str, int]:
    return reminders.action_reminders_scan(today=today)


def sent() -> list[tuple[str, str, str]]:
    """(kind, recipient, dedupe key) of every e-mail, in the order written."""
    return list(Email.objects.order_by("pk").values_list("kind", "to", "dedupe_key"))


def counts(due_soon=0, overdue=0) -> dict[str, int]:
    return {DUE_SOON: due_soon, OVERDUE: overdue}


@pytest.mark.usefixtures("english_only")
def test_the_owner_is_reminded_three_days_before_the_due_date(ana):
    action = action_of(ana, TODAY + 3 * DAY)

    assert scan() == counts(due_soon=1)

    email = Email.objects.get()
    assert (email.kind, email.to, email.dedupe_key) == (
        DUE_SOON,
        "ana@amadora.example",
        f"action-due:{action.pk}",
    )
    assert email.subject == "Your action is due on 13 March 2030"
    assert email.body_text == (
        "Dear Ana Costa,\n\n"
        "The action you agreed to at a meeting of ALS Amadora — Enterprise support and "
        "development is due on 13 March 2030:\n\n"
        "**Call the chamber of commerce.**\n\n"
        f"[See the action](https://mile.example/meetings/{action.problem.meeting_id}/"
        f"#action-{action.pk})\n\n"
        "When it is done, or no longer needed, record its outcome and close it. Your open "
        "actions are on [My MILE](https://mile.example/my/).\n\n"
        "With kind regards,\nthe MILE management team\n"
    )
    assert email.related == action


def test_an_action_due_later_is_not_reminded_yet(ana):
    action_of(ana, TODAY + 4 * DAY)

    assert scan() == counts()
    assert sent() == []


def test_the_days_before_come_from_the_setting(settings, ana):
    settings.ACTION_REMINDER_DAYS = 7
    action = action_of(ana, TODAY + 7 * DAY)

    assert scan() == counts(due_soon=1)
    assert sent() == [(DUE_SOON, "ana@amadora.example", f"action-due:{action.pk}")]


@pytest.mark.usefixtures("english_only")
def test_the_owner_is_reminded_once_the_action_is_overdue(ana):
    action = action_of(ana, TODAY - DAY)

    assert scan() == counts(overdue=1)

    email = Email.objects.get()
    assert (email.kind, email.dedupe_key) == (OVERDUE, f"action-overdue:{action.pk}")
    assert email.subject == "Your action was due on 9 March 2030"
    assert "development was due on 9 March 2030 and is still open:" in email.body_text


def test_an_action_due_today_is_due_soon_not_overdue(ana):
    action = action_of(ana, TODAY)

    assert scan() == counts(due_soon=1)
    assert scan(TODAY + DAY) == counts(overdue=1)
    assert sent() == [
        (DUE_SOON, "ana@amadora.example", f"action-due:{action.pk}"),
        (OVERDUE, "ana@amadora.example", f"action-overdue:{action.pk}"),
    ]


def test_a_scan_run_twice_sends_each_reminder_once(ana):
    soon, late = action_of(ana, TODAY + DAY), action_of(ana, TODAY - 2 * DAY)

    assert scan() == counts(due_soon=1, overdue=1)
    assert scan() == counts()
    assert scan(TODAY + 12 * DAY) == counts(overdue=1)  # `soon` is overdue now: once more
    assert scan(TODAY + 13 * DAY) == counts()

    assert sorted(key for _, _, key in sent()) == sorted(
        [
            f"action-due:{soon.pk}",
            f"action-overdue:{late.pk}",
            f"action-overdue:{soon.pk}",
        ]
    )


@pytest.mark.parametrize("state", [Action.State.DONE, Action.State.DROPPED])
def test_a_closed_action_is_never_reminded(ana, state):
    action_of(ana, TODAY + DAY, state=state)
    action_of(ana, TODAY - DAY, state=state)

    assert scan() == counts()
    assert sent() == []


def test_a_former_member_is_not_reminded(ana):
    action_of(ana, TODAY + DAY)
    action_of(ana, TODAY - DAY)
    ana.left_on = TODAY - 5 * DAY
    ana.save()

    assert scan() == counts()
    assert sent() == []


def test_each_owner_gets_their_own_reminder(ana, bob_member):
    anas, bobs = action_of(ana, TODAY + DAY), action_of(bob_member, TODAY + 2 * DAY)

    assert scan() == counts(due_soon=2)
    assert sent() == [
        (DUE_SOON, "ana@amadora.example", f"action-due:{anas.pk}"),
        (DUE_SOON, "bob@amadora.example", f"action-due:{bobs.pk}"),
    ]


def test_a_long_action_is_cut_to_one_line_in_the_email(ana, english_only):
    action_of(ana, TODAY + DAY, description="Ask\nthe banks " + "x" * 300)

    scan()

    line = Email.objects.get().body_text.split("\n\n")[2]
    assert line == "**Ask the banks " + "x" * (reminders.ACTION_IN_EMAIL - 15) + "…**"
    assert len(line) == reminders.ACTION_IN_EMAIL + 4


# The owner's language


@pytest.fixture
def five_languages(settings):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())


@pytest.mark.usefixtures("five_languages")
def test_a_member_without_an_account_reads_their_partners_language(ana):
    action_of(ana, TODAY - DAY)

    scan()

    email = Email.objects.get()
    assert (email.language, email.subject) == (
        "pt-pt",
        "O prazo da sua ação terminou a 9 de março de 2030",
    )
    assert "[O meu MILE](https://mile.example/my/)" in email.body_text


@pytest.mark.usefixtures("five_languages")
def test_an_owner_reads_the_language_of_their_account(als):
    user = UserFactory(email="eleni@amadora.example", language="el")
    eleni = MemberFactory(learning_set=als, name="Eleni", email=user.email, user=user)
    action_of(eleni, TODAY + DAY)

    scan()

    email = Email.objects.get()
    assert email.language == "el"
    assert email.subject.startswith("Η δράση σας λήγει στις ")
    assert "Το MILE μου" in email.body_text


# The queries


def test_the_scan_costs_the_same_queries_however_many_actions(ana, bob_member):
    def queries_of_a_scan(today) -> int:
        with CaptureQueriesContext(connection) as context:
            scan(today)
        return len(context.captured_queries)

    action_of(ana, TODAY + DAY)
    action_of(bob_member, TODAY - DAY)
    small = queries_of_a_scan(TODAY)
    nothing_new = queries_of_a_scan(TODAY)
    for n in range(10):
        action_of(ana if n % 2 else bob_member, TODAY + 20 * DAY + n % 3 * DAY)
        action_of(ana if n % 2 else bob_member, TODAY + 10 * DAY)

    assert queries_of_a_scan(TODAY + 21 * DAY) == small
    assert queries_of_a_scan(TODAY + 21 * DAY) == nothing_new
    # Each of the twenty new actions is due soon or overdue by then, and ana's first overdue.
    assert Email.objects.count() == 2 + 20 + 1


# The beat task


def test_the_beat_runs_the_scan_every_hour(settings):
    assert settings.CELERY_BEAT_SCHEDULE["scan-action-reminders"] == {
        "task": "learningsets.tasks.scan_action_reminders",
        "schedule": 3600.0,
    }
    assert celery_app.tasks[scan_action_reminders.name].run == scan_action_reminders.run


def test_the_task_scans_today_and_logs_the_counts(ana, caplog):
    caplog.set_level("INFO", logger="learningsets.tasks")
    action_of(ana, dt.date.today() - DAY)

    assert scan_action_reminders.delay().get() == counts(overdue=1)
    assert [r.getMessage() for r in caplog.records if r.name == "learningsets.tasks"] == [
        f"Action reminders queued: {counts(overdue=1)}"
    ]
