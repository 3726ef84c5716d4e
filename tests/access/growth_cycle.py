"""growth.py's rows of the Action Learning cycle: actions on My MILE, take-homes on the
workshop page."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from learningsets.models import Action, LearningSet, Meeting, Member, Problem
from workshops.models import TakeHome


def grow_actions_and_take_homes(world, sets: list[LearningSet], times: int, bulk) -> None:
    """Actions of the member role's own member rows (open, overdue, closed), on My MILE; and
    the take-homes of the grown sets on the world's workshop, public and not."""
    today = timezone.localdate()
    owners = list(Member.objects.filter(user=world.users.get("member"), user__isnull=False))
    meetings = bulk(
        Meeting,
        (
            Meeting(
                learning_set=owner.learning_set,
                starts_at=timezone.now() - dt.timedelta(days=9),
                ends_at=timezone.now() - dt.timedelta(days=9, hours=-2),
            )
            for owner in owners
        ),
    )
    problems = bulk(
        Problem,
        (
            Problem(meeting=meeting, brought_by=owner, description="Grown problem.")
            for meeting, owner in zip(meetings, owners, strict=True)
        ),
    )
    states = itertools.cycle([Action.State.OPEN, Action.State.OPEN, Action.State.DONE])
    bulk(
        Action,
        (
            Action(
                problem=problem,
                owner=problem.brought_by,
                description=f"Grown action {n}.",
                due_on=today + dt.timedelta(days=n - times),
                state=next(states),
            )
            for problem in problems
            for n in range(times * 2)
        ),
    )
    bulk(
        TakeHome,
        (
            TakeHome(
                workshop=world.workshop,
                learning_set=learning_set,
                learning_points=f"Grown learning points {n}.",
                actions=f"Grown actions {n}.",
                is_public=n % 2 == 0,
            )
            for n, learning_set in enumerate(sets)
            if learning_set.sub_theme_id == world.workshop.sub_theme_id
        ),
    )
