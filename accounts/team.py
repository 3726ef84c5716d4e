"""Who belongs to the management team: asked here by every app.

The management team acts on the site with the permissions the admin asks for the same thing
(given through the team's group): a staff account without them is like any other account
here, and a superuser has them all.
"""

from collections.abc import Collection

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet


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
