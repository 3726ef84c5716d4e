import datetime as dt
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from learningsets import permissions
from learningsets.models import (
    Action,
    LearningLogEntry,
    LearningSet,
    Meeting,
    Member,
    Problem,
    SubTheme,
)
from partners.models import Partner


def sub_themes_with_counts() -> QuerySet[SubTheme]:
    return SubTheme.objects.annotate(
        learning_set_count=Count("learning_sets", distinct=True),
        member_count=Count(
            "learning_sets__members",
            filter=Q(learning_sets__members__left_on__isnull=True),
            distinct=True,
        ),
    )


def member_of_partner_or_404(*, partner: Partner, pk: int) -> Member:
    """A member of one of the partner's learning sets; 404 for any other (no IDOR)."""
    return get_object_or_404(
        Member.objects.select_related("learning_set__sub_theme", "learning_set__partner"),
        pk=pk,
        learning_set__partner=partner,
    )


def _learning_sets_with(partner: Partner, members: QuerySet[Member]) -> QuerySet[LearningSet]:
    return (
        LearningSet.objects.filter(partner=partner)
        .select_related("sub_theme", "partner")
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("sub_theme__number")
    )


def learning_sets_of_partner(*, partner: Partner) -> QuerySet[LearningSet]:
    """The partner's learning sets with their current members, in sub-theme order."""
    return _learning_sets_with(partner, Member.objects.current().order_by("name"))


def learning_sets_to_manage(*, partner: Partner) -> QuerySet[LearningSet]:
    """The partner's learning sets with every member, former ones too (who show as such), and
    each member's account invitations (newest first)."""
    members = Member.objects.order_by("name").prefetch_related("account_invitations")
    return _learning_sets_with(partner, members)


def learning_sets_of_sub_theme(*, sub_theme: SubTheme) -> QuerySet[LearningSet]:
    return (
        LearningSet.objects.filter(sub_theme=sub_theme)
        .select_related("partner", "sub_theme")
        .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("partner__name")
    )


@dataclass(frozen=True)
class SupportGroupPerson:
    """One person of a Local Support Group, with every learning set of the partner they are in."""

    name: str
    organisation: str
    actor_type: str
    learning_sets: tuple[LearningSet, ...]


def local_support_group(*, partner: Partner) -> list[SupportGroupPerson]:
    """The Local Support Group: the members of the partner's three learning sets together,
    one entry per person (by e-mail address) however many of the sets they sit in."""
    members = (
        Member.objects.current()
        .filter(learning_set__partner=partner)
        .select_related("learning_set__sub_theme")
        .order_by("name", "learning_set__sub_theme__number")
    )
    people: dict[str, list[Member]] = {}
    for member in members:
        people.setdefault(member.email.lower(), []).append(member)
    return [
        SupportGroupPerson(
            name=same[0].name,
            organisation=same[0].organisation,
            actor_type=same[0].get_actor_type_display(),
            learning_sets=tuple(member.learning_set for member in same),
        )
        for same in people.values()
    ]


def learning_sets_of_member(*, user) -> QuerySet[LearningSet]:
    """The learning sets this user belongs to as an ALS member."""
    if not user.is_authenticated:
        return LearningSet.objects.none()
    return (
        LearningSet.objects.filter(members__user=user, members__left_on__isnull=True)
        .select_related("partner", "sub_theme")
        .distinct()
    )


def partner_of_account(*, user) -> Partner | None:
    """The partner an account belongs to: the one it is a contact of, else the one of a
    learning set it is a member of (the first, in the rare case of several); None if neither."""
    current = Q(learning_sets__members__user=user, learning_sets__members__left_on__isnull=True)
    return (
        Partner.objects.filter(contacts=user).order_by("pk").first()
        or Partner.objects.filter(current).order_by("pk").first()
    )


# Set meetings: 404 for whoever is not one of the set's people (or the team with the admin's
# permission), so that nobody else learns a meeting exists.


def meeting_or_404(*, user, pk: int, change: bool = False) -> Meeting:
    """A meeting the user may read (with `change`, change); 404 otherwise (no IDOR)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "learning_set__partner", "learning_set__sub_theme", "partner"
        ),
        pk=pk,
    )
    allowed = permissions.changes_meeting if change else permissions.reads_meeting
    if not allowed(user, meeting):
        raise Http404("No meeting you may see has this address.")
    return meeting


def learning_set_to_record_or_404(*, user, pk: int) -> LearningSet:
    """A learning set whose meetings the user records; 404 otherwise."""
    learning_set = get_object_or_404(
        LearningSet.objects.select_related("partner", "sub_theme"), pk=pk
    )
    if not permissions.may_meet(user, permissions.RECORD_MEETINGS, learning_set=learning_set):
        raise Http404("No learning set you record meetings of has this address.")
    return learning_set


def support_group_to_record_or_404(*, user, slug: str) -> Partner:
    """A partner whose Local Support Group's meetings the user records; 404 otherwise."""
    partner = get_object_or_404(Partner, slug=slug)
    if not permissions.may_meet(user, permissions.RECORD_MEETINGS, partner=partner):
        raise Http404("No partner you record meetings of has this address.")
    return partner


