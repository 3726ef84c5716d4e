"""How long the outbox keeps what an e-mail said. OUTBOX_RETENTION_DAYS after it was sent, its
subject, text, HTML and attachments are deleted (a team's wording may name the reader, and the
bodies do); who it went to, what kind it was, what it was about and when stay, so the team still
sees that an invitation went out, and its dedupe key still stops a second one. E-mails not sent
(queued, failed) keep their bodies: they may yet be sent."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from outbox.models import Email


def email_bodies_delete_old(*, now=None) -> int:
    """Delete the subject and body of every e-mail sent more than OUTBOX_RETENTION_DAYS ago, in
    one UPDATE; returns how many. Running it again changes nothing more."""
    now = now or timezone.now()
    sent_long_ago = Email.objects.filter(
        status=Email.Status.SENT,
        sent_at__lt=now - timedelta(days=settings.OUTBOX_RETENTION_DAYS),
        body_deleted_at__isnull=True,
    )
    return sent_long_ago.update(
        subject="", body_text="", body_html="", attachments=[], body_deleted_at=now
    )
