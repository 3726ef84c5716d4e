"""A person's calendar feed: the private link calendar programs fetch without logging in."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outbox import tokens


class CalendarFeed(models.Model):
    """A person's feed link. As with the outbox's personal links, only a hash of its token is
    stored: the token is an HMAC of the nonce under SECRET_KEY, so *My MILE* shows the link
    again without the database ever holding it. A new nonce revokes the old link."""

    TOKEN_PURPOSE = "calendar-feed"  # so that no other kind of link's token opens a feed

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return gettext("Calendar feed #{number}").format(number=self.pk)

    def token(self) -> str:
        return tokens.token(self.TOKEN_PURPOSE, self.nonce)
