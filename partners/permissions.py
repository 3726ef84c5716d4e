"""Who may do what with a partner's data: one predicate per question, used by every view.

The management team acts on the site with the permissions the admin asks for the same thing
(given through the team's group): a staff account without them is like any other account
here, and a superuser has them all.
"""

from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from partners.models import Partner

# Looking after every partner's learning sets and members, as the admin asks for it.
LOOK_AFTER_EVERY_PARTNER = (
    "learningsets.add_member",
    "learningsets.change_member",
    "learningsets.delete_member",
)


def is_management(user, permissions: str | Collection[str]) -> bool:
    """A member of the management team holding `permissions` (one or several)."""
    if not (user.is_authenticated and user.is_staff):
        return False  # the permissions are loaded (and kept on the user) for staff only
    wanted = [permissions] if isinstance(permissions, str) else permissions
    return user.has_perms(wanted)


def management_with(*permissions: str) -> QuerySet:
    """The active members of the management team holding every one of `permissions`: whom
    the site tells of what the team does with them."""
    people = get_user_model().objects.filter(is_staff=True, is_active=True)
    for permission in permissions:
        people = people.filter(pk__in=ModelBackend().with_perm(permission).values("pk"))
    return people


def manages_partner(
    user, partner: Partner, permissions: str | Collection[str] = LOOK_AFTER_EVERY_PARTNER
) -> bool:
    """A contact of this partner, or the management team with `permissions`."""
    if is_management(user, permissions):
        return True
    return user.is_authenticated and partner.contacts.filter(pk=user.pk).exists()
