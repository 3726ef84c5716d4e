"""Learning sets, their members and the Action Learning cycle between workshops."""

from learningsets.models.meetings import Action, LearningLogEntry, Meeting, Problem
from learningsets.models.sets import (
    AccountInvitation,
    CommonBasicPrinciple,
    LearningSet,
    Member,
    MemberQuerySet,
    SubTheme,
)

__all__ = [
    "AccountInvitation",
    "Action",
    "CommonBasicPrinciple",
    "LearningLogEntry",
    "LearningSet",
    "Meeting",
    "Member",
    "MemberQuerySet",
    "Problem",
    "SubTheme",
]
