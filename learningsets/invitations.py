"""Account invitations: an ALS member gets a personal link to create their account."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from learningsets.emails import ACCOUNT_INVITATION
from learningsets.models import AccountInvitation, Member
from outbox import mail, tokens

VALID_FOR = timedelta(days=14)
RESEND_AFTER = timedelta(minutes=5)  # at most one account invitation to an address this often


def _has_account(member: Member) -> bool:
    return member.user_id is not None or (
        get_user_model().objects.filter(email__iexact=member.email).exists()
    )


def _refuse_resend_too_soon(member: Member, at) -> None:
    """Pressing the button again and again must not fill somebody's mailbox."""
    last = (
        AccountInvitation.objects.filter(
            email__iexact=member.email, created_at__gt=at - RESEND_AFTER
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last:
        sent, again = (
            formats.time_format(timezone.localtime(moment), "H:i")
            for moment in (last, last + RESEND_AFTER)
        )
        raise ValidationError(
            _(
                "An account invitation was sent to %(email)s at %(sent)s. "
                "You can send another from %(again)s."
            ),
            params={"email": member.email, "sent": sent, "again": again},
        )


@transaction.atomic
def account_invitation_send(*, member: Member, by, at=None) -> AccountInvitation:
    """E-mail the member a link to create their account; an earlier link stops working."""
    at = at or timezone.now()
    member = (  # one send at a time, and the address as it is now
        Member.objects.select_related("learning_set__partner", "learning_set__sub_theme")
        .select_for_update(of=("self",))
        .get(pk=member.pk)
    )
    if _has_account(member):
        raise ValidationError(_("%(name)s already has an account."), params={"name": member.name})
    _refuse_resend_too_soon(member, at)
    account_invitations_revoke(member=member, at=at)
    invitation = AccountInvitation.objects.create(
        member=member,
        email=member.email,
        sent_by=by,
        created_at=at,
        expires_at=at + VALID_FOR,
        **tokens.issue_fields(AccountInvitation.TOKEN_PURPOSE),
    )
    mail.email_queue(
        kind=ACCOUNT_INVITATION,
        to=invitation.email,
        language=member.language,
        context=lambda: _account_invitation_context(invitation),
        dedupe_key=f"account:{member.pk}:{invitation.pk}",
        related=invitation,
    )
    return invitation


def _account_invitation_context(invitation: AccountInvitation) -> dict[str, str]:
    member = invitation.member
    return {
        "name": member.name,
        "learning_set": member.learning_set.name,
        "link": mail.PERSONAL_LINK,
        "expires": formats.date_format(timezone.localtime(invitation.expires_at)),
    }


def account_invitations_revoke(*, member: Member, at=None) -> int:
    """Withdraw the member's open account invitations (say, because their address changed)."""
    return member.account_invitations.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=at or timezone.now()
    )


def account_invitation_for_use(token: str) -> tuple[AccountInvitation | None, str]:
    return AccountInvitation.look_up(token)


@transaction.atomic
def account_invitation_use(*, token: str, at=None) -> AccountInvitation:
    """Use up the link; its `email`, the address it was sent to, is now proven (and no other)."""
    return AccountInvitation.use(token, at)
