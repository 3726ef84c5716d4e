"""The e-mail outbox: every message is a row written in the business transaction (design.md §4)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class EmailKind(models.TextChoices):
    INVITATION = "invitation", "Workshop invitation"
    DELEGATE_REPLACED = "delegate_replaced", "Delegate replaced"
    DELEGATE_WITHDRAWN = "delegate_withdrawn", "Delegate withdrawn"
    REMINDER_MISSING_DELEGATES = "reminder_missing_delegates", "Reminder: delegates missing"
    REMINDER_UNANSWERED = "reminder_unanswered", "Reminder: invitation not answered"
    REMINDER_UPCOMING = "reminder_upcoming", "Reminder: workshop coming up"
    ACCOUNT_INVITATION = "account_invitation", "Account invitation"


class Email(models.Model):
    """One outgoing message. Status: queued → sending (leased) → sent | queued again | failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40, choices=EmailKind.choices)
    to = models.EmailField("recipient")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "e-mail"
        verbose_name_plural = "outbox"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["workshop", "status"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"


class EmailTemplate(models.Model):
    """The management team's wording of one kind of e-mail; without a row, the default applies."""

    kind = models.CharField(max_length=40, choices=EmailKind.choices, unique=True)
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown with {{ placeholders }}; see the list below.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = "e-mail wording"
        verbose_name_plural = "e-mail wording"

    def __str__(self):
        return self.get_kind_display()