def problem_of_meeting_or_404(*, meeting: Meeting, pk: int) -> Problem:
    return get_object_or_404(
        Problem.objects.select_related("brought_by").prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("pk"))
        ),
        meeting=meeting,
        pk=pk,
    )


def action_to_close_or_404(*, user, pk: int) -> Action:
    """An action its owner or the set closes (or reopens); 404 for anybody else."""
    action = get_object_or_404(
        Action.objects.select_related(
            "owner",
            "problem__meeting__learning_set__partner",
            "problem__meeting__learning_set__sub_theme",
            "problem__meeting__partner",
        ),
        pk=pk,
    )
    if not permissions.closes_action(user, action, action.problem.meeting):
        raise Http404("No action you may close has this address.")
    return action


def meetings_of(*, learning_set=None, partner=None) -> QuerySet[Meeting]:
    """A set's meetings (its Local Support Group's, given a partner), newest first, with how
    many attended, problems, actions (open ones too) and learning log entries each has."""
    meetings = Meeting.objects.filter(learning_set=learning_set, partner=partner)
    return (
        meetings.select_related("learning_set__partner", "partner")
        .annotate(
            attendee_count=Count("attendees", distinct=True),
            problem_count=Count("problems", distinct=True),
            action_count=Count("problems__actions", distinct=True),
            open_action_count=Count(
                "problems__actions",
                filter=Q(problems__actions__state=Action.State.OPEN),
                distinct=True,
            ),
            entry_count=Count("learning_log", distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def meeting_in_full(meeting: Meeting) -> tuple[list[Member], list[Problem], list]:
    """What a meeting's page shows: who attended, the problems with their actions in order,
    and every learning log entry (the page is for the set's people only)."""
    attendees = list(
        meeting.attendees.select_related("learning_set__sub_theme").order_by("name", "pk")
    )
    actions = Action.objects.select_related("owner", "closed_by").order_by("due_on", "pk")
    problems = list(
        meeting.problems.select_related("brought_by").prefetch_related(
            Prefetch("actions", queryset=actions)
        )
    )
    entries = list(meeting.learning_log.select_related("author").order_by("created_at", "pk"))
    return attendees, problems, entries


def public_learning_log(*, learning_set: LearningSet) -> QuerySet[LearningLogEntry]:
    """What the set's members learnt and shared with everyone, newest meeting first."""
    return (
        LearningLogEntry.objects.filter(
            meeting__learning_set=learning_set,
            visibility=LearningLogEntry.Visibility.PUBLIC,
        )
        .select_related("author", "meeting")
        .order_by("-meeting__starts_at", "created_at", "pk")
    )


# A person's calendar feed: the meetings from a year ago on and the open actions, never more
# than so many of each, so that a feed stays a small file however long the programme runs.
FEED_PAST = dt.timedelta(days=366)
FEED_MEETINGS = 200
FEED_ACTIONS = 200


def meetings_of_person(*, user) -> QuerySet[Meeting]:
    """The meetings a person may read: their learning sets' (as a member or as the partner's
    contact) and their partners' Local Support Groups', soonest first."""
    current = Q(members__user=user, members__left_on__isnull=True)
    sets = LearningSet.objects.filter(current | Q(partner__contacts=user))
    partners = Partner.objects.filter(
        Q(contacts=user)
        | Q(learning_sets__members__user=user, learning_sets__members__left_on__isnull=True)
    )
    since = timezone.now() - FEED_PAST
    return (
        Meeting.objects.filter(
            Q(learning_set__in=sets.values("pk")) | Q(partner__in=partners.values("pk")),
            starts_at__gte=since,
        )
        .select_related("learning_set__partner", "learning_set__sub_theme", "partner")
        .order_by("starts_at", "pk")[:FEED_MEETINGS]
    )


def actions_open_of_person(*, user) -> QuerySet[Action]:
    """The open actions a person owns as a current member, the first due first (overdue
    first: an overdue action is due before the others)."""
    return Action.objects.filter(
        state=Action.State.OPEN, owner__user=user, owner__left_on__isnull=True
    ).order_by("due_on", "pk")


def actions_open_of_user(*, user, today: date | None = None) -> list[Action]:
    """The open actions this account owns as a current member, overdue first (the earliest due
    date first), each with `overdue_days` (0 if not overdue)."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    actions = list(
        # The problem: an action's address names the meeting it was agreed at.
        actions_open_of_person(user=user).select_related(
            "owner__learning_set__partner", "owner__learning_set__sub_theme", "problem"
        )
    )
    for action in actions:
        action.overdue_days = max((today - action.due_on).days, 0)
    return actions
