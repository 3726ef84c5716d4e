"""Rows found in a database for a `World`: a partner with objects of every kind (for
`World.from_database()`), and one row of every model in the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import F

from learningsets.models import LearningSet, Member, SubTheme
from partners.models import Partner
from proposals.models import Comment, Proposal, Revision, Section
from workshops.models import Invitation, Registration, Session, Workshop

if TYPE_CHECKING:
    from tests.access.pages.world import World


def partners_with_every_kind(partner: Partner | None = None) -> tuple:
    """(partner, ours, other, theirs): a partner (the first one that fits, unless given) and
    another partner invited to the same workshop; each side is (invitation, proposal,
    revision, member) as `World.from_database()` describes them. LookupError when no partner
    has them."""
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
    return candidate, ours, other, theirs


def admin_label(model) -> str:
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
            pks[admin_label(model)] = row.pk
    return pks
