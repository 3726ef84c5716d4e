"""Every page of the site, with who may open it: the access-control matrix as data.

`pages(world)` lists every URL of the URL conf — the site's views, allauth's and the admin's —
as `Page`s: the URL name, the path (its arguments taken from a `World`), the method, the data
posted and, for each role, the outcome expected. tests/access/test_matrix.py asserts the
outcomes and that no URL pattern is missing from the list; a benchmark may import this module
to request every page (it needs no pytest fixture: build a world with `World.from_database()`).

The roles (keys of `Page.expect`, and of `World.users`):

- anonymous: nobody logged in;
- contact: a contact of `world.partner` (alice, Amadora);
- other_contact: a contact of `world.other_partner` (charlie, Komotini);
- member: a member with an account of `world.learning_set` (bob), an author of its proposals;
- other_member: a member with an account of another learning set of the same partner (erin):
  the learning set is the boundary of a proposal, not the partner;
- team: the MILE management team (dora: staff, in the team group);
- staff: a staff account in no group and with no permission (ivan): on the site like any
  other account, in the admin allowed in but to nothing.

Outcomes (`Expect`): a status code, or a redirect whose Location starts with a path: `login()`
is the site's login page with `next=`, `admin_login()` the admin's. `Page.writes` names the
roles whose request must change the database; everybody else's must change nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learningsets.models import LearningSet, Member, SubTheme
from partners.models import Partner
from proposals import workflow
from proposals.budget import LineInput, budget_lines_save
from proposals.models import Comment, Proposal, Revision, Section
from workshops.models import Registration, Session, Workshop

ROLES = ("anonymous", "contact", "other_contact", "member", "other_member", "team", "staff")

# A token of the right shape that no link was ever issued with.
BOGUS_TOKEN = "A" * 43

BUDGET_ROW = ("line", "category", "description", "amount")


@dataclass(frozen=True)
class Expect:
    """What a role gets: a status code and, for a redirect, where it leads."""

    status: int
    to: str = ""  # the Location starts with this path
    next: bool = False  # the Location carries next=: the page itself, unless `back` says
    back: str = ""  # where next= leads when it is not the page itself

    def __str__(self):
        if self.status != 302:
            return str(self.status)
        return f"302 to {self.to}" + (" with next=" if self.next else "")


def login(back: str = "") -> Expect:
    """To the login page, with next= the page itself, or `back` (where a POST sends them)."""
    return Expect(302, to=resolve_url(settings.LOGIN_URL), next=True, back=back)


def admin_login() -> Expect:
    return Expect(302, to=reverse("admin:login"), next=True)


def to(path: str) -> Expect:
    return Expect(302, to=path)


def _expect(value) -> Expect:
    return value if isinstance(value, Expect) else Expect(value)


def by(default, **roles) -> dict[str, Expect]:
    """The outcome of every role: `default` unless the role is named."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {role: _expect(roles.get(role, default)) for role in ROLES}


