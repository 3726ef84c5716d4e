"""The registration of the open workshops: places taken against the partners' quotas, and
the invitations answered."""

import datetime as dt

from django.db.models import Count, F, OuterRef
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.charts import Bar, Chart, Segment, stacked_bars
from portal.overview import AdminLists, Figure, count_of, in_list
from workshops.models import Registration, Workshop
from workshops.rules import HOLDING_A_PLACE

# Workshops whose registration the team still watches: announced, open or closed, not yet held.
OPEN_WORKSHOPS = [
    Workshop.Status.PUBLISHED,
    Workshop.Status.REGISTRATION_OPEN,
    Workshop.Status.REGISTRATION_CLOSED,
]
ANSWERED = [
    Registration.Status.CONFIRMED,
    Registration.Status.DECLINED,
    Registration.Status.ATTENDED,
    Registration.Status.NO_SHOW,
]
# The parts of a workshop's places, as its chart colours them.
PARTS = {
    "confirmed": _("Confirmed"),
    "invited": _("Awaiting an answer"),
    "registered": _("Not yet invited"),
    "free": _("Free"),
}
WORKSHOPS_SHOWN = 10  # the next to start; the admin lists them all


def _places_complete(workshop_ids) -> dict[int, int]:
    """How many invited partners of each workshop hold all their places (one query)."""
    taken = Registration.objects.filter(
        workshop=OuterRef("workshop_id"),
        partner=OuterRef("partner_id"),
        status__in=HOLDING_A_PLACE,
    )
    full = GreaterThanOrEqual(count_of(taken), F("workshop__delegates_per_partner"))
    invited = Workshop.invited_partners.through.objects.filter(workshop__in=workshop_ids)
    rows = invited.order_by().values("workshop").annotate(complete=Count("pk", filter=full))
    return {row["workshop"]: row["complete"] for row in rows}


def workshop_progress(*, today: dt.date) -> dict:
    """The first open workshops' places taken by status against their partners' quotas and
    their invitations answered, and how many are open in all (four queries)."""
    lists = AdminLists()
    open_workshops = Workshop.objects.filter(status__in=OPEN_WORKSHOPS, end_date__gte=today)
    # A correlated count is computed for the rows shown only, a join's for every open one.
    invited = Workshop.invited_partners.through.objects.filter(workshop=OuterRef("pk"))
    workshops = list(
        open_workshops.select_related("sub_theme")
        .annotate(partner_count=count_of(invited))
        .order_by("start_date", "pk")[:WORKSHOPS_SHOWN]
    )
    ids = [workshop.pk for workshop in workshops]
    by_status: dict[tuple[int, str], int] = {
        (row["workshop"], row["status"]): row["count"]
        for row in Registration.objects.filter(workshop__in=ids)
        .order_by()
        .values("workshop", "status")
        .annotate(count=Count("pk"))
    }
    complete = _places_complete(ids)
    every_open = lists(
        Workshop, status__in=in_list(OPEN_WORKSHOPS), end_date__gte=today.isoformat()
    )
    return {
        "rows": [_workshop_row(w, by_status, complete.get(w.pk, 0), lists) for w in workshops],
        "open": Figure(open_workshops.count(), every_open),
    }


def _workshop_row(workshop, by_status, complete, lists) -> dict:
    def count(*statuses) -> Figure:
        value = sum(by_status.get((workshop.pk, status), 0) for status in statuses)
        filters = {"workshop__id__exact": workshop.pk}
        if len(statuses) == 1:
            filters["status__exact"] = statuses[0]
        else:
            filters["status__in"] = in_list(statuses)
        return Figure(value, lists(Registration, **filters))

    S = Registration.Status
    places = workshop.delegates_per_partner * workshop.partner_count
    taken = count(*HOLDING_A_PLACE)
    partners = reverse("admin:workshops_workshop_registrations", args=[workshop.pk])
    return {
        "workshop": workshop,
        "partners": Figure(workshop.partner_count, partners),
        "complete": Figure(complete, partners),
        "missing": Figure(workshop.partner_count - complete, partners),
        "places": Figure(places, partners),
        "taken": taken,
        "free": Figure(max(places - taken.value, 0), partners),
        "confirmed": count(S.CONFIRMED, S.ATTENDED, S.NO_SHOW),
        "invited": count(S.INVITED),
        "registered": count(S.REGISTERED),
        "declined": count(S.DECLINED),
        "answered": count(*ANSWERED),
        "asked": count(S.INVITED, *ANSWERED),
    }


def registration_chart(rows: list[dict]) -> Chart:
    """A bar per open workshop: its places, confirmed, awaiting an answer, not yet invited
    and free."""
    return stacked_bars(
        [
            Bar(
                label=str(row["workshop"]),
                segments=[
                    Segment(label, row[part].value, f"chart-{part}")
                    for part, label in PARTS.items()
                ],
            )
            for row in rows
        ],
        legend=[(label, f"chart-{part}") for part, label in PARTS.items()],
    )
