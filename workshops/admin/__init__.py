"""The management team's admin: workshops with their agenda, the registration overview,
delegates with their history, attendance and the delegate list export, and the learning
sets' take-homes."""

from common.audit import register_trail
from workshops.admin.registration import RegistrationAdmin
from workshops.admin.takehome import TakeHomeAdmin
from workshops.admin.workshop import WorkshopAdmin
from workshops.models import Invitation, Registration, Session, Workshop

register_trail(Workshop, Session, Registration, Invitation)

__all__ = ["RegistrationAdmin", "TakeHomeAdmin", "WorkshopAdmin"]
