"""Shared pieces of the set meetings' tests: the rows a refused request must leave alone,
and the forms as a browser posts them."""

import datetime as dt

from django.utils import timezone

from learningsets.models import Action, LearningLogEntry, Meeting, Problem

NOT_FOUND = "Page not found There is nothing at this address, or you do not have access to it."


def cycle_rows() -> dict:
    """Every row of the Action Learning cycle, to compare before and after a refused request."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Meeting, Problem, Action, LearningLogEntry)
    } | {"attendees": list(Meeting.attendees.through.objects.order_by("pk").values())}


def days_from_today(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def meeting_form(**changes) -> dict:
    data = {
        "date": days_from_today(-7),
        "starts": "10:00",
        "ends": "12:00",
        "place": "Câmara Municipal, room 2",
        "online_link": "",
        "guests": "",
    }
    return data | changes


def problem_form(by, *actions, **changes) -> dict:
    """A problem and its actions, each (description, owner, due date as days from today)."""
    data = {
        "brought_by": by.pk,
        "description": "Few migrant entrepreneurs ask the town hall for advice.",
        "questions": "Who do they ask instead?",
        "actions-TOTAL_FORMS": str(max(len(actions), 3)),
        "actions-INITIAL_FORMS": "0",
    }
    for n, (description, owner, due) in enumerate(actions):
        data |= {
            f"actions-{n}-description": description,
            f"actions-{n}-owner": owner.pk if owner else "",
            f"actions-{n}-due_on": days_from_today(due) if due is not None else "",
        }
    return data | changes