@dataclass(frozen=True)
class Page:
    """One request of the matrix: a URL with its method (and data), and what each role gets.

    `writes` are the roles whose request changes the database; every other role's request
    must leave it exactly as it was.
    """

    name: str  # the URL name ("app:name"), or the route of an unnamed pattern
    label: str  # which objects the arguments are, e.g. "partner, other_member"
    path: str
    expect: dict[str, Expect]
    method: str = "GET"
    data: dict = field(default_factory=dict)
    writes: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        """A stable name for the test id (no database ids in it)."""
        return f"{self.method} {self.name}" + (f" [{self.label}]" if self.label else "")


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
    draft_workshop: a workshop not published yet, both partners invited (optional too).
    invitation_token: the raw token of `registration`'s current invitation (unanswered).
    account_token: the raw token of an unused account invitation of `member`.
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
            invitation_token="B" * 43,
            account_token="C" * 43,
            users={role: get_user_model()(pk=n) if n else None for n, role in enumerate(ROLES)},
            admin_pks={_label(model): 1 for model in admin.site._registry},
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

        from learningsets.invitations import RESEND_AFTER, account_invitation_send
        from mile.demo import TEAM_APPS, TEAM_GROUP
        from outbox.models import EmailTemplate
        from proposals import comments, services
        from tests.factories import (
            LearningSetFactory,
            MemberFactory,
            PartnerFactory,
            UserFactory,
            sub_theme,
        )
        from tests.proposals.factories import make_proposal
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
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=TEAM_APPS))
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
        proposal = make_proposal(als, by=users["member"])
        other_proposal = make_proposal(other_als, by=users["other_contact"])
        public_proposal = make_proposal(other_als, title="In the library", by=dora)
        # Arranged directly: the workflow's own tests take a proposal through its steps.
        Proposal.objects.filter(pk=public_proposal.pk).update(
            status=Proposal.Status.APPROVED, is_public=True
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
            invitation_token=registration.invitations.get().token(),
            account_token=account.token(),
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
        there is none). It raises LookupError when the
        database has no such rows. It writes nothing: the account invitation's token is taken
        from an unused invitation of the member, else left empty ("": `pages()` then leaves
        out the pages of a valid account invitation)."""
        from learningsets.models import AccountInvitation
        from workshops.models import Invitation

        User = get_user_model()
        drafts = Proposal.objects.filter(
            status=Proposal.Status.DRAFT, comments__parent__isnull=True
        ).select_related("learning_set__partner", "learning_set__sub_theme")
        open_invitations = Invitation.objects.filter(
            used_at__isnull=True,
            revoked_at__isnull=True,
            registration__status__in=[Registration.Status.REGISTERED, Registration.Status.INVITED],
        ).select_related("registration__workshop", "registration__partner")

        def side(partner):
            invitation = next(
                (
                    i
                    for i in open_invitations.filter(registration__partner=partner)
                    if i.registration.workshop.is_registration_open()
                ),
                None,
            )
            proposal = drafts.filter(learning_set__partner=partner).first()
            if invitation is None or proposal is None:
                return None
            revisions = Revision.objects.filter(
                section__proposal=proposal, is_conflict=False
            ).select_related("section")
            # An earlier text (so that restoring it changes something), else any.
            revision = (
                revisions.filter(version__lt=F("section__version")).order_by("version", "pk")
                or revisions.order_by("pk")
            ).first()
            if revision is None:
                return None
            members = proposal.learning_set.members.exclude(
                registrations__workshop=invitation.registration.workshop
            ).order_by("pk")
            member = members.filter(user__isnull=True).first() or members.first()
            return invitation, proposal, revision, member

        partners = [partner] if partner else Partner.objects.order_by("pk")
        for candidate in partners:
            ours = side(candidate)
            if ours is None or ours[3] is None:
                continue
            workshop = ours[0].registration.workshop
            for other in workshop.invited_partners.exclude(pk=candidate.pk).order_by("pk"):
                theirs = side(other)
                if theirs and theirs[0].registration.workshop == workshop and theirs[3]:
                    break
            else:
                continue
            break
        else:
            raise LookupError("No partner has objects of every kind.")
        (invitation, proposal, revision, member) = ours
        (other_invitation, other_proposal, other_revision, other_member) = theirs
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
            public_proposal=Proposal.objects.filter(
                status=Proposal.Status.APPROVED, is_public=True, learning_set__partner=other
            )
            .order_by("pk")
            .first(),
            draft_workshop=Workshop.objects.filter(
                status=Workshop.Status.DRAFT, invited_partners=candidate
            )
            .filter(invited_partners=other)
            .order_by("pk")
            .first(),
            invitation_token=invitation.token(),
            account_token=account.token() if account else "",
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


def cold_get(path: str, user):
    """One GET of `path` as `user` (None: anonymous) with every cache cold, undone afterwards:
    the queries it issued (a CaptureQueriesContext) and its response. The query counts of the
    tests and of bench/queries.py are taken this way."""
    client = Client()
    if user is not None:
        client.force_login(user)
    cache.clear()
    ContentType.objects.clear_cache()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        transaction.set_rollback(True)
    return captured, response


@contextmanager
def rolled_back_world(db_blocker):
    """A World for a whole test module (pytest's django_db_blocker unblocked): built once, fast
    password hashing, in a transaction rolled back when the module is done."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with db_blocker.unblock(), fast, transaction.atomic():
        try:
            yield World.build()
        finally:
            transaction.set_rollback(True)


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def admin_pks(world: World) -> dict[str, object]:
    """One row of every model in the admin: the world's own where it has one, and for the
    audit trail's models the first history row of the world's own object (so that a larger
    database around the world shows the same rows)."""
    own = {
        Partner: world.partner,
        SubTheme: world.sub_theme,
        LearningSet: world.learning_set,
        Member: world.member,
        Workshop: world.workshop,
        Session: world.session,
        Registration: world.registration,
        Proposal: world.proposal,
        Section: world.proposal.sections.get(key=world.section_key),
        Comment: world.comment,
        get_user_model(): world.users.get("contact"),
    }
    pks = {}
    for model in admin.site._registry:
        rows = model._default_manager.order_by("pk")
        traced = getattr(model, "instance_type", None)  # a history model of simple_history
        if traced in own:
            rows = rows.filter(id=own[traced].pk)
        row = own.get(model) or rows.first()
        if row is not None:
            pks[_label(model)] = row.pk
    return pks


# The site's pages ---------------------------------------------------------------------------


def _site_pages(w: World) -> list[Page]:
    LOGIN = login()
    pages: list[Page] = []

    def page(name, label, args, expect, method="GET", data=None, writes=()):
        pages.append(
            Page(
                name=name,
                label=label,
                path=reverse(name, args=args),
                expect=expect,
                method=method,
                data=data or {},
                writes=frozenset(writes),
            )
        )

    ours, theirs = w.partner, w.other_partner
    manage = reverse("partners:manage", args=[ours.slug])
    their_manage = reverse("partners:manage", args=[theirs.slug])
    # Who looks after a partner: its contacts and the team; nobody else learns it exists.
    ours_only = by(404, anonymous=LOGIN, contact=200, team=200)
    theirs_only = by(404, anonymous=LOGIN, other_contact=200, team=200)

    page("home", "", [], by(200))
    page("dashboard", "", [], by(200, anonymous=LOGIN))
    page("partners:list", "", [], by(200))
    for label, partner in (("partner", ours), ("other_partner", theirs)):
        page("partners:detail", label, [partner.slug], by(200))
    page("partners:manage", "partner", [ours.slug], ours_only)
    page("partners:manage", "other_partner", [theirs.slug], theirs_only)

    # Learning sets and their members.
    for label, learning_set in (
        ("learning_set", w.learning_set),
        ("other_learning_set", w.other_learning_set),
    ):
        page("learningsets:detail", label, [learning_set.pk], by(200))
    page("learningsets:sub_theme", "", [w.sub_theme.slug], by(200))

    def member_data(learning_set, name, email):
        return {
            "learning_set": learning_set.pk,
            "name": name,
            "email": email,
            "organisation": "Câmara Municipal",
            "position": "",
            "actor_type": Member.ActorType.PRACTITIONER,
        }

    new_person = member_data(w.learning_set, "Nova Pessoa", "nova@amadora.example")
    their_new_person = member_data(w.other_learning_set, "Nea Prosopo", "nea@komotini.example")
    page("learningsets:member_add", "partner", [ours.slug], ours_only)
    page("learningsets:member_add", "other_partner", [theirs.slug], theirs_only)
    page(
        "learningsets:member_add",
        "partner",
        [ours.slug],
        by(404, anonymous=LOGIN, contact=to(manage), team=to(manage)),
        "POST",
        new_person,
        writes=["contact", "team"],
    )
    page(
        "learningsets:member_add",
        "partner, into other_learning_set",
        [ours.slug],
        ours_only,  # the form refuses another partner's set: the page again, nothing saved
        "POST",
        {**new_person, "learning_set": w.other_learning_set.pk},
    )
    page(
        "learningsets:member_add",
        "other_partner",
        [theirs.slug],
        by(404, anonymous=LOGIN, other_contact=to(their_manage), team=to(their_manage)),
        "POST",
        their_new_person,
        writes=["other_contact", "team"],
    )
    edited = member_data(w.learning_set, "Edited Name", w.member.email or "m@amadora.example")
    their_edited = member_data(
        w.other_learning_set, "Edited Name", w.other_member.email or "m@komotini.example"
    )
    member_cases = [
        # (label, partner, member, who looks after both, the POST data)
        ("partner, member", ours, w.member, ("contact", "team"), edited),
        ("other_partner, other_member", theirs, w.other_member, ("other_contact", "team"), None),
        ("partner, other_member", ours, w.other_member, (), their_edited),  # IDOR
        ("other_partner, member", theirs, w.member, (), edited),  # IDOR
    ]
    for label, partner, member, allowed, data in member_cases:
        args = [partner.slug, member.pk]
        back = to(reverse("partners:manage", args=[partner.slug]))
        get_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, 200))
        post_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, back))
        page("learningsets:member_edit", label, args, get_ok)
        page("learningsets:member_remove", label, args, get_ok)
        page("learningsets:member_invite", label, args, by(405, anonymous=LOGIN))
        if data is None:
            continue
        page("learningsets:member_edit", label, args, post_ok, "POST", data, writes=allowed)
        page("learningsets:member_remove", label, args, post_ok, "POST", writes=allowed)
        page("learningsets:member_invite", label, args, post_ok, "POST", writes=allowed)

    # Workshops: public pages, the delegates' invitation, the partner's delegates.
    ws = w.workshop
    page("workshops:list", "", [], by(200))
    page("workshops:detail", "", [ws.slug], by(200))
    page("workshops:ics", "", [ws.slug], by(200))
    page("workshops:session_ics", "", [ws.slug, w.session.pk], by(200))
    # The personal link works without logging in, for whoever holds it.
    page("workshops:invitation", "token", [w.invitation_token], by(200))
    page(
        "workshops:invitation",
        "token",
        [w.invitation_token],
        by(200),
        "POST",
        {"answer": "confirm"},
        writes=ROLES,
    )
    page("workshops:invitation", "bogus token", [BOGUS_TOKEN], by(404))
    page(
        "workshops:invitation", "bogus token", [BOGUS_TOKEN], by(404), "POST", {"answer": "confirm"}
    )

    def delegates_url(partner):
        return reverse("workshops:delegates", args=[ws.slug, partner.slug])

    page("workshops:delegates", "partner", [ws.slug, ours.slug], ours_only)
    page("workshops:delegates", "other_partner", [ws.slug, theirs.slug], theirs_only)
    page(
        "workshops:delegates",
        "partner",
        [ws.slug, ours.slug],
        by(404, anonymous=LOGIN, contact=to(delegates_url(ours)), team=to(delegates_url(ours))),
        "POST",
        {"members": [w.member.pk]},
        writes=["contact", "team"],
    )
    page(
        "workshops:delegates",
        "partner, other_member",  # IDOR: the service refuses another partner's member
        [ws.slug, ours.slug],
        ours_only,
        "POST",
        {"members": [w.other_member.pk]},
    )
    page(
        "workshops:delegates",
        "other_partner",
        [ws.slug, theirs.slug],
        by(
            404,
            anonymous=LOGIN,
            **dict.fromkeys(["other_contact", "team"], to(delegates_url(theirs))),
        ),
        "POST",
        {"members": [w.other_member.pk]},
        writes=["other_contact", "team"],
    )
    page("workshops:delegates_table", "partner", [ws.slug, ours.slug], ours_only)
    page("workshops:delegates_table", "other_partner", [ws.slug, theirs.slug], theirs_only)
    delegate_cases = [
        ("partner, registration", ours, w.registration, ("contact", "team"), w.member),
        ("other_partner, other_registration", theirs, w.other_registration,
         ("other_contact", "team"), w.other_member),
        ("partner, other_registration", ours, w.other_registration, (), w.member),  # IDOR
        ("other_partner, registration", theirs, w.registration, (), w.other_member),  # IDOR
    ]  # fmt: skip
    for label, partner, registration, allowed, replacement in delegate_cases:
        args = [ws.slug, partner.slug, registration.pk]
        back = to(delegates_url(partner))
        get_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, 200))
        post_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, back))
        for name in ("workshops:delegate_replace", "workshops:delegate_withdraw"):
            page(name, label, args, get_ok)
        page(
            "workshops:delegate_replace",
            label,
            args,
            post_ok,
            "POST",
            {"member": replacement.pk},
            writes=allowed,
        )
        page("workshops:delegate_withdraw", label, args, post_ok, "POST", writes=allowed)

    # Proposals.
    authors = ("contact", "member")
    their_authors = ("other_contact",)
    page("proposals:library", "", [], by(200))
    page("proposals:review", "", [], by(404, anonymous=LOGIN, team=200))
    start = {"title": "A new proposal", "funding_source": "esf"}
    for label, learning_set, writers in (
        ("learning_set", w.learning_set, authors),
        ("other_learning_set", w.other_learning_set, their_authors),
    ):
        args = [learning_set.pk]
        readers = (*writers, "team")
        page(
            "proposals:for_learning_set",
            label,
            args,
            by(404, anonymous=LOGIN, **dict.fromkeys(readers, 200)),
        )
        page(
            "proposals:for_learning_set",
            label,
            args,
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to("/proposals/"))),
            "POST",
            start,
            writes=writers,
        )

    def budget_with_one_line_more(proposal) -> dict:
        """The budget form as its page posts it: every saved line kept, and a new one (a
        placeholder world has no rows to keep: its pages are only listed)."""
        saved = (
            []
            if w.is_placeholder
            else list(
                proposal.budget_lines.order_by("position").values_list(
                    "pk", "category", "description", "amount"
                )
            )
        )
        rows = [*saved, ("", "staff", "Coordinator", "12000")]
        data = {"lines-TOTAL_FORMS": str(len(rows)), "lines-INITIAL_FORMS": str(len(saved))}
        for n, row in enumerate(rows):
            data |= dict(zip([f"lines-{n}-{f}" for f in BUDGET_ROW], map(str, row), strict=True))
        return data

    text = {"text": "A text written in the matrix test.", "version": w.section_version}
    for label, proposal, writers, revision, comment in (
        ("proposal", w.proposal, authors, w.revision, w.comment),
        ("other_proposal", w.other_proposal, their_authors, w.other_revision, w.other_comment),
    ):
        detail = reverse("proposals:detail", args=[proposal.pk])
        readers = (*writers, "team")
        can_read = by(404, anonymous=LOGIN, **dict.fromkeys(readers, 200))
        page("proposals:detail", label, [proposal.pk], can_read)
        page("proposals:history", label, [proposal.pk], can_read)
        # The particulars and the budget: the authors write them, the team reads them.
        page("proposals:details", label, [proposal.pk], can_read)
        page("proposals:budget", label, [proposal.pk], can_read)
        # The PDF is for whoever may see the proposal; it is no page to log in for.
        page("proposals:pdf", label, [proposal.pk], by(404, **dict.fromkeys(readers, 200)))
        section_args = [proposal.pk, w.section_key]
        page("proposals:section_save", label, section_args, by(405))
        page(
            "proposals:section_save",
            label,
            section_args,
            by(
                404,
                # The text stays in the browser; after logging in, back to the proposal.
                anonymous=Expect(302, to=resolve_url(settings.LOGIN_URL), next=True, back=detail),
                team=403,
                **dict.fromkeys(writers, to(detail)),
            ),
            "POST",
            text,
            writes=writers,
        )
        if label != "proposal":
            continue
        details = reverse("proposals:details", args=[proposal.pk])
        budget = reverse("proposals:budget", args=[proposal.pk])
        page(
            "proposals:details",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to(details))),
            "POST",
            {"title": "Renamed in the matrix test", "funding_source": "erdf",
             "co_financing_rate": "60"},
            writes=writers,
        )  # fmt: skip
        page(
            "proposals:budget",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to(budget))),
            "POST",
            budget_with_one_line_more(proposal),
            writes=writers,
        )
        history = reverse("proposals:history", args=[proposal.pk])
        restore = [proposal.pk, revision.pk]
        page("proposals:restore", "proposal, revision", restore, by(405, anonymous=LOGIN))
        page(
            "proposals:restore",
            "proposal, revision",
            restore,
            # The team reads the history but writes no text: refused with a message.
            by(404, anonymous=LOGIN, team=to(history), **dict.fromkeys(writers, to(detail))),
            "POST",
            writes=writers,
        )
        page(
            "proposals:restore",
            "proposal, other_revision",  # IDOR
            [proposal.pk, w.other_revision.pk],
            by(404, anonymous=LOGIN),
            "POST",
        )
        page(
            "proposals:restore",
            "other_proposal, revision",  # IDOR
            [w.other_proposal.pk, revision.pk],
            by(404, anonymous=LOGIN),
            "POST",
        )
        commenters = (*writers, "team")
        page("proposals:comment_add", label, [proposal.pk], by(405, anonymous=LOGIN))
        page(
            "proposals:comment_add",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, **dict.fromkeys(commenters, to(detail))),
            "POST",
            {"body": "A comment from the matrix test."},
            writes=commenters,
        )
        page(
            "proposals:comment_add",
            "proposal, reply to other_comment",  # IDOR
            [proposal.pk],
            by(404, anonymous=LOGIN),
            "POST",
            {"body": "A reply.", "parent": w.other_comment.pk},
        )
        resolve = [proposal.pk, comment.pk]
        page("proposals:comment_resolve", "proposal, comment", resolve, by(405, anonymous=LOGIN))
        page(
            "proposals:comment_resolve",
            "proposal, comment",
            resolve,
            by(404, anonymous=LOGIN, **dict.fromkeys(commenters, to(detail))),
            "POST",
            {"action": "resolve"},
            writes=commenters,
        )
        for ids_label, ids in (
            ("proposal, other_comment", [proposal.pk, w.other_comment.pk]),
            ("other_proposal, comment", [w.other_proposal.pk, comment.pk]),
        ):  # IDOR
            page("proposals:comment_resolve", ids_label, ids, by(404, anonymous=LOGIN), "POST",
                 {"action": "resolve"})  # fmt: skip
        # The workflow: on a draft only the authors' "withdraw" is a step they may take;
        # every other step is refused with a message, and nothing changes. Who may not see
        # the proposal gets 404; a visitor not logged in (logged out in another tab) is sent
        # to log in and then back to the proposal, to press the button again.
        for action in (*workflow.ACTIONS, "no-such-step"):
            known = action in workflow.ACTIONS
            page("proposals:transition", f"proposal, {action}", [proposal.pk, action], by(405))
            page(
                "proposals:transition",
                f"proposal, {action}",
                [proposal.pk, action],
                by(
                    404,
                    anonymous=login(back=detail),
                    **dict.fromkeys(readers, to(detail) if known else 404),
                ),
                "POST",
                {"note": "A note from the matrix test."},
                writes=writers if action == "withdraw" else (),
            )
        page(
            "proposals:transition",
            "other_proposal, withdraw",  # IDOR
            [w.other_proposal.pk, "withdraw"],
            by(
                404,
                anonymous=login(back=reverse("proposals:detail", args=[w.other_proposal.pk])),
                **dict.fromkeys(
                    ["other_contact", "team"],
                    to(reverse("proposals:detail", args=[w.other_proposal.pk])),
                ),
            ),
            "POST",
            writes=["other_contact"],
        )

    # A proposal in the public library: everybody reads it, its details, budget and PDF; its
    # history and comments stay its authors' and the team's; nobody writes its text any more.
    if w.public_proposal is not None:
        public = w.public_proposal
        detail = reverse("proposals:detail", args=[public.pk])
        page("proposals:detail", "public_proposal", [public.pk], by(200))
        page("proposals:pdf", "public_proposal", [public.pk], by(200))
        page(
            "proposals:history",
            "public_proposal",
            [public.pk],
            by(404, anonymous=LOGIN, other_contact=200, team=200),
        )
        for name in ("proposals:details", "proposals:budget"):
            # Its author is told why it cannot be changed now; everybody else reads it.
            page(name, "public_proposal", [public.pk], by(200, other_contact=403))
        page(
            "proposals:details",
            "public_proposal",
            [public.pk],
            by(403, anonymous=LOGIN),
            "POST",
            {"title": "Renamed in the matrix test", "funding_source": "erdf",
             "co_financing_rate": "60"},
        )  # fmt: skip
        page(
            "proposals:section_save",
            "public_proposal",
            [public.pk, w.section_key],
            by(403, anonymous=login(back=detail)),
            "POST",
            text,
        )
        page(
            "proposals:comment_add",
            "public_proposal",
            [public.pk],
            by(404, anonymous=LOGIN, other_contact=to(detail), team=to(detail)),
            "POST",
            {"body": "A comment on an approved proposal."},
            writes=["other_contact", "team"],
        )
        # Only the team takes it out of the library; anybody else is told so.
        page(
            "proposals:transition",
            "public_proposal, unpublish",
            [public.pk, "unpublish"],
            by(to(detail), anonymous=login(back=detail)),
            "POST",
            writes=["team"],
        )

    # A workshop that is not published yet is nobody's page on the site (the team has the
    # admin): not even its invited partners' contacts find it.
    if w.draft_workshop is not None:
        draft = w.draft_workshop
        page("workshops:detail", "draft_workshop", [draft.slug], by(404))
        page("workshops:ics", "draft_workshop", [draft.slug], by(404))
        page(
            "workshops:delegates",
            "draft_workshop, partner",
            [draft.slug, ours.slug],
            by(404, anonymous=LOGIN),
        )

    # The account invitation: a personal link, like the delegates'.
    if w.account_token:
        page("account_invitation", "token", [w.account_token], by(200))
        page(
            "account_invitation",
            "token",
            [w.account_token],
            by(to(reverse("account_signup"))),
            "POST",
            writes=ROLES,
        )
    page("account_invitation", "bogus token", [BOGUS_TOKEN], by(404))
    page("account_invitation", "bogus token", [BOGUS_TOKEN], by(404), "POST")
    return pages


