"""Who may see and change what in a learning set, and in its (or its Local Support Group's)
set meetings.

The team acts with the permissions the admin asks for the same thing, so the site and the
admin agree; a set's people are its current members with an account and its partner's contacts
(for a Local Support Group: the members of any of the partner's sets, and its contacts).
"""

from accounts.team import is_management
from learningsets.models import Action, LearningSet, Meeting, Member
from partners.models import Partner

READ_MEETINGS = "learningsets.view_meeting"
RECORD_MEETINGS = "learningsets.add_meeting"
CHANGE_MEETINGS = "learningsets.change_meeting"
CLOSE_ACTIONS = "learningsets.change_action"


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


def memberships_in(
    *, user, learning_set: LearningSet | None = None, partner: Partner | None = None
):
    """The user's current memberships of the learning set, or of any of the partner's sets."""
    if not user.is_authenticated:
        return Member.objects.none()
    if learning_set is not None:
        return Member.objects.current().filter(user=user, learning_set=learning_set)
    return Member.objects.current().filter(user=user, learning_set__partner=partner)


def is_of_the_set(user, *, learning_set=None, partner=None) -> bool:
    """One of the set's people (the support group's, given a partner): a current member with
    an account, or a contact of its partner."""
    if not user.is_authenticated:
        return False
    owner = partner if partner is not None else learning_set.partner
    return (
        owner.contacts.filter(pk=user.pk).exists()
        or memberships_in(user=user, learning_set=learning_set, partner=partner).exists()
    )


def may_meet(user, permission: str, *, learning_set=None, partner=None) -> bool:
    """The set's people, or the team holding the admin's `permission` for it."""
    return is_management(user, permission) or is_of_the_set(
        user, learning_set=learning_set, partner=partner
    )


def reads_meeting(user, meeting: Meeting) -> bool:
    return may_meet(user, READ_MEETINGS, **holder(meeting))


def changes_meeting(user, meeting: Meeting) -> bool:
    return may_meet(user, CHANGE_MEETINGS, **holder(meeting))


def closes_action(user, action: Action, meeting: Meeting) -> bool:
    """Its owner (through their account) or the set: its people, the team with the admin's
    permission to change actions."""
    if user.is_authenticated and action.owner.user_id == user.pk:
        return True
    return may_meet(user, CLOSE_ACTIONS, **holder(meeting))


def holder(meeting: Meeting) -> dict:
    """Whose meeting it is, as may_meet() takes it."""
    if meeting.is_support_group:
        return {"partner": meeting.partner}
    return {"learning_set": meeting.learning_set}
