"""The management team's admin: sub-themes, principles, learning sets with their members, and
the Action Learning cycle (set meetings, their problems and actions, learning logs)."""

from learningsets.admin.meetings import ActionAdmin, LearningLogEntryAdmin, MeetingAdmin
from learningsets.admin.sets import LearningSetAdmin, MemberAdmin, PartnerWithLearningSetsAdmin

__all__ = [
    "ActionAdmin",
    "LearningLogEntryAdmin",
    "LearningSetAdmin",
    "MeetingAdmin",
    "MemberAdmin",
    "PartnerWithLearningSetsAdmin",
]
