"""The management team's admin: workshops with their agenda, the registration overview,
delegates with their history, attendance and the delegate list export."""

from workshops.admin.registration import RegistrationAdmin
from workshops.admin.workshop import WorkshopAdmin

__all__ = ["RegistrationAdmin", "WorkshopAdmin"]
