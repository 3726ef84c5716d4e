"""More of every kind of row the pages of a `World` could iterate over, attached to the world's
own objects: for the query-count test (tests/access/test_query_counts.py) and the benchmark
(bench/queries.py). A page whose number of SQL queries changes after `grow(world)` runs a
query per row somewhere.

Bulk inserts where the rows need no service; the factories where they do (a proposal's
sections). Nothing is sent: the outbox rows are written directly.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from learningsets.models import (
    AccountInvitation,
    Action,
    LearningSet,
    Meeting,
    Member,
    Problem,
    SubTheme,
)
from partners.models import Partner
from proposals.models import (
    BudgetLine,
    Call,
    Comment,
    Document,
    Proposal,
    ReviewRound,
    Revision,
    Score,
    ScoreSheet,
    Section,
    Transition,
)
from proposals.scoring import rubric_current
from tests.access.growth_cycle import grow_actions_and_take_homes, grow_meetings
from workshops.models import Invitation, Registration, Session, StatusChange, Workshop

_runs = itertools.count(1)


def grow(world, times: int = 6) -> dict[str, int]:
    """Add about `times` rows of every kind next to each of the world's objects; returns how
    many rows of each model were added."""
    from allauth.account.models import EmailAddress

    from outbox.models import Email
    from tests.proposals.factories import make_proposal

    run = f"g{next(_runs)}{world.partner.slug}"
    User = get_user_model()
    now = timezone.now()
    added: dict[str, int] = {}

    def bulk(model, rows):
        rows = list(rows)
        made = model.objects.bulk_create(rows)
        added[model._meta.label] = added.get(model._meta.label, 0) + len(made)
        return made

    # People with accounts, contacts of the world's partners and members of its sets.
    users = bulk(
        User,
        (User(email=f"{run}-{n}@grow.example", password="!") for n in range(times * 4)),
    )
    bulk(
        EmailAddress,
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
    )
    contacts, members_users = users[: times * 2], users[times * 2 :]
    world.partner.contacts.add(*contacts[:times])
    world.other_partner.contacts.add(*contacts[times:])

    # Partners (cities with their sister regions), each with a learning set per sub-theme,
    # all invited to the world's workshops.
    regions = bulk(
        Partner,
        (
            Partner(name=f"Region {run}-{n}", slug=f"region-{run}-{n}", kind="region", country="PT")
            for n in range(times)
        ),
    )
    cities = bulk(
        Partner,
        (
            Partner(
                name=f"City {run}-{n}",
                slug=f"city-{run}-{n}",
                kind="city",
                country="IT",
                sister_region=region,
            )
            for n, region in enumerate(regions)
        ),
    )
    sub_themes = list(SubTheme.objects.order_by("number"))
    sets = bulk(
        LearningSet,
        (
            LearningSet(partner=city, sub_theme=theme, description="Grown.")
            for city in cities
            for theme in sub_themes
        ),
    )
    for city, contact in zip(cities, contacts, strict=False):
        city.contacts.add(contact)
    workshops = [w for w in (world.workshop, world.draft_workshop) if w is not None]
    for workshop in workshops:
        workshop.invited_partners.add(*cities)

    # Members: many in each of the world's learning sets (some with accounts), and in the
    # partner's other sets.
    own_sets = (
        list(LearningSet.objects.filter(partner__in=[world.partner, world.other_partner])) + sets
    )
    accounts = iter(members_users)
    members = bulk(
        Member,
        (
            Member(
                learning_set=learning_set,
                name=f"Grown {run} {n}",
                email=f"m{n}-{learning_set.pk}-{run}@grow.example",
                organisation="Grown organisation",
                actor_type=Member.ActorType.PRACTITIONER,
                user=next(accounts, None) if learning_set in (world.learning_set,) else None,
            )
            for learning_set in own_sets
            for n in range(times * 2)
        ),
    )
    bulk(
        AccountInvitation,
        (
            AccountInvitation(
                member=member,
                nonce=f"{run}-a{member.pk}",
                token_hash=f"{run}-a{member.pk}",
                expires_at=now + dt.timedelta(days=14),
                sent_by=world.users.get("contact"),
            )
            for member in members[: times * 2]
        ),
    )

    # Workshops: more published ones, invited partners the world's, with agendas.
    more_workshops = bulk(
        Workshop,
        (
            Workshop(
                title=f"Workshop {run} {n}",
                slug=f"ws-{run}-{n}",
                theme="Grown",
                sub_theme=sub_themes[n % len(sub_themes)],
                host=cities[n % len(cities)],
                city="Bologna",
                start_date=timezone.localdate() + dt.timedelta(days=30 + n),
                end_date=timezone.localdate() + dt.timedelta(days=31 + n),
                registration_opens_at=now - dt.timedelta(days=3),
                registration_closes_at=now + dt.timedelta(days=20),
                status=Workshop.Status.REGISTRATION_OPEN,
            )
            for n in range(times)
        ),
    )
    # And workshops held already (the list's past ones, page by page).
    more_workshops += bulk(
        Workshop,
        (
            Workshop(
                title=f"Held {run} {n}",
                slug=f"held-{run}-{n}",
                theme="Grown",
                sub_theme=sub_themes[n % len(sub_themes)],
                host=cities[n % len(cities)],
                city="Bologna",
                start_date=timezone.localdate() - dt.timedelta(days=60 + n),
                end_date=timezone.localdate() - dt.timedelta(days=59 + n),
                registration_opens_at=now - dt.timedelta(days=120 + n),
                registration_closes_at=now - dt.timedelta(days=90 + n),
                status=Workshop.Status.HELD,
            )
            for n in range(times)
        ),
    )
    for workshop in more_workshops:
        workshop.invited_partners.add(world.partner, world.other_partner, *cities)
    bulk(
        Session,
        (
            Session(
                workshop=workshop,
                day=workshop.start_date,
                start_time=dt.time(6 + n % 16, n // 16 % 4 * 10),
                end_time=dt.time(6 + n % 16, 45),
                title=f"Session {run} {n}",
                kind=Session.Kind.ALS_MEETING,
            )
            for workshop in [*workshops, *more_workshops]
            for n in range(times)
        ),
    )

    # Registrations: the grown cities' delegates on the world's workshop (within the quota),
    # withdrawn ones of the world's partners (their history), and delegates elsewhere.
    city_members = {}
    for member in members:
        city_members.setdefault(member.learning_set.partner_id, []).append(member)
    quota = world.workshop.delegates_per_partner
    registrations = bulk(
        Registration,
        [
            *(
                Registration(
                    workshop=workshop,
                    partner=city,
                    member=member,
                    registered_by=contacts[0],
                    status=Registration.Status.CONFIRMED,
                )
                for workshop in [world.workshop, *more_workshops]
                for city in cities
                for member in city_members[city.pk][:quota]
            ),
            *(
                Registration(
                    workshop=world.workshop,
                    partner=partner,
                    member=member,
                    registered_by=world.users.get("contact"),
                    status=Registration.Status.WITHDRAWN,
                    status_changed_by=world.users.get("team"),
                )
                for partner in (world.partner, world.other_partner)
                for member in city_members[partner.pk][:times]
            ),
        ],
    )
    bulk(
        StatusChange,
        (
            StatusChange(registration=registration, status=status, changed_by=contacts[0])
            for registration in registrations
            for status in (Registration.Status.REGISTERED, registration.status)
        ),
    )
    bulk(
        Invitation,
        (
            Invitation(
                registration=registration,
                nonce=f"{run}-i{registration.pk}",
                token_hash=f"{run}-i{registration.pk}",
                expires_at=now + dt.timedelta(days=14),
            )
            for registration in registrations
        ),
    )
    # The world's own delegate and member: earlier steps and links, which their delete pages
    # list (older and withdrawn, so that what the pages show now stays as it was).
    delegate = world.registration
    bulk(
        StatusChange,
        (
            StatusChange(
                registration=delegate,
                status=Registration.Status.REGISTERED,
                changed_at=now - dt.timedelta(days=60 + n),
                changed_by=contacts[0],
            )
            for n in range(times)
        ),
    )
    bulk(
        Invitation,
        (
            Invitation(
                registration=delegate,
                email=delegate.member.email,
                nonce=f"{run}-w{n}",
                token_hash=f"{run}-w{n}",
                created_at=now - dt.timedelta(days=60 + n),
                expires_at=now - dt.timedelta(days=46 + n),
                revoked_at=now - dt.timedelta(days=50 + n),
            )
            for n in range(times)
        ),
    )
    bulk(
        AccountInvitation,
        (
            AccountInvitation(
                member=world.member,
                email=world.member.email,
                nonce=f"{run}-m{n}",
                token_hash=f"{run}-m{n}",
                created_at=now - dt.timedelta(days=60 + n),
                expires_at=now - dt.timedelta(days=46 + n),
                revoked_at=now - dt.timedelta(days=50 + n),
                sent_by=world.users.get("contact"),
            )
            for n in range(times)
        ),
    )

    grow_actions_and_take_homes(world, sets, times, bulk)
    if world.meeting is not None:
        grow_meetings(world, [m for m in members if m.learning_set == world.learning_set], bulk)

    # Proposals: more drafts of the world's learning sets and public ones in the library,
    # and on the world's own proposals many revisions, comments, budget lines, transitions.
    author = world.users.get("member")
    new_proposals = [
        make_proposal(learning_set, title=f"Grown {run} {n}", by=author)
        for learning_set in (world.learning_set, world.other_learning_set, *sets[:times])
        for n in range(2)
    ]
    added["proposals.Proposal"] = len(new_proposals)
    # Calls open to every sub-theme (the start form offers them), the world's drafts for them
    # (My MILE lists their deadlines).
    calls = bulk(
        Call,
        (
            Call(
                name=f"Call {run} {n}",
                funding_source="erdf",
                opens_at=now - dt.timedelta(days=10),
                deadline=now + dt.timedelta(days=20 + n),
            )
            for n in range(times)
        ),
    )
    bulk(
        Call.sub_themes.through,
        (
            Call.sub_themes.through(call=call, subtheme=theme)
            for call in calls
            for theme in sub_themes
        ),
    )
    for n, proposal in enumerate(new_proposals[:4]):
        Proposal.objects.filter(pk=proposal.pk).update(funding_call=calls[n % len(calls)])
    library = new_proposals[4:]
    Proposal.objects.filter(pk__in=[p.pk for p in library[::2]]).update(
        status=Proposal.Status.APPROVED, is_public=True
    )
    Proposal.objects.filter(pk__in=[p.pk for p in library[1::2]]).update(
        status=Proposal.Status.SUBMITTED
    )
    grown = [p for p in (world.proposal, world.other_proposal, world.public_proposal) if p]
    sections = list(Section.objects.filter(proposal__in=grown + new_proposals))
    editors = [world.users.get("member"), world.users.get("other_contact"), *members_users]
    revisions = bulk(
        Revision,
        (
            Revision(
                section=section,
                version=None,
                text=f"Text {n} of {section.key}.",
                author=editors[n % len(editors)],
                created_at=now - dt.timedelta(minutes=n + 1),
                is_conflict=n % 5 == 0,
            )
            for section in sections
            for n in range(times)
        ),
    )
    # Live bursts: each revision written with two more editors.
    writers = list(dict.fromkeys(person for person in editors if person is not None))
    bulk(
        Revision.coauthors.through,
        (
            Revision.coauthors.through(revision=revision, user=person)
            for n, revision in enumerate(revisions)
            for person in (writers * 2)[n % len(writers) + 1 : n % len(writers) + 3]
            if person != revision.author
        ),
    )
    tops = bulk(
        Comment,
        (
            Comment(
                proposal=section.proposal,
                section=section if n % 2 else None,
                author=editors[n % len(editors)],
                body=f"Grown comment {n}.",
                resolved_at=now if n % 3 == 0 else None,
                resolved_by=world.users.get("team") if n % 3 == 0 else None,
            )
            for section in sections
            if section.position == 1
            for n in range(times + 1)  # on the section and on the whole, even once
        ),
    )
    bulk(
        Comment,
        (
            Comment(
                proposal=top.proposal,
                section=top.section,
                parent=top,
                author=editors[(n + 1) % len(editors)],
                body=f"A reply {n}.",
            )
            for top in tops
            for n in range(2)
        ),
    )
    bulk(
        BudgetLine,
        (
            BudgetLine(
                proposal=proposal,
                category=category,
                description=f"Line {n}",
                amount=Decimal(1000 + n),
                position=n,
            )
            for proposal in grown + new_proposals
            for n, category in enumerate(
                itertools.islice(itertools.cycle(BudgetLine.Category.values), times * 2)
            )
        ),
    )
    bulk(
        Transition,
        (
            Transition(
                proposal=proposal,
                from_status=Proposal.Status.DRAFT,
                to_status=Proposal.Status.SUBMITTED,
                by=editors[n % len(editors)],
                note=f"Step {n}.",
            )
            for proposal in grown + new_proposals
            for n in range(times)
        ),
    )
    # Documents: listed only (rows without files), current and replaced, public or not.
    bulk(
        Document,
        (
            Document(
                proposal=proposal,
                title=f"Grown document {n}",
                kind=Document.Kind.values[n % len(Document.Kind.values)],
                name=f"grown-{n}.pdf",
                stored_as=f"{proposal.pk}/{run}-{n}.pdf",
                content_type="application/pdf",
                size=1000 + n,
                sha256="0" * 64,
                is_public=n % 2 == 0,
                uploaded_by=editors[n % len(editors)],
                removed_at=now if n % 3 == 0 else None,
                removed_by=editors[n % len(editors)] if n % 3 == 0 else None,
            )
            for proposal in grown + new_proposals
            for n in range(times)
        ),
    )

    # Review rounds on the world's proposals, ended ones and an open one, each scored by many
    # reviewers (the team's own sheet in the open round: its form is filled in).
    _grow_scores(world, grown, [world.users.get("team"), *members_users], times, bulk)

    # The outbox: messages about the world's registrations and workshop.
    registration_type = ContentType.objects.get_for_model(Registration)
    workshop_type = ContentType.objects.get_for_model(Workshop)
    bulk(
        Email,
        (
            Email(
                kind="invitation",
                to=f"o{n}-{run}@grow.example",
                subject=f"Grown {n}",
                body_text="Grown.",
                dedupe_key=f"{run}-{n}",
                content_type=registration_type,
                object_id=registration.pk,
                about_type=workshop_type,
                about_id=registration.workshop_id,
                status=Email.Status.SENT if n % 2 else Email.Status.FAILED,
            )
            for n, registration in enumerate(registrations * 2)
        ),
    )
    _grow_meetings(world, times, bulk)
    return added


def _grow_meetings(world, times: int, bulk) -> None:
    """Meetings of the world's set and of its partner's Local Support Group, each with a
    problem and an open action of the role `member` (what their calendar feed lists)."""
    owner = Member.objects.filter(
        learning_set=world.learning_set, user=world.users.get("member")
    ).first()
    if owner is None:
        return
    start = timezone.now() - dt.timedelta(days=30)
    meetings = bulk(
        Meeting,
        (
            Meeting(
                learning_set=world.learning_set if n % 2 else None,
                partner=None if n % 2 else world.partner,
                starts_at=start + dt.timedelta(days=n),
                ends_at=start + dt.timedelta(days=n, hours=2),
                place="Grown room",
            )
            for n in range(times * 2)
        ),
    )
    problems = bulk(
        Problem,
        (Problem(meeting=meeting, brought_by=owner, description="Grown.") for meeting in meetings),
    )
    bulk(
        Action,
        (
            Action(
                problem=problem,
                owner=owner,
                description="Grown.",
                due_on=timezone.localdate() + dt.timedelta(days=n),
            )
            for n, problem in enumerate(problems)
        ),
    )


def _grow_scores(world, proposals, reviewers, times, bulk) -> None:
    now = timezone.now()
    rounds = []
    for proposal in proposals:
        rubric = rubric_current(proposal.funding_source)
        latest = max(proposal.review_rounds.values_list("number", flat=True), default=0)
        ended = [
            ReviewRound(proposal=proposal, number=latest + n, rubric_version=rubric, ended_at=now,
                        outcome=Proposal.Status.CHANGES_REQUESTED)
            for n in range(1, times + 1)
        ]  # fmt: skip
        open_round = proposal.review_rounds.filter(ended_at__isnull=True).first()
        if open_round is None:
            open_round = ReviewRound(proposal=proposal, number=latest + times + 1,
                                     rubric_version=rubric)  # fmt: skip
            ended.append(open_round)
        rounds += [*bulk(ReviewRound, ended), open_round]
    taken = set(ScoreSheet.objects.filter(round__in=rounds).values_list("round", "reviewer"))
    sheets = bulk(
        ScoreSheet,
        (
            ScoreSheet(round=review_round, reviewer=reviewer)
            for review_round in set(rounds)
            for reviewer in reviewers[: times + 1]
            if (review_round.pk, reviewer.pk) not in taken
        ),
    )
    criteria = {r.pk: list(r.rubric_version.criteria.all()) for r in rounds}
    bulk(
        Score,
        (
            Score(sheet=sheet, criterion=criterion, value=(sheet.pk + n) % 6, note=f"Note {n}.")
            for sheet in sheets
            for n, criterion in enumerate(criteria[sheet.round_id])
        ),
    )
