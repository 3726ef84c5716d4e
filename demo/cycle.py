"""The demo's Action Learning cycle: what Amadora's enterprise set did between workshops.

Two set meetings (five weeks and one week before the first load), the problems brought to
them, four actions (one overdue and one done, so that *My MILE* and the reminders have
something to show), learning logs, the set's take-home from the Amadora workshop of 2008, and
one meeting of Amadora's Local Support Group. Part of `demo.data.load_demo`: loaded once, when
the set has no meeting yet, so a second run changes nothing.

The problems draw on the handbook's section on ethnic entrepreneurship: access to finance and
small loans, advice in the entrepreneurs' own languages, the voice of ethnic minority businesses.
"""

import datetime as dt

from django.utils import timezone

from learningsets.models import Action, LearningLogEntry, LearningSet, Meeting, Member, Problem
from partners.models import Partner
from workshops.models import TakeHome, Workshop

MEMBER = "{key}@amadora.mile.example"
MANAGER = "programme-manager@lisboa-e-vale-do-tejo.mile.example"


def _member(key: str) -> Member:
    email = MANAGER if key == "programme-manager" else MEMBER.format(key=key)
    return Member.objects.get(email=email, learning_set__sub_theme__number=1)


def _meeting(at: dt.datetime, *, attendees, recorded_by, **fields) -> Meeting:
    """A meeting at `at` (local time of Amadora), for two hours."""
    meeting = Meeting.objects.create(
        starts_at=at, ends_at=at + dt.timedelta(hours=2), recorded_by=recorded_by, **fields
    )
    meeting.attendees.set(attendees)
    return meeting


def _problem(meeting, brought_by, description, questions, actions, position=0) -> None:
    problem = Problem.objects.create(
        meeting=meeting,
        brought_by=brought_by,
        description=description,
        questions=questions,
        position=position,
    )
    Action.objects.bulk_create(Action(problem=problem, **action) for action in actions)


def _local_time(day: dt.date, hour: int, partner: Partner) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=partner.zone)


def load_demo_cycle(*, at: dt.datetime) -> None:
    amadora = Partner.objects.get(slug="amadora")
    learning_set = LearningSet.objects.get(partner=amadora, sub_theme__number=1)
    if learning_set.meetings.exists():
        return
    contact = amadora.contacts.order_by("pk").first()
    councillor, adviser = _member("economy-councillor"), _member("business-adviser")
    network, manager = _member("business-network"), _member("programme-manager")
    today = timezone.localdate(at)
    _first_meeting(learning_set, today, contact, councillor, adviser, network, manager)
    _second_meeting(learning_set, today, contact, councillor, adviser, network, manager)
    _support_group_meeting(amadora, today, contact, councillor, manager)
    _take_home(learning_set, contact)


def _first_meeting(learning_set, today, contact, councillor, adviser, network, manager):
    day = today - dt.timedelta(weeks=5)
    meeting = _meeting(
        _local_time(day, 17, learning_set.partner),
        learning_set=learning_set,
        place="Câmara Municipal da Amadora, meeting room 2",
        attendees=[councillor, adviser, network, manager],
        recorded_by=contact,
    )
    _problem(
        meeting,
        network,
        "Migrant entrepreneurs are refused small loans: banks ask for a credit history in "
        "Portugal that a newcomer cannot have.",
        "Which lenders already accept a guarantor instead of a credit history? What would a "
        "bank need to see to take the risk? Who has tried a micro-credit scheme here?",
        [
            {
                "owner": manager,
                "description": "Ask the Managing Authority whether ERDF can fund a guarantee "
                "fund for micro-loans to ethnic minority businesses.",
                "due_on": today - dt.timedelta(weeks=2),
                "state": Action.State.DONE,
                "outcome": "Yes, under the regional programme's axis 1; the call opens in "
                "spring. Drafting a proposal with the set.",
                "closed_at": timezone.now() - dt.timedelta(weeks=2),
            },
            {
                "owner": councillor,
                "description": "Meet two banks in Amadora with the business network to "
                "present the guarantee idea.",
                "due_on": today - dt.timedelta(days=3),
            },
        ],
    )
    LearningLogEntry.objects.create(
        meeting=meeting,
        author=councillor,
        text="Our own rules are part of the problem: the town hall asks for the same papers "
        "as the banks.",
        visibility=LearningLogEntry.Visibility.PUBLIC,
    )
    LearningLogEntry.objects.create(
        meeting=meeting,
        author=network,
        text="Asking what a bank would need was more useful than asking why it refuses.",
    )


def _second_meeting(learning_set, today, contact, councillor, adviser, network, manager):
    day = today - dt.timedelta(weeks=1)
    meeting = _meeting(
        _local_time(day, 17, learning_set.partner),
        learning_set=learning_set,
        online_link="https://meet.example.org/amadora-enterprise",
        attendees=[councillor, adviser, network],
        guests="Director, Cape Verdean traders' association",
        recorded_by=contact,
    )
    _problem(
        meeting,
        adviser,
        "The business advice service is in Portuguese only; few ethnic minority entrepreneurs "
        "come, and those who do bring a relative to translate.",
        "Which languages do the entrepreneurs speak? Could the associations host the advice "
        "sessions? What did Komotini do with its mediators?",
        [
            {
                "owner": adviser,
                "description": "Run two advice sessions at the Cape Verdean traders' "
                "association, with a mediator.",
                "due_on": today + dt.timedelta(days=3),
            },
            {
                "owner": councillor,
                "description": "Put the cost of mediators in the town hall's budget for next year.",
                "due_on": today + dt.timedelta(weeks=6),
            },
        ],
    )
    LearningLogEntry.objects.create(
        meeting=meeting,
        author=adviser,
        text="The entrepreneurs trust the associations more than us: we should go to them.",
        visibility=LearningLogEntry.Visibility.PUBLIC,
    )


def _support_group_meeting(amadora, today, contact, councillor, manager):
    # The programme manager sits in all three sets: one person, one attendee.
    members = {}
    for member in Member.objects.filter(learning_set__partner=amadora, left_on__isnull=True):
        members.setdefault(member.email.lower(), member)
    _meeting(
        _local_time(today - dt.timedelta(weeks=3), 10, amadora),
        partner=amadora,
        place="Câmara Municipal da Amadora, council chamber",
        attendees=members.values(),
        guests="Head of the municipal social services",
        recorded_by=contact,
    )


def _take_home(learning_set, contact) -> None:
    workshop = Workshop.objects.get(slug="amadora-2008")
    TakeHome.objects.get_or_create(
        workshop=workshop,
        learning_set=learning_set,
        defaults={
            "learning_points": "- Access to finance is the first barrier the other cities "
            "name too.\n- Komotini reaches ethnic minority businesses through mediators, not "
            "leaflets.\n- The Common Basic Principles 3 and 6 give our proposal its case.",
            "actions": "- Bring the guarantee fund idea to the Managing Authority.\n- Invite "
            "the business network to every set meeting.",
            "is_public": True,
            "written_by": contact,
        },
    )
