"""The reads of the portal's own rows: a person's calendar feed link."""

from django.http import Http404

from outbox import tokens
from portal.models import CalendarFeed


def calendar_feed_of(*, user) -> CalendarFeed | None:
    """The person's feed link, None until they ask for one."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_token_or_404(*, token: str) -> CalendarFeed:
    """The feed of this token, with its person; 404 for a made-up, mangled or revoked token,
    and for the feed of an account that was closed."""
    if not tokens.looks_like_a_token(token):
        raise Http404("No calendar has this address.")
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=tokens.digest(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No calendar has this address.")
    return feed
