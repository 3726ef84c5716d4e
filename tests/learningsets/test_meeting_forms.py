"""Bad input on the set meetings' forms: a clear message beside the field, what was typed
kept, and nothing saved."""

import pytest

from learningsets.forms.meetings import MAX_TEXT
from tests.factories import MemberFactory
from tests.learningsets.meetings_helpers import cycle_rows, meeting_form, problem_form

TOO_LONG = f"At most {MAX_TEXT} characters, please (this has {MAX_TEXT + 1})."


def refused(client, url, data):
    """POST, expect the form again with its errors, and nothing changed: the form's errors."""
    before = cycle_rows()
    response = client.post(url, data)
    assert response.status_code == 200
    assert cycle_rows() == before
    return response


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends": "09:00"}, "ends", "The meeting ends before it starts: check the times."),
        ({"ends": "10:00"}, "ends", "The meeting ends before it starts: check the times."),
        ({"date": "2090-01-01"}, "date", "This is more than a year ahead: check the date."),
        ({"date": "1900-01-01"}, "date", "This is long before MILE: check the date."),
        ({"date": "2026-02-30"}, "date", "Enter a valid date."),
        ({"starts": "25:00"}, "starts", "Enter a valid time."),
        ({"place": ""}, "place", "Give a place, an online link, or both."),
        ({"online_link": "not a link at all"}, "online_link", "Enter a valid URL."),
        ({"guests": "Zé\nzé "}, "guests", "zé is listed twice."),
        ({"guests": "x" * (MAX_TEXT + 1)}, "guests", TOO_LONG),
        (
            {"place": "x" * 301},
            "place",
            "Ensure this value has at most 300 characters (it has 301).",
        ),
    ],
)
def test_a_bad_meeting_is_refused_beside_the_field(login, alice, als, changes, field, message):
    response = refused(
        login(alice), f"/learning-sets/{als.pk}/meetings/add/", meeting_form(**changes)
    )

    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode() or message in (
        response.content.decode()
    )


def test_an_attendee_posted_twice_is_refused(login, alice, als, ana):
    response = refused(
        login(alice),
        f"/learning-sets/{als.pk}/meetings/add/",
        meeting_form(attendees=[ana.pk, ana.pk]),
    )

    assert response.context["form"].errors["attendees"] == [
        "Someone is ticked twice: tick each person once."
    ]


def test_a_guest_who_is_also_a_member_attending_is_refused(login, alice, als, ana):
    response = refused(
        login(alice),
        f"/learning-sets/{als.pk}/meetings/add/",
        meeting_form(attendees=[ana.pk], guests="ana costa"),
    )

    assert response.context["form"].errors["guests"] == [
        "ana costa is ticked as a member: list only guests here."
    ]


def test_a_person_ticked_in_two_sets_of_the_support_group_is_refused(login, alice, amadora_sets):
    one = MemberFactory(learning_set=amadora_sets[0], name="Rui", email="rui@amadora.example")
    two = MemberFactory(learning_set=amadora_sets[1], name="Rui", email="RUI@amadora.example")

    response = refused(
        login(alice),
        "/partners/amadora/support-group/meetings/add/",
        meeting_form(attendees=[one.pk, two.pk]),
    )

    assert response.context["form"].errors["attendees"] == ["Rui is ticked twice: tick them once."]


def test_a_member_of_another_set_cannot_be_ticked(login, alice, als, nikos):
    response = refused(
        login(alice), f"/learning-sets/{als.pk}/meetings/add/", meeting_form(attendees=[nikos.pk])
    )

    assert response.context["form"].errors["attendees"] == [
        f"Select a valid choice. {nikos.pk} is not one of the available choices."
    ]


def test_the_typed_input_is_kept(login, alice, als):
    response = refused(
        login(alice),
        f"/learning-sets/{als.pk}/meetings/add/",
        meeting_form(ends="09:00", place="Biblioteca"),
    )

    assert 'value="Biblioteca"' in response.content.decode()


# Problems and their actions.


