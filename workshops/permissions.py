"""Who may see what of a workshop: one predicate per question, used by every view."""

from django.db.models import Q, QuerySet

from accounts.team import is_management
from learningsets.models import LearningSet
from partners.models import Partner
from workshops.models import Registration, Workshop

# The management team registers, replaces and withdraws any invited partner's delegates with
# the admin's permissions for registrations; it sees who the delegates are with the view one.
REGISTER_FOR_EVERY_PARTNER = ("workshops.add_registration", "workshops.change_registration")
SEE_EVERY_DELEGATE = "workshops.view_registration"


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
    if is_management(user, SEE_EVERY_DELEGATE):
        return True
    if partners_registering_for(user, workshop).exists():
        return True
    return (
        Registration.objects.filter(workshop=workshop, member__user=user)
        .exclude(status=Registration.Status.WITHDRAWN)
        .exists()
    )


# The management team writes any attending set's take-home with the admin's permission to.
WRITE_EVERY_TAKE_HOME = "workshops.change_takehome"


def learning_sets_writing_take_homes(user) -> QuerySet[LearningSet]:
    """The learning sets whose take-homes this user writes: those they are a current member
    of with their account, and those of the partners they are a contact of (every set, for
    the management team)."""
    if not user.is_authenticated:
        return LearningSet.objects.none()
    if is_management(user, WRITE_EVERY_TAKE_HOME):
        return LearningSet.objects.all()
    member = Q(members__user=user, members__left_on__isnull=True)
    return LearningSet.objects.filter(member | Q(partner__contacts=user)).distinct()
