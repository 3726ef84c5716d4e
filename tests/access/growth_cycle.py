"""growth.py's rows of the Action Learning cycle: actions on My MILE, take-homes on the
workshop page, and the set meetings' pages with their problems, actions and learning logs."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from learningsets.models import Action, LearningLogEntry, LearningSet, Meeting, Member, Problem
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


def grow_meetings(world, set_members: list[Member], bulk) -> None:
    """More meetings of the world's learning set and of its partner's Local Support Group,
    each (the world's own meeting too) with attendees, problems, actions and learning log
    entries; and more actions of the world's own problem."""
    times = len(set_members) // 2
    start = timezone.now().replace(microsecond=0)
    meetings = bulk(
        Meeting,
        (
            Meeting(
                learning_set=None if n % 2 else world.learning_set,
                partner=world.partner if n % 2 else None,
                starts_at=start - dt.timedelta(days=10 + n),
                ends_at=start - dt.timedelta(days=10 + n, hours=-2),
                place=f"Grown {n}",
                guests="A guest\nAnother guest",
            )
            for n in range(times * 2)
        ),
    )
    every = [world.meeting, *meetings]
    bulk(
        Meeting.attendees.through,
        (
            Meeting.attendees.through(meeting_id=meeting.pk, member_id=member.pk)
            for meeting in every
            for member in set_members
        ),
    )
    problems = bulk(
        Problem,
        (
            Problem(
                meeting=meeting,
                brought_by=set_members[n],
                description=f"Grown problem {n}.",
                questions="Who else?",
                position=n + 1,
            )
            for meeting in every
            for n in range(times)
        ),
    )
    states = itertools.cycle(Action.State.values)
    bulk(
        Action,
        (
            Action(
                problem=problem,
                owner=set_members[n],
                description=f"Grown action {n}.",
                due_on=timezone.localdate() + dt.timedelta(days=n - 2),
                state=next(states),
                outcome="Grown." if n % 2 else "",
            )
            for problem in [world.problem, *problems]
            for n in range(times)
        ),
    )
    bulk(
        LearningLogEntry,
        (
            LearningLogEntry(
                meeting=meeting,
                author=author,
                text=f"Grown learning of {author.name}.",
                visibility=LearningLogEntry.Visibility.PUBLIC if n % 2 else "set",
            )
            for meeting in every
            for n, author in enumerate(set_members)
        ),
    )
