"""Who may do what with a partner's data: one predicate per question, used by every view."""

from partners.models import Partner


def is_management(user) -> bool:
    """The MILE management team: staff accounts."""
    return user.is_authenticated and user.is_staff


def manages_partner(user, partner: Partner) -> bool:
    """The management team, or a contact of this partner."""
    if is_management(user):
        return True
    return user.is_authenticated and partner.contacts.filter(pk=user.pk).exists()
