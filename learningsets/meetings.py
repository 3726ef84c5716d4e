"""Writes of the Action Learning cycle: set meetings, the problems brought to them with the
actions agreed, closing actions, and the learning log. Each rule is checked here, where the
forms ask it too (so that its message shows beside the field) and the service refuses it."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from learningsets.models import Action, LearningLogEntry, LearningSet, Meeting, Member, Problem
from partners.models import Partner

FAR_AHEAD = dt.timedelta(days=365)  # a meeting further ahead than this is a typing slip


def members_who_may_attend(
    *, learning_set: LearningSet | None = None, partner: Partner | None = None, meeting=None
) -> QuerySet[Member]:
    """The set's current members (every set of the partner's, for its Local Support Group),
    and whoever attended `meeting` already, though they may have left since."""
    if meeting is not None:
        learning_set, partner = meeting.learning_set, meeting.partner
    people = Member.objects.current()
    people = (
        people.filter(learning_set__partner=partner)
        if partner is not None
        else people.filter(learning_set=learning_set)
    )
    if meeting is not None and meeting.pk:
        people = people | Member.objects.filter(meetings_attended=meeting)
    return people.distinct()


def guest_names(guests: str) -> list[str]:
    return [line.strip() for line in guests.splitlines() if line.strip()]


def meeting_check(*, starts_at, ends_at, attendees: list[Member], guests: str, now=None) -> None:
    """ValidationError (by field) for a meeting that ends before it starts, is more than a year
    ahead, or counts someone twice: ticked twice (in two sets), or a guest twice or also ticked."""
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The meeting ends before it starts: check the times.")
    if starts_at > (now or timezone.now()) + FAR_AHEAD:
        errors["starts_at"] = _("This is more than a year ahead: check the date.")
    seen = {}
    for member in attendees:
        key = member.email.casefold()
        if key in seen:
            twice = _("{name} is ticked twice: tick them once.")
            errors["attendees"] = twice.format(name=member.name)
        seen[key] = member.name.casefold()
    names = set()
    for name in guest_names(guests):
        if name.casefold() in seen.values():
            errors["guests"] = _("{name} is ticked as a member: list only guests here.").format(
                name=name
            )
        elif name.casefold() in names:
            errors["guests"] = _("{name} is listed twice.").format(name=name)
        names.add(name.casefold())
    if errors:
        raise ValidationError(errors)


def _meeting_save(meeting, *, starts_at, ends_at, place, online_link, attendees, guests):
    eligible = set(members_who_may_attend(meeting=meeting).values_list("pk", flat=True))
    strangers = [member.name for member in attendees if member.pk not in eligible]
    if strangers:
        outside = _("Not a member of this set: {names}.").format(names=", ".join(strangers))
        raise ValidationError({"attendees": outside})
    meeting_check(starts_at=starts_at, ends_at=ends_at, attendees=attendees, guests=guests)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.online_link = place.strip(), online_link
    meeting.guests = "\n".join(guest_names(guests))
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_record(
    *,
    learning_set: LearningSet | None = None,
    partner: Partner | None = None,
    by,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    attendees: list[Member],
    place: str = "",
    online_link: str = "",
    guests: str = "",
) -> Meeting:
    """Record a set meeting (of the partner's Local Support Group, given a partner)."""
    meeting = Meeting(learning_set=learning_set, partner=partner, recorded_by=by)
    return _meeting_save(
        meeting,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        attendees=attendees,
        guests=guests,
    )


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    attendees: list[Member],
    place: str = "",
    online_link: str = "",
    guests: str = "",
) -> Meeting:
    """Correct a meeting's times, place, link, attendees or guests."""
    return _meeting_save(
        meeting,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_link=online_link,
        attendees=attendees,
        guests=guests,
    )


def meeting_day(meeting: Meeting) -> dt.date:
    """The day the meeting started on, in its partner's time zone."""
    return timezone.localtime(meeting.starts_at, meeting.zone).date()


def action_check(*, meeting: Meeting, owner: Member | None, due_on: dt.date | None) -> None:
    """ValidationError (by field) for an owner outside the set or a due date before the
    meeting."""
    errors = {}
    if owner is not None and not members_who_may_attend(meeting=meeting).filter(pk=owner.pk):
        errors["owner"] = _("{name} is not a member of this set.").format(name=owner.name)
    if due_on is not None and due_on < meeting_day(meeting):
        errors["due_on"] = _("The action is due before the meeting: check the date.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class ActionInput:
    """An action of a problem as a form gives it: a new one, or `action` changed."""

    description: str
    owner: Member
    due_on: dt.date
    action: Action | None = None


@transaction.atomic
def problem_save(
    *,
    meeting: Meeting,
    brought_by: Member,
    description: str,
    questions: str,
    actions: list[ActionInput],
    problem: Problem | None = None,
) -> Problem:
    """Add a problem brought to a meeting, or change one, with its actions (new or changed)."""
    if not members_who_may_attend(meeting=meeting).filter(pk=brought_by.pk).exists():
        outside = _("{name} is not a member of this set.").format(name=brought_by.name)
        raise ValidationError({"brought_by": outside})
    if problem is None:
        last = meeting.problems.aggregate(last=Max("position"))["last"]
        problem = Problem(meeting=meeting, position=0 if last is None else last + 1)
    problem.brought_by, problem.description, problem.questions = brought_by, description, questions
    problem.full_clean()
    problem.save()
    for wanted in actions:
        action_check(meeting=meeting, owner=wanted.owner, due_on=wanted.due_on)
        action = wanted.action or Action(problem=problem)
        if action.problem_id != problem.pk:
            raise ValidationError(_("This action belongs to another problem."))
        action.description, action.owner, action.due_on = (
            wanted.description,
            wanted.owner,
            wanted.due_on,
        )
        action.full_clean()
        action.save()
    return problem


@transaction.atomic
def action_close(*, action: Action, state: str, outcome: str, by, at=None) -> Action:
    """Mark an open action done or dropped, with a note of its outcome."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if state not in (Action.State.DONE, Action.State.DROPPED):
        raise ValidationError({"state": _("An action is closed as done or dropped.")})
    if not locked.is_open:
        raise ValidationError(_("This action is closed already. Nothing was changed."))
    locked.state, locked.outcome = state, outcome.strip()
    locked.closed_at, locked.closed_by = at or timezone.now(), by
    locked.save(update_fields=["state", "outcome", "closed_at", "closed_by"])
    return locked


@transaction.atomic
def action_reopen(*, action: Action) -> Action:
    """Open a closed action again (it was closed by mistake); its outcome note stays."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.is_open:
        raise ValidationError(_("This action is open already. Nothing was changed."))
    locked.state, locked.closed_at, locked.closed_by = Action.State.OPEN, None, None
    locked.save(update_fields=["state", "closed_at", "closed_by"])
    return locked


@transaction.atomic
def learning_log_write(
    *, meeting: Meeting, author: Member, text: str, visibility: str, now=None
) -> LearningLogEntry:
    """Write (or rewrite) what a member learnt at a meeting, once it has started."""
    if meeting.starts_at > (now or timezone.now()):
        raise ValidationError(_("The meeting has not started yet: write what you learnt after it."))
    entry = LearningLogEntry.objects.select_for_update().filter(
        meeting=meeting, author=author
    ).first() or LearningLogEntry(meeting=meeting, author=author)
    entry.text, entry.visibility = text, visibility
    entry.full_clean()
    entry.save()
    return entry
