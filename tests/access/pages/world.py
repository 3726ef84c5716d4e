"""The world the pages are checked against: the objects their URL arguments come from, and the
user of each role.

The roles (keys of `World.users`, and of `Page.expect`):

- anonymous: nobody logged in;
- contact: a contact of `world.partner` (alice, Amadora);
- other_contact: a contact of `world.other_partner` (charlie, Komotini);
- member: a member with an account of `world.learning_set` (bob), an author of its proposals;
- other_member: a member with an account of another learning set of the same partner (erin):
  the learning set is the boundary of a proposal, not the partner;
- team: the MILE management team (dora: staff, in the team group);
- staff: a staff account in no group and with no permission (ivan): on the site like any
  other account, in the admin allowed in but to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import admin
from django.contrib.auth import get_user_model

from learningsets.models import (
    AccountInvitation,
    Action,
    LearningLogEntry,
    LearningSet,
    Meeting,
    Member,
    Problem,
    SubTheme,
)
from partners.models import Partner
from portal.models import CalendarFeed
from proposals.budget import LineInput, budget_lines_save
from proposals.models import Comment, Document, Proposal, Revision
from tests.access.pages.found import admin_label, admin_pks, partners_with_every_kind
from workshops.models import Registration, Session, TakeHome, Workshop

ROLES = ("anonymous", "contact", "other_contact", "member", "other_member", "team", "staff")

# A token of the right shape that no link was ever issued with.
BOGUS_TOKEN = "A" * 43


@dataclass
class World:
    """The objects the URL arguments come from, seen from `partner` (Amadora in the tests).

    partner, other_partner: two partners, both invited to `workshop`.
    sub_theme: the sub-theme of `learning_set` and of `workshop`.
    learning_set, other_learning_set: their learning sets on `sub_theme`.
    member, other_member: a member without an account of each of those sets (not a delegate).
    workshop: registration open, quota of 3, one delegate per partner; session: one of its.
    registration, other_registration: each partner's current delegate for `workshop`.
    proposal, other_proposal: a draft of each learning set; section_key names a section of
      `proposal` whose current version is `section_version` and whose first saved text is
      `revision` (the section has been saved again since); other_revision: one of
      `other_proposal`'s revisions.
    comment, other_comment: an open top-level comment on each proposal.
    public_proposal: an approved proposal of `other_learning_set` in the public library
      (optional: without one its pages are left out).
    document, other_document: a current document of `proposal` and of `other_proposal`;
      public_document: a public one of `public_proposal` (optional, all three: without them
      the documents' pages are left out).
    draft_workshop: a workshop not published yet, both partners invited (optional too).
    invitation_token: the raw token of `registration`'s current invitation (unanswered).
    account_token: the raw token of an unused account invitation of `member`.
    meeting: a past meeting of `learning_set` with `problem`, whose `action` (open) is owned
      by a member without an account, and a learning log entry; other_meeting: a meeting of
      `other_learning_set` (optional, all four: without them their pages are left out).
    feed_token: the raw token of the calendar feed of the role `member` ("" for none).
    users: the user of each role (None for anonymous).
    admin_pks: "app_label.model_name" -> the pk of one row, for every model in the admin.
    """

    partner: Partner
    other_partner: Partner
    sub_theme: SubTheme
    learning_set: LearningSet
    other_learning_set: LearningSet
    member: Member
    other_member: Member
    workshop: Workshop
    session: Session
    registration: Registration
    other_registration: Registration
    proposal: Proposal
    other_proposal: Proposal
    section_key: str
    section_version: int
    revision: Revision
    other_revision: Revision
    comment: Comment
    other_comment: Comment
    invitation_token: str
    account_token: str
    users: dict = field(default_factory=dict)
    admin_pks: dict = field(default_factory=dict)
    public_proposal: Proposal | None = None
    draft_workshop: Workshop | None = None
    meeting: Meeting | None = None
    other_meeting: Meeting | None = None
    problem: Problem | None = None
    action: Action | None = None
    feed_token: str = ""
    document: Document | None = None
    other_document: Document | None = None
    public_document: Document | None = None
    is_placeholder: bool = False  # made-up objects, not rows: see placeholder()

    @classmethod
    def placeholder(cls) -> World:
        """A world of unsaved objects with made-up ids: enough to list the pages (and their
        keys) before a database exists, e.g. when pytest collects the tests."""
        sub_theme = SubTheme(pk=1, number=1, slug="enterprise")
        ours, theirs = Partner(pk=1, slug="amadora"), Partner(pk=2, slug="komotini")
        workshop = Workshop(pk=1, slug="amadora-2008")
        proposal, other_proposal = Proposal(pk=1), Proposal(pk=2)
        return cls(
            partner=ours,
            other_partner=theirs,
            sub_theme=sub_theme,
            learning_set=LearningSet(pk=1, partner=ours, sub_theme=sub_theme),
            other_learning_set=LearningSet(pk=2, partner=theirs, sub_theme=sub_theme),
            member=Member(pk=1),
            other_member=Member(pk=2),
            workshop=workshop,
            session=Session(pk=1, workshop=workshop),
            registration=Registration(pk=1),
            other_registration=Registration(pk=2),
            proposal=proposal,
            other_proposal=other_proposal,
            section_key="summary",
            section_version=2,
            revision=Revision(pk=1),
            other_revision=Revision(pk=2),
            comment=Comment(pk=1),
            other_comment=Comment(pk=2),
            public_proposal=Proposal(pk=3),
            draft_workshop=Workshop(pk=2, slug="draft"),
            document=Document(pk=1),
            other_document=Document(pk=2),
            public_document=Document(pk=3),
            invitation_token="B" * 43,
            account_token="C" * 43,
            meeting=Meeting(pk=1),
            other_meeting=Meeting(pk=2),
            problem=Problem(pk=1),
            action=Action(pk=1),
            feed_token="D" * 43,
            users={role: get_user_model()(pk=n) if n else None for n, role in enumerate(ROLES)},
            admin_pks={admin_label(model): 1 for model in admin.site._registry},
            is_placeholder=True,
        )

    @classmethod
    def build(cls, tag: str = "") -> World:
        """A small world made with the test factories and the services, as users make it.

        Amadora (alice its contact) and Komotini (charlie); bob a member of Amadora's
        enterprise set, erin of its inclusion set; dora on the team. The factories come from
        tests/, so this needs the test dependencies (factory_boy). `tag` is appended to every
        slug and e-mail address, to build the world in a database that has rows already
        (e.g. the demo's Amadora): World.build(tag="-bench")."""
        from django.contrib.auth.models import Group, Permission
        from django.utils import timezone

        from accounts.models import ErasureLog
        from demo.data import TEAM_APPS, TEAM_GROUP, TEAM_WITHHELD
        from learningsets.invitations import RESEND_AFTER, account_invitation_send
        from outbox.models import EmailTemplate
        from portal.services import calendar_feed_get_or_create
        from proposals import comments, services
        from tests.factories import (
            ActionFactory,
            LearningSetFactory,
            MeetingFactory,
            MemberFactory,
            PartnerFactory,
            UserFactory,
            sub_theme,
        )
        from tests.proposals.factories import make_call, make_document, make_proposal
        from tests.workshops.factories import SessionFactory, WorkshopFactory
        from workshops.services import delegates_register

        amadora = PartnerFactory(name=f"Amadora{tag}", slug=f"amadora{tag}")
        komotini = PartnerFactory(name=f"Komotini{tag}", slug=f"komotini{tag}", country="GR")
        als = LearningSetFactory(partner=amadora, sub_theme=sub_theme(1))
        sibling = LearningSetFactory(partner=amadora, sub_theme=sub_theme(2))
        other_als = LearningSetFactory(partner=komotini, sub_theme=sub_theme(1))

        def user(email, learning_set=None, contact_of=None):
            person = UserFactory(email=email)
            if learning_set is not None:
                name = email.split("@")[0].removesuffix(tag).capitalize()
                MemberFactory(learning_set=learning_set, name=name, email=email, user=person)
            if contact_of is not None:
                contact_of.contacts.add(person)
            return person

        group, _ = Group.objects.get_or_create(name=TEAM_GROUP)
        permissions = Permission.objects.filter(content_type__app_label__in=TEAM_APPS)
        group.permissions.set(permissions.exclude(codename__in=TEAM_WITHHELD))
        dora = UserFactory(email=f"dora{tag}@mile.example", is_staff=True)
        dora.groups.add(group)
        ivan = UserFactory(email=f"ivan{tag}@mile.example", is_staff=True)
        users = {
            "anonymous": None,
            "contact": user(f"alice{tag}@amadora.example", contact_of=amadora),
            "other_contact": user(f"charlie{tag}@komotini.example", contact_of=komotini),
            "member": user(f"bob{tag}@amadora.example", als),
            "other_member": user(f"erin{tag}@amadora.example", sibling),
            "team": dora,
            "staff": ivan,
        }
        member = MemberFactory(learning_set=als, name="Maria", email=f"maria{tag}@amadora.example")
        other_member = MemberFactory(
            learning_set=other_als, name="Nikos", email=f"nikos{tag}@k.example"
        )
        workshop = WorkshopFactory(
            host=amadora,
            sub_theme=als.sub_theme,
            invited=[amadora, komotini],
            slug=f"amadora-2008{tag}",
        )
        session = SessionFactory(workshop=workshop)
        # The set's meeting, with a problem, an action and a learning log entry of Rui's.
        rui = MemberFactory(learning_set=als, name="Rui")
        action = ActionFactory(problem__meeting__learning_set=als, problem__brought_by=rui)
        LearningLogEntry.objects.create(
            meeting=action.problem.meeting, author=rui, text="Ask before advising."
        )
        other_meeting = MeetingFactory(learning_set=other_als)
        [registration] = delegates_register(
            workshop=workshop,
            partner=amadora,
            members=[MemberFactory(learning_set=als, name="Delfina")],
            by=users["contact"],
        )
        [other_registration] = delegates_register(
            workshop=workshop,
            partner=komotini,
            members=[MemberFactory(learning_set=other_als, name="Eleni")],
            by=users["other_contact"],
        )
        # Sent a while ago, so that inviting Maria again is not refused as too soon.
        account = account_invitation_send(
            member=member, by=users["contact"], at=timezone.now() - RESEND_AFTER
        )
        call = make_call(als.sub_theme, name=f"Lisbon ROP: social inclusion{tag}")
        proposal = make_proposal(als, by=users["member"], funding_call=call)
        other_proposal = make_proposal(other_als, by=users["other_contact"])
        public_proposal = make_proposal(other_als, title="In the library", by=dora)
        document = make_document(proposal, by=users["member"])
        other_document = make_document(other_proposal, by=users["other_contact"])
        public_document = make_document(
            public_proposal, by=users["other_contact"], title="Map", is_public=True
        )
        # Arranged directly: the workflow's own tests take a proposal through its steps.
        Proposal.objects.filter(pk=public_proposal.pk).update(
            status=Proposal.Status.APPROVED, is_public=True
        )
        # Arranged directly: the workshop has not started, and its own tests write take-homes.
        TakeHome.objects.create(
            workshop=workshop, learning_set=other_als, learning_points="Ask the banks early."
        )
        draft_workshop = WorkshopFactory(
            host=komotini,
            sub_theme=als.sub_theme,
            invited=[amadora, komotini],
            slug=f"draft{tag}",
            status=Workshop.Status.DRAFT,
        )

        def saved_twice(proposal, by):
            section = proposal.sections.order_by("position").first()
            first = services.section_save(section=section, text="First text.", version=0, by=by)
            services.section_save(
                section=first.section, text="Second text.", version=first.section.version, by=by
            )
            return section.revisions.order_by("version").first(), section

        revision, section = saved_twice(proposal, users["member"])
        other_revision, _ = saved_twice(other_proposal, users["other_contact"])
        section.refresh_from_db()
        comment = comments.comment_add(
            proposal=proposal, section=section, body="Which figures?", by=dora
        )
        other_comment = comments.comment_add(
            proposal=other_proposal, section=None, body="And the budget?", by=dora
        )
        budget_lines_save(
            proposal=proposal,
            lines=[LineInput("staff", "Business advisers", Decimal("12000.00"))],
        )
        EmailTemplate.objects.get_or_create(
            kind="invitation", defaults={"subject": "You are invited", "body": "{{ link }}"}
        )
        ErasureLog.objects.create(rows={"learningsets.member": [0]})
        world = cls(
            partner=amadora,
            other_partner=komotini,
            sub_theme=als.sub_theme,
            learning_set=als,
            other_learning_set=other_als,
            member=member,
            other_member=other_member,
            workshop=workshop,
            session=session,
            registration=registration,
            other_registration=other_registration,
            proposal=proposal,
            other_proposal=other_proposal,
            section_key=section.key,
            section_version=section.version,
            revision=revision,
            other_revision=other_revision,
            comment=comment,
            other_comment=other_comment,
            public_proposal=public_proposal,
            draft_workshop=draft_workshop,
            document=document,
            other_document=other_document,
            public_document=public_document,
            invitation_token=registration.invitations.get().token(),
            account_token=account.token(),
            meeting=action.problem.meeting,
            other_meeting=other_meeting,
            problem=action.problem,
            action=action,
            feed_token=calendar_feed_get_or_create(user=users["member"]).token(),
            users=users,
        )
        world.admin_pks = admin_pks(world)
        return world

    @classmethod
    def from_database(cls, *, partner: Partner | None = None) -> World:
        """A world from existing rows (e.g. the demo data or a benchmark's data set).

        It takes a partner (the first one that fits, unless given) with a draft proposal
        that has a comment and a saved section, a delegate with an unanswered invitation for a
        workshop open for registration, and a member who is not a delegate (preferably one
        without an account); and another partner invited to that workshop with the same.
        The roles' users are that partner's first contact, a member of the proposal's
        learning set, another partner's contact, a member of another learning set of the
        partner, a staff user and a staff user without groups and permissions (None when
        there is none). It raises LookupError when the database has no such rows. It writes
        nothing: the account invitation's token is taken from an unused invitation of the
        member, else left empty ("": `pages()` then leaves out the pages of a valid account
        invitation); the calendar feed's is that of the member's feed, else empty too."""
        User = get_user_model()
        candidate, ours, other, theirs = partners_with_every_kind(partner)
        (invitation, proposal, revision, member) = ours
        (other_invitation, other_proposal, other_revision, other_member) = theirs
        workshop = invitation.registration.workshop
        learning_set = proposal.learning_set
        account = AccountInvitation.objects.filter(
            member=member, used_at__isnull=True, revoked_at__isnull=True
        ).first()
        sibling_member = (
            Member.objects.filter(learning_set__partner=candidate, user__isnull=False)
            .exclude(learning_set=learning_set)
            .exclude(user__in=learning_set.members.filter(user__isnull=False).values("user"))
            .select_related("user")
            .first()
        )
        author = learning_set.members.filter(user__isnull=False).select_related("user").first()
        action = (
            Action.objects.filter(
                problem__meeting__learning_set=learning_set,
                state=Action.State.OPEN,
                owner__user__isnull=True,
            )
            .select_related("problem__meeting")
            .order_by("pk")
            .first()
        )
        other_meeting = (
            Meeting.objects.filter(learning_set=other_proposal.learning_set).order_by("pk").first()
        )
        feed = CalendarFeed.objects.filter(user=author.user).first() if author else None
        public_proposal = (
            Proposal.objects.filter(
                status=Proposal.Status.APPROVED, is_public=True, learning_set__partner=other
            )
            .order_by("pk")
            .first()
        )
        current = Document.objects.filter(removed_at__isnull=True).order_by("pk")
        world = cls(
            partner=candidate,
            other_partner=other,
            sub_theme=learning_set.sub_theme,
            learning_set=learning_set,
            other_learning_set=other_proposal.learning_set,
            member=member,
            other_member=other_member,
            workshop=workshop,
            session=workshop.sessions.order_by("pk").first(),
            registration=invitation.registration,
            other_registration=other_invitation.registration,
            proposal=proposal,
            other_proposal=other_proposal,
            section_key=revision.section.key,
            section_version=revision.section.version,
            revision=revision,
            other_revision=other_revision,
            comment=proposal.comments.filter(parent__isnull=True).first(),
            other_comment=other_proposal.comments.filter(parent__isnull=True).first(),
            public_proposal=public_proposal,
            document=current.filter(proposal=proposal).first(),
            other_document=current.filter(proposal=other_proposal).first(),
            public_document=current.filter(proposal=public_proposal, is_public=True).first(),
            draft_workshop=Workshop.objects.filter(
                status=Workshop.Status.DRAFT, invited_partners=candidate
            )
            .filter(invited_partners=other)
            .order_by("pk")
            .first(),
            invitation_token=invitation.token(),
            account_token=account.token() if account else "",
            meeting=action.problem.meeting if action else None,
            other_meeting=other_meeting,
            problem=action.problem if action else None,
            action=action,
            feed_token=feed.token() if feed else "",
            users={
                "anonymous": None,
                "contact": candidate.contacts.order_by("pk").first(),
                "other_contact": other.contacts.order_by("pk").first(),
                "member": author.user if author else None,
                "other_member": sibling_member.user if sibling_member else None,
                "team": User.objects.filter(is_staff=True, is_active=True).order_by("pk").first(),
                "staff": User.objects.filter(
                    is_staff=True,
                    is_superuser=False,
                    is_active=True,
                    groups__isnull=True,
                    user_permissions__isnull=True,
                )
                .order_by("pk")
                .first(),
            },
        )
        world.admin_pks = admin_pks(world)
        return world
