"""Who may do what with a partner's data: one predicate per question, used by every view.

Whether someone acts as the management team is asked of accounts.team.
"""

from collections.abc import Collection

from accounts.team import is_management
from partners.models import Partner

# Looking after every partner's learning sets and members, as the admin asks for it.
LOOK_AFTER_EVERY_PARTNER = (
    "learningsets.add_member",
    "learningsets.change_member",
    "learningsets.delete_member",
)


def manages_partner(
    user, partner: Partner, permissions: str | Collection[str] = LOOK_AFTER_EVERY_PARTNER
) -> bool:
    """A contact of this partner, or the management team with `permissions`."""
    if is_management(user, permissions):
        return True
    return user.is_authenticated and partner.contacts.filter(pk=user.pk).exists()
