"""The registration rules in words a partner contact understands; services.py applies them."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
# A learning set attended a workshop when one of its members was a delegate there who did not
# decline, withdraw or stay away: it writes a take-home.
ATTENDING = [S.REGISTERED, S.INVITED, S.CONFIRMED, S.ATTENDED]


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
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({workshop.time_zone})"


def window_message(workshop: Workshop, at) -> str:
    """Why delegates cannot be changed now (empty when registration is open)."""
    if workshop.is_registration_open(at):
        return ""
    if workshop.status == Workshop.Status.REGISTRATION_OPEN:
        if at < workshop.registration_opens_at:
            return _("Registration for %(workshop)s opens on %(opens)s.") % {
                "workshop": workshop,
                "opens": local_time(workshop, workshop.registration_opens_at),
            }
        return _(
            "Registration for %(workshop)s closed on %(closes)s. For a late change, write to "
            "the MILE management team."
        ) % {"workshop": workshop, "closes": local_time(workshop, workshop.registration_closes_at)}
    if workshop.status in (Workshop.Status.DRAFT, Workshop.Status.PUBLISHED):
        return _("Registration for %(workshop)s is not open yet.") % {"workshop": workshop}
    return _(
        "Registration for %(workshop)s is closed. For a late change, write to the MILE "
        "management team."
    ) % {"workshop": workshop}


def window_sentence(workshop: Workshop, at) -> str:
    """When partners may register delegates, as it stands at `at`: for the delegates pages."""
    times = {
        "opens": local_time(workshop, workshop.registration_opens_at),
        "closes": local_time(workshop, workshop.registration_closes_at),
    }
    if workshop.is_registration_open(at):
        return _("Registration is open until %(closes)s.") % times
    if at < workshop.registration_opens_at:
        return _("Registration opens on %(opens)s and closes on %(closes)s.") % times
    if at >= workshop.registration_closes_at:
        return _("Registration closed on %(closes)s.") % times
    # Its dates, the workshop not open.
    return _("Registration runs from %(opens)s to %(closes)s.") % times


def quota_message(workshop: Workshop, partner, taken: int, asked: int) -> str:
    quota = workshop.delegates_per_partner
    left = max(quota - taken, 0)
    values = {
        "partner": partner,
        "delegates": ngettext("%(count)d delegate", "%(count)d delegates", quota)
        % {"count": quota},
        "workshop": workshop,
        "taken": taken,
        "left": left,
        "asked": asked,
    }
    if left == 0:
        return (
            _(
                "%(partner)s may send %(delegates)s to %(workshop)s and has registered "
                "%(taken)d: withdraw or replace a delegate first."
            )
            % values
        )
    return (
        ngettext(
            "%(partner)s may send %(delegates)s to %(workshop)s; %(left)d place is left, and "
            "you chose %(asked)d.",
            "%(partner)s may send %(delegates)s to %(workshop)s; %(left)d places are left, and "
            "you chose %(asked)d.",
            left,
        )
        % values
    )


def registration_state(workshop: Workshop, at) -> str:
    """Where registration stands, in one line: for the workshop lists and page."""
    if workshop.status == Workshop.Status.REGISTRATION_CLOSED:
        return _("Registration closed")
    if workshop.status == Workshop.Status.HELD:
        return _("Workshop held")
    if workshop.status != Workshop.Status.REGISTRATION_OPEN:
        return _("Registration not open yet")
    if at < workshop.registration_opens_at:
        return _("Registration opens on %(opens)s") % {
            "opens": local_time(workshop, workshop.registration_opens_at)
        }
    closes = local_time(workshop, workshop.registration_closes_at)
    if at < workshop.registration_closes_at:
        return _("Registration open until %(closes)s") % {"closes": closes}
    return _("Registration closed on %(closes)s") % {"closes": closes}


def take_home_message(workshop: Workshop, learning_set, attended: bool, at) -> str:
    """Why this learning set cannot write its take-home of the workshop now (empty when it
    can): not before the workshop starts, and only a set that attended."""
    values = {"workshop": workshop, "learning_set": learning_set.name}
    if at < workshop.starts_at:
        values["starts"] = formats.date_format(workshop.start_date, "DATE_FORMAT")
        return (
            _("%(workshop)s starts on %(starts)s: its take-homes are written from then on.")
            % values
        )
    if not attended:
        return (
            _(
                "%(learning_set)s had no delegate at %(workshop)s: only the learning sets that "
                "attended it write a take-home."
            )
            % values
        )
    return ""
