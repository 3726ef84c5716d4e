"""A programme-scale data set for the benchmarks (issue 7), written with bulk inserts.

Deterministic: the same arguments give the same rows (names, e-mail addresses, links between
them); only the timestamps follow the clock, so that registration is open now. It refuses a
database that already holds partners: it only ever fills an empty one.

The shape: partners in networks of 20 (cities paired with their sister regions), one learning
set per partner and sub-theme, members in every set (the first with an account), workshops of a
network with an agenda, inviting the network's partners, delegates from the host sub-theme's
learning sets, proposals with their funding source's sections, revisions and comments, set
meetings with their problems and actions, and outbox rows. The fixed accounts the load
benchmark logs in with are named in `ACCOUNTS`.
"""

import random
import time
from dataclasses import dataclass
from datetime import time as clock
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from learningsets.models import Action, LearningSet, Meeting, Member, Problem, SubTheme
from outbox import kinds as email_kinds
from outbox.models import Email
from partners.models import Partner
from proposals import funding, search
from proposals.models import Comment, Proposal, Revision, Section
from workshops.models import Registration, Session, Workshop

BATCH = 2000
NETWORK = 20  # partners per network: a workshop invites the partners of its network
PASSWORD = "bench-password"  # every generated account's; the benchmark database only

# Accounts the load benchmark uses (created with the data set).
STAFF_EMAIL = "staff@bench.example"

COUNTRIES = ["PT", "GR", "IT", "ES", "FR", "DE", "NL", "BE", "PL", "SE", "FI", "IE", "AT", "CZ"]
SESSION_SLOTS = [
    (clock(9), clock(10, 30), Session.Kind.PLENARY, "Opening plenary"),
    (clock(10, 30), clock(11), Session.Kind.BREAK, "Coffee"),
    (clock(11), clock(13), Session.Kind.ALS_MEETING, "Action Learning Set meeting"),
    (clock(14), clock(16), Session.Kind.SITE_VISIT, "Site visit"),
    (clock(19), clock(22), Session.Kind.SOCIAL, "Dinner"),
]
WORDS = [
    "integration", "employment", "enterprise", "migrants", "training", "mentoring",
    "housing", "language", "neighbourhood", "partnership", "municipality", "region",
    "inclusion", "youth", "women", "skills",
]  # fmt: skip


@dataclass
class Sizes:
    partners: int = 500
    members_per_set: int = 10
    workshops: int = 200
    registrations: int = 10_000
    proposals: int = 3_000
    revisions_per_proposal: int = 20
    comments_per_proposal: int = 5
    emails: int = 50_000
    meetings_per_set: int = 2
    actions_per_meeting: int = 3


def contact_email(partner_number: int) -> str:
    return f"contact{partner_number:04d}@bench.example"


