"""Workshops, their agenda, the registrations of delegates, and the sets' take-homes."""

from common.zones import TIME_ZONES, time_zone_choices
from workshops.models.takehome import TakeHome
from workshops.models.workshop import Invitation, Registration, Session, StatusChange, Workshop

__all__ = [
    "TIME_ZONES",
    "Invitation",
    "Registration",
    "Session",
    "StatusChange",
    "TakeHome",
    "Workshop",
    "time_zone_choices",  # the migrations name workshops.models.time_zone_choices
]
