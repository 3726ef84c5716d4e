"""Who may see what of a workshop: one predicate per question, used by every view."""

from django.db.models import QuerySet

from partners.models import Partner
from partners.permissions import is_management
from workshops.models import Registration, Workshop


def partners_registering_for(user, workshop: Workshop) -> QuerySet[Partner]:
    """The invited partners whose delegates this user registers: those they are a contact of."""
    if not user.is_authenticated:
        return Partner.objects.none()
    return workshop.invited_partners.filter(contacts=user).order_by("name")


def is_participant(user, workshop: Workshop) -> bool:
    """The management team, a contact of an invited partner, or one of the workshop's delegates.

    Participants see who the delegates are; nobody else does.
    """
    if not user.is_authenticated:
        return False
    if is_management(user):
        return True
    if partners_registering_for(user, workshop).exists():
        return True
    return (
        Registration.objects.filter(workshop=workshop, member__user=user)
        .exclude(status=Registration.Status.WITHDRAWN)
        .exists()
    )
