"""The registration rules in words a partner contact understands; services.py applies them."""

from django.template.defaultfilters import pluralize
from django.utils import formats, timezone

from workshops.models import Registration, Workshop

# Statuses that occupy one of the partner's places; a declined or withdrawn delegate frees it.
HOLDING_A_PLACE = [
    Registration.Status.REGISTERED,
    Registration.Status.INVITED,
    Registration.Status.CONFIRMED,
    Registration.Status.ATTENDED,
    Registration.Status.NO_SHOW,
]

S = Registration.Status
TRANSITIONS = {
    S.REGISTERED: {S.INVITED, S.CONFIRMED, S.DECLINED, S.WITHDRAWN, S.ATTENDED, S.NO_SHOW},
    S.INVITED: {S.CONFIRMED, S.DECLINED, S.WITHDRAWN, S.ATTENDED, S.NO_SHOW},
    S.CONFIRMED: {S.DECLINED, S.WITHDRAWN, S.ATTENDED, S.NO_SHOW},
    S.DECLINED: {S.CONFIRMED, S.WITHDRAWN},
    S.ATTENDED: {S.NO_SHOW},
    S.NO_SHOW: {S.ATTENDED},
    S.WITHDRAWN: set(),
}
ATTENDANCE = {S.ATTENDED, S.NO_SHOW}


def holds_a_place_ahead(registration: Registration, today) -> bool:
    """The delegate still has a place at a workshop that has not ended: they must be
    withdrawn (or replaced) before they can leave their learning set."""
    return registration.status in HOLDING_A_PLACE and registration.workshop.end_date >= today


def places_held(registrations) -> int:
    """How many of these registrations hold one of the partner's places."""
    return sum(1 for registration in registrations if registration.status in HOLDING_A_PLACE)


def local_time(workshop: Workshop, moment) -> str:
    """A moment as the workshop's people read it: in the workshop's time zone, named."""
    local = timezone.localtime(moment, workshop.zone)
    return f"{formats.date_format(local, 'j F Y, H:i')} ({workshop.time_zone})"


def window_message(workshop: Workshop, at) -> str:
    """Why delegates cannot be changed now (empty when registration is open)."""
    if workshop.is_registration_open(at):
        return ""
    if workshop.status == Workshop.Status.REGISTRATION_OPEN:
        if at < workshop.registration_opens_at:
            return (
                f"Registration for {workshop} opens on "
                f"{local_time(workshop, workshop.registration_opens_at)}."
            )
        return (
            f"Registration for {workshop} closed on "
            f"{local_time(workshop, workshop.registration_closes_at)}. For a late change, "
            "write to the MILE management team."
        )
    if workshop.status in (Workshop.Status.DRAFT, Workshop.Status.PUBLISHED):
        return f"Registration for {workshop} is not open yet."
    return (
        f"Registration for {workshop} is closed. For a late change, write to the MILE "
        "management team."
    )


def window_sentence(workshop: Workshop, at) -> str:
    """When partners may register delegates, as it stands at `at`: for the delegates pages."""
    opens = local_time(workshop, workshop.registration_opens_at)
    closes = local_time(workshop, workshop.registration_closes_at)
    if workshop.is_registration_open(at):
        return f"Registration is open until {closes}."
    if at < workshop.registration_opens_at:
        return f"Registration opens on {opens} and closes on {closes}."
    if at >= workshop.registration_closes_at:
        return f"Registration closed on {closes}."
    return f"Registration runs from {opens} to {closes}."  # its dates, the workshop not open


def quota_message(workshop: Workshop, partner, taken: int, asked: int) -> str:
    quota = workshop.delegates_per_partner
    delegates = f"{quota} delegate{pluralize(quota)}"
    left = max(quota - taken, 0)
    if left == 0:
        return (
            f"{partner} may send {delegates} to {workshop} and has registered {taken}: "
            "withdraw or replace a delegate first."
        )
    return (
        f"{partner} may send {delegates} to {workshop}; {left} place"
        f"{'s are' if left != 1 else ' is'} left, and you chose {asked}."
    )


def registration_state(workshop: Workshop, at) -> str:
    """Where registration stands, in one line: for the workshop lists and page."""
    if workshop.status != Workshop.Status.REGISTRATION_OPEN:
        return {
            Workshop.Status.REGISTRATION_CLOSED: "Registration closed",
            Workshop.Status.HELD: "Workshop held",
        }.get(workshop.status, "Registration not open yet")
    if at < workshop.registration_opens_at:
        return f"Registration opens on {local_time(workshop, workshop.registration_opens_at)}"
    if at < workshop.registration_closes_at:
        return f"Registration open until {local_time(workshop, workshop.registration_closes_at)}"
    return f"Registration closed on {local_time(workshop, workshop.registration_closes_at)}"