# allauth's pages ----------------------------------------------------------------------------


def _account_pages(w: World) -> list[Page]:
    LOGIN = login()
    dashboard = to(resolve_url(settings.LOGIN_REDIRECT_URL))
    home = to(resolve_url(settings.ACCOUNT_LOGOUT_REDIRECT_URL))
    # A logged-in person asking for the login or signup page goes to their dashboard.
    logged_out_only = by(dashboard, anonymous=200)
    logged_in_only = by(200, anonymous=LOGIN)
    bad_login = {"login": "alice@amadora.example", "password": "not the password"}
    signup = {"email": "someone@example.org", "password1": "x" * 20, "password2": "x" * 20}
    wrong_password = {
        "oldpassword": "not the password",
        "password1": "y" * 20,
        "password2": "y" * 20,
    }
    rows = [
        ("account_login", [], "GET", {}, logged_out_only),
        ("account_login", [], "POST", bad_login, logged_out_only),
        ("account_logout", [], "GET", {}, by(200, anonymous=home)),
        ("account_logout", [], "POST", {}, by(home)),
        ("account_inactive", [], "GET", {}, by(200)),
        ("account_signup", [], "GET", {}, logged_out_only),  # signup is by invitation
        ("account_signup", [], "POST", signup, logged_out_only),
        ("account_reauthenticate", [], "GET", {}, logged_in_only),
        ("account_request_reauthentication_code", [], "GET", {}, logged_in_only),
        # No code was asked for: back to asking for one.
        ("account_confirm_reauthentication_code", [], "GET", {},
         by(to(reverse("account_request_reauthentication_code")), anonymous=LOGIN)),
        ("account_email", [], "GET", {}, logged_in_only),
        ("account_email_verification_sent", [], "GET", {}, by(200)),
        ("account_change_password", [], "GET", {}, logged_in_only),
        ("account_change_password", [], "POST", wrong_password, logged_in_only),
        # Everybody here has a password already: change it instead.
        ("account_set_password", [], "GET", {},
         by(to(reverse("account_change_password")), anonymous=LOGIN)),
        ("account_reset_password", [], "GET", {}, by(200)),
        ("account_reset_password", [], "POST", {"email": "nobody@example.org"},
         by(to(reverse("account_reset_password_done")))),
        ("account_reset_password_done", [], "GET", {}, by(200)),
        # No login by code is under way: back to the login page (and on to the dashboard).
        ("account_confirm_login_code", [], "GET", {},
         by(dashboard, anonymous=to(reverse("account_login")))),
        ("account_confirm_email", [BOGUS_TOKEN], "GET", {}, by(200)),
        ("account_confirm_email", [BOGUS_TOKEN], "POST", {}, by(404)),
        ("account_reset_password_from_key", ["2", BOGUS_TOKEN], "GET", {}, by(200)),
        ("account_reset_password_from_key", ["2", BOGUS_TOKEN], "POST", wrong_password, by(200)),
        ("account_reset_password_from_key_done", [], "GET", {}, by(200)),
    ]  # fmt: skip
    return [
        Page(
            name=name,
            label="bogus key" if args else "",
            path=reverse(name, args=args),
            expect=expect,
            method=method,
            data=data,
        )
        for name, args, method, data, expect in rows
    ]


