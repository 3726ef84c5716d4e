"""A person's data in learningsets: their member rows (an account's, and those bearing an
address it has proven), the account invitations sent to them, and the Action Learning cycle's
rows they are in: the meetings they attended, the problems they brought, the actions they own
and their learning log. Erased, a member keeps their place in the record (a past delegate, a
problem's owner) as a former member with no name or address; the texts typed about a meeting
(its guests, one name a line, its problems, actions and logs) keep their words but the
person's name and addresses, wherever they were typed, as the outbox's e-mails do."""

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from django.utils import timezone

from accounts.personal_data import Erasure, Part, Person, Rows, register
from common.erasure import scrub
from learningsets.models import (
    AccountInvitation,
    Action,
    LearningLogEntry,
    Meeting,
    Member,
    Problem,
)

MEMBERS = "learningsets.member"
INVITATIONS = "learningsets.accountinvitation"


def register_part() -> None:
    register(Part("learningsets", export, rows, words, erase, knows))


def members_of(person: Person):
    """The person's member rows, oldest first."""
    theirs = Q(low_email__in=person.addresses)
    if person.user is not None:
        theirs |= Q(user=person.user)
    members = Member.objects.annotate(low_email=Lower("email")).filter(theirs)
    return members.order_by("created_at", "pk")


def knows(address: str) -> bool:
    return Member.objects.annotate(low_email=Lower("email")).filter(low_email=address).exists()


def export(person: Person) -> dict:
    members = members_of(person).select_related("learning_set__partner", "learning_set__sub_theme")
    invitations = AccountInvitation.objects.filter(member__in=members_of(person))
    return {
        "memberships": [
            {
                "learning_set": member.learning_set.name,
                "name": member.name,
                "email": member.email,
                "organisation": member.organisation,
                "position": member.position,
                "actor_type": member.get_actor_type_display(),
                "left_on": member.left_on,
                "created_at": member.created_at,
            }
            for member in members
        ],
        "account_invitations": list(
            invitations.order_by("created_at", "pk").values(
                "email", "created_at", "expires_at", "used_at", "revoked_at"
            )
        ),
        **_action_learning(members_of(person)),
    }


_MEETING = ["learning_set__partner", "learning_set__sub_theme", "partner"]
_AT_MEETING = [f"meeting__{path}" for path in _MEETING]


def _meeting(meeting: Meeting) -> dict:
    """Which meeting: its set's (or its partner's Local Support Group's), and when."""
    support_group = meeting.is_support_group
    return {
        "learning_set": "" if support_group else meeting.learning_set.name,
        "local_support_group_of": meeting.partner.name if support_group else "",
        "starts_at": meeting.starts_at,
    }


def _action_learning(members) -> dict:
    """The meetings the person attended, the problems they brought, the actions they own and
    their learning log: a query each, however many."""
    meetings = Meeting.objects.filter(attendees__in=members).distinct()
    problems = Problem.objects.filter(brought_by__in=members).select_related(*_AT_MEETING)
    actions = Action.objects.filter(owner__in=members)
    actions = actions.select_related(*(f"problem__{path}" for path in _AT_MEETING))
    entries = LearningLogEntry.objects.filter(author__in=members).select_related(*_AT_MEETING)
    return {
        "meetings_attended": [
            {
                **_meeting(meeting),
                "ends_at": meeting.ends_at,
                "place": meeting.place,
                "online_link": meeting.online_link,
            }
            for meeting in meetings.select_related(*_MEETING).order_by("starts_at", "pk")
        ],
        "problems_brought": [
            {
                "meeting": _meeting(problem.meeting),
                "problem": problem.description,
                "questions": problem.questions,
            }
            for problem in problems.order_by("meeting__starts_at", "pk")
        ],
        "actions_owned": [
            {
                "meeting": _meeting(action.problem.meeting),
                "action": action.description,
                "due_on": action.due_on,
                "state": action.get_state_display(),
                "outcome": action.outcome,
                "closed_at": action.closed_at,
            }
            for action in actions.order_by("due_on", "pk")
        ],
        "learning_log": [
            {
                "meeting": _meeting(entry.meeting),
                "text": entry.text,
                "visibility": entry.get_visibility_display(),
                "created_at": entry.created_at,
            }
            for entry in entries.order_by("created_at", "pk")
        ],
    }


def rows(person: Person) -> Rows:
    members = members_of(person)
    invitations = AccountInvitation.objects.filter(member__in=members).order_by("pk")
    return {
        MEMBERS: list(members.values_list("pk", flat=True)),
        INVITATIONS: list(invitations.values_list("pk", flat=True)),
    }


def words(rows: Rows) -> list[str]:
    members = Member.objects.filter(pk__in=rows.get(MEMBERS, []))
    invitations = AccountInvitation.objects.filter(pk__in=rows.get(INVITATIONS, []))
    return [
        *(word for name, email in members.values_list("name", "email") for word in (name, email)),
        *invitations.values_list("email", flat=True),
    ]


def erase(erasure: Erasure) -> None:
    # One address per row: a learning set holds an address once.
    address = Concat(Value(f"erased-{erasure.number}-"), Cast("pk", CharField()), Value("@invalid"))
    Member.objects.filter(pk__in=erasure.ids(MEMBERS)).update(
        name=erasure.name,
        email=address,
        organisation="",
        position="",
        left_on=Coalesce("left_on", Value(timezone.localdate())),
    )
    AccountInvitation.objects.filter(pk__in=erasure.ids(INVITATIONS)).update(email=erasure.address)
    # Typed text names people freely: the person's words go wherever they were typed.
    replacements = erasure.replacements()
    scrub(Meeting.objects.all(), ["place", "guests"], replacements)
    scrub(Problem.objects.all(), ["description", "questions"], replacements)
    scrub(Action.objects.all(), ["description", "outcome"], replacements)
    scrub(LearningLogEntry.objects.all(), ["text"], replacements)
