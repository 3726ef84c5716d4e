"""Who may see and change what in a learning set."""

from accounts.team import is_management
from learningsets.models import LearningSet


def can_see_member_contacts(*, user, learning_set: LearningSet) -> bool:
    """E-mail addresses are for the team, the partner's contacts and the set's own members."""
    if not user.is_authenticated:
        return False
    if is_management(user, "learningsets.view_member"):
        return True
    return (
        learning_set.partner.contacts.filter(pk=user.pk).exists()
        or learning_set.members.current().filter(user=user).exists()
    )
