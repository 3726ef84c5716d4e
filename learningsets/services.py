"""Writes to learning sets and their members. Views, forms and the admin call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import user_with_verified_email
from learningsets.invitations import account_invitations_revoke
from learningsets.models import LearningSet, Member

MEMBER_FIELDS = ("name", "email", "organisation", "position", "actor_type")


def member_link_account(member: Member) -> None:
    """Link a member to the account with their e-mail address, if there is one (unsaved).

    Only an account whose owner proved the address counts: typing an address into a member
    must never hand that member's learning set to whoever merely claims it.
    """
    if member.user is None or member.user.email.lower() != member.email.lower():
        member.user = user_with_verified_email(email=member.email)


@transaction.atomic
def member_create(
    *,
    learning_set: LearningSet,
    name: str,
    email: str,
    organisation: str,
    actor_type: str,
    position: str = "",
) -> Member:
    """Add a person to a learning set; links their account if one exists for the e-mail."""
    member = Member(
        learning_set=learning_set,
        name=name,
        email=email.strip(),
        organisation=organisation,
        position=position,
        actor_type=actor_type,
    )
    member_link_account(member)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: Member, learning_set: LearningSet, **fields) -> Member:
    """Change a member's details or move them to another learning set of the same partner."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown member fields: {', '.join(sorted(unknown))}")
    # From the database: a model form has already copied the new values onto `member`.
    # Locked, so that two edits at once agree on the address the member had.
    stored_partner, stored_email = (
        Member.objects.select_for_update(of=("self",))
        .values_list("learning_set__partner_id", "email")
        .get(pk=member.pk)
    )
    if learning_set.partner_id != stored_partner:
        moved = _("A member can only move to another learning set of the same partner.")
        raise ValidationError({"learning_set": moved})
    for name, value in fields.items():
        setattr(member, name, value.strip() if name == "email" else value)
    member.learning_set = learning_set
    member_link_account(member)
    member.full_clean()
    member.save()
    if member.email.lower() != stored_email.lower():
        # A link sent to the old address must not prove the new one.
        account_invitations_revoke(member=member)
    return member


@transaction.atomic
def member_remove(*, member: Member) -> None:
    """Take a person out of a learning set (their account, if any, stays). Someone on record
    as a delegate is refused (ValidationError): they can only become a former member."""
    try:
        member.delete()
    except ProtectedError:
        # Raised while collecting, before any row is deleted.
        on_record = _(
            "%(name)s is on record as a workshop delegate, so they cannot be removed: mark them "
            "as a former member instead. Nothing was changed."
        )
        raise ValidationError(on_record, code="on_record", params={"name": member.name}) from None


@transaction.atomic
def member_mark_former(*, member: Member, on=None) -> Member:
    """Record that a person left the learning set: they stay only in past registrations."""
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.left_on is None:
        locked.left_on = on or timezone.localdate()
        locked.save(update_fields=["left_on", "updated_at"])
    return locked


def members_link_account(*, user) -> int:
    """Link every membership with the account's e-mail address to it (after signup)."""
    return Member.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)