@pytest.mark.parametrize(
    ("actions", "changes", "errors"),
    [
        ((), {"description": "  "}, {"description": ["Say what the problem is."]}),
        ((), {"description": "x" * (MAX_TEXT + 1)}, {"description": [TOO_LONG]}),
        ((), {"questions": "x" * (MAX_TEXT + 1)}, {"questions": [TOO_LONG]}),
        (
            (),
            {"brought_by": "99999"},
            {
                "brought_by": [
                    "Select a valid choice. That choice is not one of the available choices."
                ]
            },
        ),
    ],
)
def test_a_bad_problem_is_refused_beside_the_field(
    login, bob, meeting, ana, actions, changes, errors
):
    response = refused(
        login(bob), f"/meetings/{meeting.pk}/problems/add/", problem_form(ana, *actions, **changes)
    )

    assert response.context["form"].errors == errors


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            ("Call them.", "ana", -30),
            {"due_on": ["The action is due before the meeting: check the date."]},
        ),
        (("Call them.", None, 7), {"owner": ["Choose who will do it."]}),
        (("", "ana", 7), {"description": ["Say what will be done."]}),
        (("Call them.", "ana", None), {"due_on": ["Give the date it is due."]}),
        (("x" * (MAX_TEXT + 1), "ana", 7), {"description": [TOO_LONG]}),
    ],
)
def test_a_bad_action_is_refused_beside_its_field(login, bob, meeting, ana, row, errors):
    description, owner, due = row
    data = problem_form(ana, ("Fine.", ana, 7), (description, ana if owner else None, due))

    response = refused(login(bob), f"/meetings/{meeting.pk}/problems/add/", data)

    assert [form.errors for form in response.context["actions"]] == [{}, errors, {}]


def test_an_owner_outside_the_set_is_refused(login, bob, meeting, ana, nikos):
    data = problem_form(ana, ("Call them.", nikos, 7))

    response = refused(login(bob), f"/meetings/{meeting.pk}/problems/add/", data)

    assert response.context["actions"][0].errors == {
        "owner": ["Select a valid choice. That choice is not one of the available choices."]
    }


def test_an_action_of_the_problem_cannot_be_emptied(login, alice, action):
    problem = action.problem
    data = problem_form(problem.brought_by, ("", None, None))

    response = refused(
        login(alice), f"/meetings/{problem.meeting_id}/problems/{problem.pk}/edit/", data
    )

    assert response.context["actions"][0].errors == {
        "description": ["Say what will be done."],
        "owner": ["Choose who will do it."],
        "due_on": ["Give the date it is due."],
    }


def test_too_many_actions_are_refused(login, bob, meeting, ana):
    data = problem_form(ana, *[("Call them.", ana, 7)] * 21)

    response = refused(login(bob), f"/meetings/{meeting.pk}/problems/add/", data)

    assert response.context["actions"].non_form_errors() == ["Please submit at most 20 forms."]


# Closing an action, the learning log.


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"state": "open"},
            {"state": ["Select a valid choice. open is not one of the available choices."]},
        ),
        ({}, {"state": ["This field is required."]}),
        ({"state": "done", "outcome": "x" * (MAX_TEXT + 1)}, {"outcome": [TOO_LONG]}),
    ],
)
def test_a_bad_closing_is_refused(login, bob, action, data, errors):
    response = refused(login(bob), f"/actions/{action.pk}/close/", data)

    assert response.context["form"].errors == errors


def test_a_closed_action_is_not_closed_again(login, alice, bob, action):
    login(alice).post(f"/actions/{action.pk}/close/", {"state": "done", "outcome": "First."})

    response = refused(login(bob), f"/actions/{action.pk}/close/", {"state": "dropped"})

    assert "This action is closed already." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"text": "", "visibility": "set"}, {"text": ["This field is required."]}),
        ({"text": "x" * (MAX_TEXT + 1), "visibility": "set"}, {"text": [TOO_LONG]}),
        (
            {"text": "Fine.", "visibility": "world"},
            {"visibility": ["Select a valid choice. world is not one of the available choices."]},
        ),
    ],
)
def test_a_bad_learning_log_entry_is_refused(login, bob, meeting, data, errors):
    response = refused(login(bob), f"/meetings/{meeting.pk}/learning-log/", data)

    assert response.context["form"].errors == errors
