"""The services of the Action Learning cycle refuse what the forms refuse, whoever calls them
(the forms, the admin, a task), and change nothing when they do."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from learningsets import meetings
from learningsets.models import Action, LearningLogEntry, Meeting
from tests.factories import MeetingFactory
from tests.learningsets.meetings_helpers import cycle_rows


def refused_with(call, **kwargs) -> dict:
    before = cycle_rows()
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    assert cycle_rows() == before
    error = refused.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def test_a_member_of_another_set_is_not_recorded_as_attending(als, nikos, alice):
    now = timezone.now()
    errors = refused_with(
        meetings.meeting_record,
        learning_set=als,
        by=alice,
        starts_at=now,
        ends_at=now + dt.timedelta(hours=1),
        attendees=[nikos],
        place="Hall",
    )

    assert errors == {"attendees": ["Not a member of this set: Nikos."]}


def test_a_meeting_that_ends_as_it_starts_far_ahead_is_refused_on_both_counts(als, alice):
    later = timezone.now() + dt.timedelta(days=400)
    errors = refused_with(
        meetings.meeting_record,
        learning_set=als,
        by=alice,
        starts_at=later,
        ends_at=later,
        attendees=[],
        place="Hall",
    )

    assert errors == {
        "ends_at": ["The meeting ends before it starts: check the times."],
        "starts_at": ["This is more than a year ahead: check the date."],
    }


def test_an_owner_outside_the_set_and_a_due_date_before_the_meeting_are_refused(
    meeting, ana, nikos
):
    day_before = timezone.localdate() - dt.timedelta(days=30)
    errors = refused_with(
        meetings.problem_save,
        meeting=meeting,
        brought_by=ana,
        description="A problem.",
        questions="",
        actions=[meetings.ActionInput("Call.", nikos, day_before)],
    )

    assert errors == {
        "owner": ["Nikos is not a member of this set."],
        "due_on": ["The action is due before the meeting: check the date."],
    }


def test_a_problem_brought_by_someone_outside_the_set_is_refused(meeting, nikos):
    errors = refused_with(
        meetings.problem_save,
        meeting=meeting,
        brought_by=nikos,
        description="A problem.",
        questions="",
        actions=[],
    )

    assert errors == {"brought_by": ["Nikos is not a member of this set."]}


def test_an_action_of_another_problem_is_not_moved(meeting, action, ana):
    other = MeetingFactory(learning_set=meeting.learning_set)

    with pytest.raises(ValidationError):
        meetings.problem_save(
            meeting=other,
            brought_by=ana,
            description="Another.",
            questions="",
            actions=[meetings.ActionInput("Moved?", ana, timezone.localdate(), action)],
        )

    assert Action.objects.get().problem == action.problem
    assert not other.problems.exists()


def test_closing_records_who_and_when_and_reopening_keeps_the_note(action, alice):
    at = timezone.now().replace(microsecond=0)
    closed = meetings.action_close(
        action=action, state="done", outcome=" Met them. ", by=alice, at=at
    )

    assert (closed.state, closed.outcome, closed.closed_by, closed.closed_at) == (
        "done",
        "Met them.",
        alice,
        at,
    )
    reopened = meetings.action_reopen(action=action)
    assert (reopened.state, reopened.outcome, reopened.closed_by) == ("open", "Met them.", None)


def test_an_action_is_not_closed_as_open(action, alice):
    errors = refused_with(meetings.action_close, action=action, state="open", outcome="", by=alice)

    assert errors == {"state": ["An action is closed as done or dropped."]}


def test_the_learning_log_waits_for_the_meeting_to_start(meeting, bob_member):
    errors = refused_with(
        meetings.learning_log_write,
        meeting=meeting,
        author=bob_member,
        text="Too soon.",
        visibility="set",
        now=meeting.starts_at - dt.timedelta(minutes=1),
    )

    assert errors == {
        "__all__": ["The meeting has not started yet: write what you learnt after it."]
    }


def test_a_member_has_one_entry_per_meeting_rewritten(meeting, bob_member):
    meetings.learning_log_write(meeting=meeting, author=bob_member, text="One.", visibility="set")
    meetings.learning_log_write(
        meeting=meeting, author=bob_member, text="Two.", visibility="public"
    )

    assert list(LearningLogEntry.objects.values_list("text", "visibility")) == [("Two.", "public")]


def test_a_former_attendee_stays_on_a_meeting_edited_after_they_left(meeting, ana):
    meeting.attendees.add(ana)
    ana.left_on = timezone.localdate()
    ana.save()

    meetings.meeting_update(
        meeting=meeting,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        attendees=[ana],
        place="Hall",
    )

    assert list(Meeting.objects.get().attendees.all()) == [ana]
