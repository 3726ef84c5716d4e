"""A person's data in the portal: whether they have a calendar feed link (never its token,
which would open their calendar to whoever reads the export). Erased, the link is deleted:
whoever still holds it gets a 404."""

from accounts.personal_data import Erasure, Part, Person, Rows, register
from portal.models import CalendarFeed

FEEDS = "portal.calendarfeed"


def register_part() -> None:
    register(Part("calendar_feed", export, rows, erase=erase))


def export(person: Person) -> dict | None:
    feed = CalendarFeed.objects.filter(user=person.user).first() if person.user else None
    return None if feed is None else {"exists": True, "created_at": feed.created_at}


def rows(person: Person) -> Rows:
    if person.user is None:
        return {}
    return {FEEDS: list(CalendarFeed.objects.filter(user=person.user).values_list("pk", flat=True))}


def erase(erasure: Erasure) -> None:
    CalendarFeed.objects.filter(pk__in=erasure.ids(FEEDS)).delete()
