"""What delegates are told by e-mail, and the personal link they answer their invitation with."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from common import l10n
from outbox import mail, tokens
from workshops import emails, rules
from workshops.models import Invitation, Registration, Workshop


def workshop_dates(workshop: Workshop) -> str:
    return l10n.date_range(workshop.start_date, workshop.end_date)


def delegate_context(registration: Registration) -> dict[str, str]:
    """The placeholders of every e-mail to a delegate: plain strings only, written in the
    active language (the outbox calls it in the delegate's)."""
    workshop = registration.workshop
    return {
        "delegate": registration.member.name,
        "partner": registration.partner.name,
        "workshop": workshop.title,
        "theme": workshop.theme,
        "city": workshop.city,
        "venue": workshop.venue,
        "dates": workshop_dates(workshop),
        "time_zone": workshop.time_zone,
        "workshop_url": settings.SITE_URL + workshop.get_absolute_url(),
    }


def invitation_context(invitation: Invitation) -> dict[str, str]:
    """The placeholders of an e-mail carrying the invitation's personal link."""
    registration = invitation.registration
    return {
        **delegate_context(registration),
        "link": mail.PERSONAL_LINK,
        "expires": rules.local_time(registration.workshop, invitation.expires_at),
    }


def _expiry(workshop: Workshop, at):
    """An invitation can be answered until the workshop starts."""
    return max(workshop.starts_at, at + timedelta(days=1))


def _revoke(registration: Registration, at) -> None:
    """Revoke the open links (a delegate has one at most), recorded in the audit trail."""
    links = list(registration.invitations.filter(used_at__isnull=True, revoked_at__isnull=True))
    for link in links:
        link.revoked_at = at
    if links:
        bulk_update_with_history(
            links, Invitation, ["revoked_at"], default_change_reason="invitation revoked"
        )


def invitation_send(*, registration: Registration, at) -> Invitation:
    """Issue a new personal link (the old one stops working) and e-mail it to the delegate."""
    _revoke(registration, at)
    invitation = Invitation.objects.create(
        registration=registration,
        email=registration.member.email,
        expires_at=_expiry(registration.workshop, at),
        created_at=at,
        **tokens.issue_fields(Invitation.TOKEN_PURPOSE),
    )
    mail.email_queue(
        kind=emails.INVITATION,
        to=invitation.email,
        language=registration.member.language,
        context=lambda: invitation_context(invitation),
        dedupe_key=f"invitation:{registration.pk}:{invitation.pk}",
        related=invitation,
        about=registration.workshop,
    )
    return invitation


def delegate_tell_removed(*, registration: Registration, replaced: bool, at) -> None:
    """Tell a withdrawn or replaced delegate, and make their link stop working."""
    _revoke(registration, at)
    kind = emails.DELEGATE_REPLACED if replaced else emails.DELEGATE_WITHDRAWN
    mail.email_queue(
        kind=kind,
        to=registration.member.email,
        language=registration.member.language,
        context=lambda: delegate_context(registration),
        dedupe_key=f"{kind}:{registration.pk}",
        related=registration,
        about=registration.workshop,
    )


def invitation_for_answer(token: str) -> tuple[Invitation | None, str]:
    """The invitation behind a link and why it cannot be answered ('' when it can)."""
    return Invitation.look_up(token)


@transaction.atomic
def invitation_answer(*, token: str, confirm: bool, at=None) -> Registration:
    """The delegate confirms or declines; the link is used up either way."""
    from workshops import services

    at = at or timezone.now()
    registration = Invitation.use(token, at).registration
    status = Registration.Status.CONFIRMED if confirm else Registration.Status.DECLINED
    if registration.status != status:  # the team may have recorded the answer already
        services.registration_set_status(
            registration=registration, status=status, by=registration.member.user, at=at
        )
    registration.refresh_from_db()
    return registration