# The admin ----------------------------------------------------------------------------------

# What the management team gets in the admin, where it is not a plain 200 (GET) and, for a
# POST of an empty form, the form again with its errors (200). The team's group holds every
# permission of the project's apps (mile.demo.TEAM_APPS), none of auth's or allauth's. Every
# registered model must be listed here: a model added to the admin without a line fails the
# matrix until someone decides what the team may do with it.
NO = 403
ADMIN_TEAM = {
    "auth.group": {"*": NO},
    "account.emailaddress": {"*": NO},
    # The outbox: read-only; only its delivery can be started again. Only a superuser
    # deletes a message.
    "outbox.email": {"add": NO, "delete": NO, "POST change": NO},
    # Deleting a row that others need is refused with the list of what protects it (200),
    # or, when it would delete rows the team may not delete, with 403: a user takes their
    # allauth e-mail addresses with them, a proposal its comments.
    "partners.partner": {"POST delete": 200},
    "learningsets.subtheme": {"POST delete": 200},
    "learningsets.learningset": {"POST delete": 200},
    "accounts.user": {"POST delete": NO},
    # The wording: the add page wants a ?kind=, without one it goes back to the list.
    "outbox.emailtemplate": {"add": "changelist", "POST add": "changelist"},
    "learningsets.commonbasicprinciple": {},
    "learningsets.member": {},
    "workshops.workshop": {},
    "workshops.registration": {},
    # Proposals and comments are written on the site; the admin reads them.
    "proposals.proposal": {"add": NO, "POST delete": NO},
    "proposals.comment": {"add": NO, "delete": NO, "POST change": NO},
}
# The audit trail (mile.audit): history rows are read, never added, changed or deleted.
HISTORY_ROWS = {"add": NO, "delete": NO, "POST change": NO}
ADMIN_TEAM |= {
    f"{app}.historical{model}": HISTORY_ROWS
    for app, models in {
        "workshops": ["workshop", "session", "registration", "invitation"],
        "proposals": ["proposal", "section", "budgetline", "comment"],
    }.items()
    for model in models
}


