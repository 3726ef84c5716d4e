"""The writes of the portal's own rows: a person's calendar feed link."""

from outbox import tokens
from portal.models import CalendarFeed


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    """The person's feed link, made on their first asking."""
    feed, _ = CalendarFeed.objects.get_or_create(
        user=user, defaults=tokens.issue_fields(CalendarFeed.TOKEN_PURPOSE)
    )
    return feed


def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new link in place of the person's old one, which then answers 404."""
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user, defaults=tokens.issue_fields(CalendarFeed.TOKEN_PURPOSE)
    )
    return feed