def member_email(set_number: int, member_number: int) -> str:
    return f"member{set_number:05d}-{member_number:02d}@bench.example"


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(sizes: Sizes, *, seed: int = 7, log=print) -> dict[str, float]:
    """Fill an empty database; returns the seconds each part took."""
    if Partner.objects.exists():
        raise ValueError(
            f"The database already holds {Partner.objects.count():,} partners: the generator "
            "only fills an empty one (use a fresh database, e.g. dropdb + migrate)."
        )
    rng = random.Random(seed)
    timings: dict[str, float] = {}

    def step(name):
        timings[name] = time.perf_counter()
        log(f"  {name}…")

    def done(name):
        timings[name] = time.perf_counter() - timings[name]

    now = timezone.now()
    password = make_password(PASSWORD)
    sub_themes = list(SubTheme.objects.order_by("number"))
    if not sub_themes:
        raise ValueError("No sub-themes: migrate the database first (they are seeded).")

    with transaction.atomic():
        step("partners")
        half = sizes.partners // 2
        regions = Partner.objects.bulk_create(
            [
                Partner(
                    name=f"Region {n:04d}",
                    slug=f"region-{n:04d}",
                    kind=Partner.Kind.REGION,
                    country=COUNTRIES[n % len(COUNTRIES)],
                    description=text(rng, 30),
                )
                for n in range(sizes.partners - half)
            ],
            batch_size=BATCH,
        )
        cities = Partner.objects.bulk_create(
            [
                Partner(
                    name=f"City {n:04d}",
                    slug=f"city-{n:04d}",
                    kind=Partner.Kind.CITY,
                    country=COUNTRIES[n % len(COUNTRIES)],
                    sister_region=regions[n],
                    description=text(rng, 30),
                )
                for n in range(half)
            ],
            batch_size=BATCH,
        )
        # Network order: a city next to its sister region.
        partners = []
        for n, region in enumerate(regions):
            if n < len(cities):
                partners.append(cities[n])
            partners.append(region)
        contacts = User.objects.bulk_create(
            [
                User(
                    email=contact_email(n),
                    first_name="Contact",
                    last_name=f"{n:04d}",
                    password=password,
                )
                for n in range(len(partners))
            ],
            batch_size=BATCH,
        )
        User.objects.create(
            email=STAFF_EMAIL,
            first_name="Bench",
            last_name="Staff",
            password=password,
            is_staff=True,
            is_superuser=True,
        )
        Partner.contacts.through.objects.bulk_create(
            [
                Partner.contacts.through(partner_id=partner.pk, user_id=contact.pk)
                for partner, contact in zip(partners, contacts, strict=True)
            ],
            batch_size=BATCH,
        )
        done("partners")

        step("learning sets and members")
        sets = LearningSet.objects.bulk_create(
            [
                LearningSet(partner=partner, sub_theme=theme, description=text(rng, 20))
                for partner in partners
                for theme in sub_themes
            ],
            batch_size=BATCH,
        )
        member_users = User.objects.bulk_create(
            [
                User(
                    email=member_email(n, 0),
                    first_name="Member",
                    last_name=f"{n:05d}",
                    password=password,
                )
                for n in range(len(sets))
            ],
            batch_size=BATCH,
        )
        actor_types = list(Member.ActorType.values)
        members = Member.objects.bulk_create(
            [
                Member(
                    learning_set=learning_set,
                    name=f"Member {n:05d}-{m:02d}",
                    email=member_email(n, m),
                    organisation=f"Organisation {rng.randrange(1000):03d}",
                    actor_type=actor_types[m % len(actor_types)],
                    user=member_users[n] if m == 0 else None,
                )
                for n, learning_set in enumerate(sets)
                for m in range(sizes.members_per_set)
            ],
            batch_size=BATCH,
        )
        done("learning sets and members")

        step("workshops and agendas")
        networks = [partners[i : i + NETWORK] for i in range(0, len(partners), NETWORK)]
        statuses = [
            Workshop.Status.REGISTRATION_OPEN,
            Workshop.Status.HELD,
            Workshop.Status.PUBLISHED,
            Workshop.Status.REGISTRATION_CLOSED,
        ]
        workshops, workshop_network = [], []
        for n in range(sizes.workshops):
            network = n % len(networks)
            status = statuses[n % len(statuses)]
            if status == Workshop.Status.HELD:
                start = now.date() - timedelta(days=30 + n)
            else:
                start = now.date() + timedelta(days=30 + n)
            opens = now - timedelta(days=10)
            closes = (
                now + timedelta(days=20)
                if status != Workshop.Status.REGISTRATION_CLOSED
                else now - timedelta(days=1)
            )
            if status == Workshop.Status.HELD:
                opens, closes = now - timedelta(days=90 + n), now - timedelta(days=40 + n)
            host = networks[network][n // len(networks) % len(networks[network])]
            workshops.append(
                Workshop(
                    title=f"Workshop {n:04d}: {text(rng, 4)[:-1]}",
                    slug=f"workshop-{n:04d}",
                    theme=text(rng, 6),
                    sub_theme=sub_themes[n % len(sub_themes)],
                    host=host,
                    venue=f"Town hall of {host.name}",
                    city=host.name,
                    time_zone="Europe/Lisbon",
                    start_date=start,
                    end_date=start + timedelta(days=2),
                    registration_opens_at=opens,
                    registration_closes_at=closes,
                    status=status,
                    handbook=text(rng, 200),
                )
            )
            workshop_network.append(networks[network])
        workshops = Workshop.objects.bulk_create(workshops, batch_size=BATCH)
        Workshop.invited_partners.through.objects.bulk_create(
            [
                Workshop.invited_partners.through(workshop_id=workshop.pk, partner_id=partner.pk)
                for workshop, network in zip(workshops, workshop_network, strict=True)
                for partner in network
            ],
            batch_size=BATCH,
        )
        Session.objects.bulk_create(
            [
                Session(
                    workshop=workshop,
                    day=workshop.start_date + timedelta(days=day),
                    start_time=start,
                    end_time=end,
                    title=title,
                    kind=kind,
                    location=workshop.venue,
                    description=text(rng, 25),
                )
                for workshop in workshops
                for day in range(3)
                for start, end, kind, title in SESSION_SLOTS
            ],
            batch_size=BATCH,
        )
        done("workshops and agendas")

        step("registrations")
        set_index = {(s.partner_id, s.sub_theme_id): i for i, s in enumerate(sets)}
        per_set = sizes.members_per_set
        registrations = []
        # Delegates go round the workshops' invited partners until the number is reached.
        slots = [
            (workshop, partner, seat)
            for seat in range(min(3, per_set))
            for workshop, network in zip(workshops, workshop_network, strict=True)
            for partner in network
        ]
        reg_statuses = list(Registration.Status.values)
        reg_statuses.remove(Registration.Status.WITHDRAWN)
        for workshop, partner, seat in slots[: sizes.registrations]:
            member = members[set_index[partner.pk, workshop.sub_theme_id] * per_set + seat]
            registrations.append(
                Registration(
                    workshop=workshop,
                    partner=partner,
                    member=member,
                    status=reg_statuses[(member.pk + seat) % len(reg_statuses)],
                    registered_at=now - timedelta(days=5, minutes=len(registrations)),
                    status_changed_at=now - timedelta(days=4),
                )
            )
        Registration.objects.bulk_create(registrations, batch_size=BATCH)
        done("registrations")

        step("proposals, sections, revisions and comments")
        sources = list(funding.CO_FINANCING_RATES)
        proposal_statuses = [Proposal.Status.DRAFT] * 6 + [
            Proposal.Status.SUBMITTED,
            Proposal.Status.IN_REVIEW,
            Proposal.Status.CHANGES_REQUESTED,
            Proposal.Status.APPROVED,
        ]
        proposals = []
        for n in range(sizes.proposals):
            learning_set = sets[n % len(sets)]
            status = proposal_statuses[n % len(proposal_statuses)]
            source = sources[n % len(sources)]
            proposals.append(
                Proposal(
                    learning_set=learning_set,
                    title=f"Proposal {n:05d}: {text(rng, 5)[:-1]}",
                    acronym=f"P{n:05d}",
                    funding_source=source,
                    co_financing_rate=funding.CO_FINANCING_RATES[source],
                    status=status,
                    # Half the approved ones: n % 2 would be none, approved ones being odd.
                    is_public=status == Proposal.Status.APPROVED
                    and n // len(proposal_statuses) % 2 == 0,
                    created_by=member_users[n % len(sets)],
                    created_at=now - timedelta(days=60, minutes=n),
                )
            )
        proposals = Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        sections, section_revisions = [], []
        for n, proposal in enumerate(proposals):
            specs = funding.sections_for(proposal.funding_source)
            # The proposal's revisions spread over its sections, the first ones getting more.
            counts = [sizes.revisions_per_proposal // len(specs)] * len(specs)
            for i in range(sizes.revisions_per_proposal % len(specs)):
                counts[i] += 1
            for position, (spec, revisions) in enumerate(zip(specs, counts, strict=True), 1):
                sections.append(
                    Section(
                        proposal=proposal,
                        key=spec.key,
                        title=spec.title,
                        help=spec.help,
                        position=position,
                        required=spec.required,
                        char_limit=spec.limit,
                        text=text(rng, 60),
                        version=revisions,
                        updated_at=now - timedelta(days=1, minutes=n),
                        updated_by=proposal.created_by,
                    )
                )
                section_revisions.append(revisions)
        sections = Section.objects.bulk_create(sections, batch_size=BATCH)
        revision_rows = []
        for section, revisions in zip(sections, section_revisions, strict=True):
            base = section.text
            for version in range(1, revisions + 1):
                revision_rows.append(
                    Revision(
                        section=section,
                        version=version,
                        text=base[: max(1, len(base) * version // revisions)],
                        author=section.updated_by,
                        created_at=now - timedelta(days=30 - version, minutes=section.pk % 600),
                    )
                )
            if len(revision_rows) >= 20_000:
                Revision.objects.bulk_create(revision_rows, batch_size=BATCH)
                revision_rows = []
        Revision.objects.bulk_create(revision_rows, batch_size=BATCH)
        by_proposal: dict[int, list[Section]] = {}
        for section in sections:
            by_proposal.setdefault(section.proposal_id, []).append(section)
        comments = []
        for n, proposal in enumerate(proposals):
            own = by_proposal[proposal.pk]
            for c in range(sizes.comments_per_proposal):
                comments.append(
                    Comment(
                        proposal=proposal,
                        section=own[c % len(own)] if c % 3 else None,
                        author=proposal.created_by,
                        body=text(rng, 25),
                        created_at=now - timedelta(days=10, minutes=n * 10 + c),
                        resolved_at=now - timedelta(days=2) if c == 0 else None,
                        resolved_by=proposal.created_by if c == 0 else None,
                    )
                )
        Comment.objects.bulk_create(comments, batch_size=BATCH)
        done("proposals, sections, revisions and comments")

        step("set meetings and actions")
        meetings_and_actions(sets, members, sizes, now=now, rng=rng)
        done("set meetings and actions")
        step("search vectors")  # bulk_create passes by the services that set them
        search.proposals_reindex(proposals=Proposal.objects.all())
        done("search vectors")

        step("outbox")
        kinds = [kind for kind, _ in email_kinds.choices()]
        workshop_type = ContentType.objects.get_for_model(Workshop)
        rows = []
        for n in range(sizes.emails):
            sent = n % 50 != 0
            rows.append(
                Email(
                    kind=kinds[n % len(kinds)],
                    to=f"recipient{n:06d}@bench.example",
                    language="en-gb",
                    subject=f"Bench e-mail {n:06d}",
                    body_text=text(rng, 40),
                    dedupe_key=f"scale:{n:06d}",
                    about_type=workshop_type if workshops else None,
                    about_id=workshops[n % len(workshops)].pk if workshops else None,
                    status=Email.Status.SENT if sent else Email.Status.QUEUED,
                    attempts=1 if sent else 0,
                    created_at=now - timedelta(minutes=n),
                    sent_at=now - timedelta(minutes=n) if sent else None,
                    next_attempt_at=now + timedelta(days=365),
                )
            )
            if len(rows) >= 10_000:
                Email.objects.bulk_create(rows, batch_size=BATCH)
                rows = []
        Email.objects.bulk_create(rows, batch_size=BATCH)
        done("outbox")
    return timings


def meetings_and_actions(sets, members, sizes: Sizes, *, now, rng: random.Random) -> None:
    """Each set's meetings, a month apart from last week back, each with a problem its first
    member brought and actions open (some overdue), done and dropped: the team's overview."""
    first_member = {}
    for member in members:
        first_member.setdefault(member.learning_set_id, member)
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                learning_set=learning_set,
                starts_at=now - timedelta(days=7 + 30 * m),
                ends_at=now - timedelta(days=7 + 30 * m) + timedelta(hours=2),
                place=f"Town hall of {learning_set.partner.name}",
            )
            for learning_set in sets
            if learning_set.pk in first_member
            for m in range(sizes.meetings_per_set)
        ],
        batch_size=BATCH,
    )
    problems = Problem.objects.bulk_create(
        [
            Problem(
                meeting=meeting,
                brought_by=first_member[meeting.learning_set_id],
                description=text(rng, 20),
                questions=text(rng, 15),
            )
            for meeting in meetings
        ],
        batch_size=BATCH,
    )
    states = [Action.State.OPEN, Action.State.OPEN, Action.State.DONE, Action.State.DROPPED]
    Action.objects.bulk_create(
        [
            Action(
                problem=problem,
                owner=problem.brought_by,
                description=text(rng, 10),
                due_on=now.date() + timedelta(days=rng.randrange(-30, 60)),
                state=states[(n + a) % len(states)],
            )
            for n, problem in enumerate(problems)
            for a in range(sizes.actions_per_meeting)
        ],
        batch_size=BATCH,
    )


def counts() -> dict[str, int]:
    models = [Partner, LearningSet, Member, Workshop, Session, Registration, Meeting, Action]
    models += [Proposal, Section, Revision, Comment, Email, User]
    return {model._meta.verbose_name_plural: model.objects.count() for model in models}