def _first_version(model, pk) -> int:
    return (
        model.history.filter(id=pk).order_by("history_id").values_list("history_id", flat=True)[0]
    )


def _admin_pages(w: World) -> list[Page]:
    ADMIN = admin_login()
    LOGIN = login()
    staff_only = by(ADMIN)
    pages: list[Page] = []

    def add(name, label, path, team, method="GET", data=None, writes=False, staff=NO):
        """`staff`: what a staff account without permissions gets (refused, unless said)."""
        expect = {**staff_only, "team": _expect(team), "staff": _expect(staff)}
        pages.append(
            Page(
                name=name,
                label=label,
                path=path,
                expect=expect,
                method=method,
                data=data or {},
                writes=frozenset({"team"} if writes else ()),
            )
        )

    # The admin's login is allauth's (rate-limited): the others are sent there, and a
    # logged-in person outside the team is refused. What the team posts is never looked at. A
    # staff account without permissions is let in, to an index that offers nothing, and refused
    # every model's pages.
    index = to(reverse("admin:index"))
    pages.append(
        Page(
            "admin:login",
            "",
            reverse("admin:login"),
            by(NO, anonymous=LOGIN, team=index, staff=index),
        )
    )
    pages.append(
        Page(
            "admin:login",
            "",
            reverse("admin:login"),
            by(NO, anonymous=LOGIN, team=index, staff=index),
            "POST",
            {"username": "alice@amadora.example", "password": "not the password"},
        )
    )
    add("admin:index", "", reverse("admin:index"), 200, staff=200)
    # Logging out of the admin is for staff; anybody else is sent to the admin's index.
    pages.append(Page("admin:logout", "", reverse("admin:logout"), by(index, team=405, staff=405)))
    pages.append(
        Page("admin:logout", "", reverse("admin:logout"), by(index, team=200, staff=200), "POST")
    )
    # Changing one's password is allauth's form, which limits the tries at the current one.
    change_password = to(reverse("account_change_password"))
    add(
        "admin:password_change",
        "",
        reverse("admin:password_change"),
        change_password,
        staff=change_password,
    )
    add(
        "admin:password_change",
        "",
        reverse("admin:password_change"),
        change_password,
        "POST",
        staff=change_password,
    )
    add("admin:password_change_done", "", reverse("admin:password_change_done"), 200, staff=200)
    add("admin:autocomplete", "", reverse("admin:autocomplete"), NO)
    add("admin:jsi18n", "", reverse("admin:jsi18n"), 200, staff=200)
    add("admin:app_list", "partners", reverse("admin:app_list", args=["partners"]), 200, staff=404)
    add("admin:app_list", "auth", reverse("admin:app_list", args=["auth"]), 404, staff=404)
    add("admin:(?P<url>.*)$", "", reverse("admin:index") + "no-such-page/", 404, staff=404)

    for model in admin.site._registry:
        label = _label(model)
        team = ADMIN_TEAM.get(label)
        if team is None:
            continue  # the coverage test names its URLs
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pk = w.admin_pks.get(label)
        changelist = reverse(f"{prefix}_changelist")

        def outcome(action, default=200, team=team, changelist=changelist):
            value = team.get(action, team.get("*", default))
            return to(changelist) if value == "changelist" else value

        add(f"{prefix}_changelist", label, changelist, outcome("changelist"))
        add(f"{prefix}_add", label, reverse(f"{prefix}_add"), outcome("add"))
        add(f"{prefix}_add", label, reverse(f"{prefix}_add"), outcome("POST add", outcome("add")),
            "POST")  # fmt: skip
        if pk is None:
            continue
        change = reverse(f"{prefix}_change", args=[pk])
        add(f"{prefix}_change", label, change, outcome("change"))
        add(f"{prefix}_change", label, change, outcome("POST change", outcome("change")), "POST")
        add(f"{prefix}_history", label, reverse(f"{prefix}_history", args=[pk]), outcome("history"))
        delete = reverse(f"{prefix}_delete", args=[pk])
        add(f"{prefix}_delete", label, delete, outcome("delete"))
        deleted = outcome("POST delete", outcome("delete", to(changelist)))
        add(f"{prefix}_delete", label, delete, deleted, "POST", {"post": "yes"},
            writes=deleted == to(changelist))  # fmt: skip
        # The bare object address leads to its change page.
        bare = reverse("admin:index") + f"{opts.app_label}/{opts.model_name}/{pk}/"
        add(f"admin:{opts.app_label}/{opts.model_name}/<path:object_id>/", label, bare,
            to(change), staff=to(change))  # fmt: skip
        # A tracked model's past version: shown to the team, never reverted from the admin.
        if hasattr(model, "history"):
            version = 1 if w.is_placeholder else _first_version(model, pk)
            past = reverse(f"{prefix}_simple_history", args=[pk, version])
            add(f"{prefix}_simple_history", label, past, 200)
            add(f"{prefix}_simple_history", label, past, NO, "POST")

    # The admin's own views beside the models' pages.
    email = w.admin_pks.get("outbox.email")
    if email is not None:
        resend = reverse("admin:outbox_email_resend", args=[email])
        add("admin:outbox_email_resend", "outbox.email", resend, 405, staff=405)
        # A message that has not failed is not sent again: the page says so, nothing changes.
        add("admin:outbox_email_resend", "outbox.email", resend,
            to(reverse("admin:outbox_email_change", args=[email])), "POST")  # fmt: skip
    overview = reverse("admin:workshops_workshop_registrations", args=[w.workshop.pk])
    add("admin:workshops_workshop_registrations", "workshop", overview, 200)
    add("admin:learningsets_member_import", "", reverse("admin:learningsets_member_import"), 200)
    add("admin:learningsets_member_import", "", reverse("admin:learningsets_member_import"),
        200, "POST")  # fmt: skip
    process = reverse("admin:learningsets_member_process_import")
    add("admin:learningsets_member_process_import", "", process, 405, staff=405)
    # A confirmation without a previewed file's signed name: back to the upload, with why.
    add("admin:learningsets_member_process_import", "", process,
        to(reverse("admin:learningsets_member_import")), "POST")  # fmt: skip
    export = reverse("admin:workshops_registration_export")
    add("admin:workshops_registration_export", "", export, 200)
    add("admin:workshops_registration_export", "", export, 200, "POST")
    user = w.users.get("contact")
    if user is not None:
        password = reverse("admin:auth_user_password_change", args=[user.pk])
        add("admin:auth_user_password_change", "contact", password, 200)
        add("admin:auth_user_password_change", "contact", password, 200, "POST")
    partner_type = 0 if w.is_placeholder else ContentType.objects.get_for_model(Partner).pk
    on_site = reverse("admin:view_on_site", args=[partner_type, w.partner.pk])
    partner_page = to(w.partner.get_absolute_url())
    add("admin:view_on_site", "partner", on_site, partner_page, staff=partner_page)
    return pages


def pages(world: World) -> list[Page]:
    """Every page of the site with each role's outcome (see the module's docstring)."""
    return [*_site_pages(world), *_account_pages(world), *_admin_pages(world)]
