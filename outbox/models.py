"""The e-mail outbox: every message is a row written in the business transaction.

The tables keep the names they had when the outbox lived in the `mile` app: moving it changed no
row (see migrations/0001_initial.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outbox import kinds


class EmailQuerySet(models.QuerySet):
    def about(self, model, ids):
        """The e-mails about these objects of one model: one query, through the index on
        (about_type, about_id, status), without looking the content type up first."""
        opts = model._meta
        return self.filter(
            about_type__app_label=opts.app_label,
            about_type__model=opts.model_name,
            about_id__in=list(ids),
        )


def languages():
    # A callable: the migrations keep no list of languages, which grows with the catalogues.
    return list(settings.MILE_LANGUAGES.items())


class Email(models.Model):
    """One outgoing message. Status: queued → sending (leased) → sent | queued again | failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, choices=kinds.choices)
    to = models.EmailField(_("recipient"))
    # The recipient's language when it was queued: the message is written in it.
    language = models.CharField(_("language"), max_length=15, choices=languages)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    # What the e-mail is about, for counting and finding an event's e-mails (a workshop's, say)
    # when `related` is one of its parts (an invitation, a registration). Set by the sender.
    about_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # the index on (about_type, about_id, status) serves it
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set when the subject and body were deleted, OUTBOX_RETENTION_DAYS after sending
    # (outbox/retention.py): who, what kind and when remain.
    body_deleted_at = models.DateTimeField(_("body deleted at"), null=True, blank=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        db_table = "mile_email"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["about_type", "about_id", "status"]),
        ]

    def __str__(self):
        return gettext("{kind} to {to}").format(kind=self.get_kind_display(), to=self.to)


class EmailTemplate(models.Model):
    """The management team's wording of one kind of e-mail; without a row, the default applies."""

    kind = models.CharField(_("kind"), max_length=40, choices=kinds.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(
        _("body"), help_text=_("Markdown with {{ placeholders }}; see the list below.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        db_table = "mile_emailtemplate"
        ordering = ["kind"]
        verbose_name = _("e-mail wording")
        verbose_name_plural = _("e-mail wording")

    def __str__(self):
        return self.get_kind_display()


class PersonalLink(models.Model):
    """A single-use, expiring link sent to one person. Only a hash of its token is stored.

    The token is an HMAC of a random nonce under SECRET_KEY, so the outbox can make the link
    again when it sends the e-mail (and a reminder can resend it) without ever storing it.
    """

    TOKEN_PURPOSE = ""  # set by each kind of link, so one kind's token never opens another
    # The path from the link to the person it was sent to (who has an `email`), e.g. "member".
    PERSON = ""

    nonce = models.CharField(max_length=32, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The address the link was sent to: opening it proves that address, and no other.
    email = models.EmailField("sent to", editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def find(cls, token: str):
        """The link with this token, or None for an unknown or tampered token."""
        from outbox import tokens

        if not tokens.looks_like_a_token(token):
            return None
        links = cls._default_manager.select_related(cls.PERSON)
        return links.filter(token_hash=tokens.digest(token)).first()

    @classmethod
    def look_up(cls, token: str):
        """(link, why it cannot be used now): the link is None for an unknown token."""
        link = cls.find(token)
        if link is None:
            return None, gettext(
                "This invitation link is not valid. Check that you opened the whole link "
                "from the e-mail."
            )
        return link, link.problem()

    @classmethod
    def use(cls, token: str, at=None):
        """Use the link up, under a row lock so two clicks cannot both use it; inside atomic."""
        at = at or timezone.now()
        link, problem = cls.look_up(token)
        if link is None:
            raise ValidationError(problem)
        # Only the link's row is locked (a member's edit locks the member, then their links).
        link = (
            cls._default_manager.select_related(cls.PERSON)
            .select_for_update(of=("self",))
            .get(pk=link.pk)
        )
        problem = link.problem(at)
        if problem:
            raise ValidationError(problem)
        link.used_at = at
        link.save(update_fields=["used_at"])
        return link

    def token(self) -> str:
        from outbox import tokens

        return tokens.token(self.TOKEN_PURPOSE, self.nonce)

    def person(self):
        """The person the link was sent to, with their current address."""
        person = self
        for name in self.PERSON.split("__"):
            person = getattr(person, name)
        return person

    def sent_to_current_address(self) -> bool:
        return self.email.lower() == self.person().email.lower()

    def problem(self, at=None) -> str:
        """Why the link cannot be used now, in the reader's words; empty if it can."""
        at = at or timezone.now()
        if self.revoked_at:
            return gettext("This link was withdrawn and no longer works.")
        if not self.sent_to_current_address():
            return gettext(
                "This link was sent to an e-mail address that has since been changed, so it "
                "no longer works."
            )
        if self.used_at:
            used = formats.date_format(timezone.localtime(self.used_at), "DATETIME_FORMAT")
            return gettext("This link was already used, on {moment}.").format(moment=used)
        if at >= self.expires_at:
            expired = formats.date_format(timezone.localtime(self.expires_at), "DATE_FORMAT")
            return gettext("This link expired on {date}.").format(date=expired)
        return ""
