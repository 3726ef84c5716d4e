"""The outbox: queue e-mails in the business transaction, deliver them after commit, exactly once.

A row is claimed with one conditional UPDATE (queued and due, or sending with an expired
lease), so two workers never send the same row. The one window left is the one every mail
system has: the SMTP server accepted the message and the worker died before recording "sent";
the row is then sent again when its lease expires. It is kept small: recording "sent" is the
very next statement after the server's reply.
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from mile.models import Email, EmailKind, EmailTemplate
from mile.richtext import render_markdown

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_CAP_SECONDS = 6 * 3600


# A personal link (an invitation's token) is never stored in the outbox: the row holds this
# marker, and the link is made from the related object only when the message is sent.
PERSONAL_LINK = "@@personal-link@@"
_personal_link_makers: dict[str, Callable[[Email], str]] = {}


def register_personal_link(kind: str, make_link: Callable[[Email], str]) -> None:
    """Say how to make the personal link of one kind of e-mail (called from AppConfig.ready)."""
    _personal_link_makers[kind] = make_link


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with full jitter between half and the whole step."""
    base = settings.EMAIL_RETRY_BASE_SECONDS
    step = min(base * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
    return step * random.uniform(0.5, 1.0)


def default_wording(kind: str) -> tuple[str, str]:
    """The repository's wording of a kind: (subject, Markdown body)."""
    subject = get_template(f"emails/{kind}.subject.txt").template.source.strip()
    body = get_template(f"emails/{kind}.md").template.source
    return subject, body


def wording(kind: str) -> tuple[str, str]:
    """The management team's wording if they changed it, else the repository's."""
    custom = EmailTemplate.objects.filter(kind=kind).values_list("subject", "body").first()
    return custom or default_wording(kind)


def render(kind: str, context: dict[str, str]) -> tuple[str, str, str]:
    """Subject, text and HTML of a message; placeholders are plain strings, never objects."""
    subject_source, body_source = wording(kind)
    engine = engines["django"]
    subject = engine.from_string(subject_source).template.render(Context(context, autoescape=False))
    text = engine.from_string(body_source).template.render(Context(context, autoescape=False))
    escaped = engine.from_string(body_source).template.render(Context(context))
    html = render_to_string(
        "emails/layout.html", {"body": render_markdown(escaped), "subject": subject}
    )
    return " ".join(subject.split()), text.strip() + "\n", html


def email_queue(
    *,
    kind: str,
    to: str,
    context: dict[str, str],
    dedupe_key: str,
    related=None,
    workshop=None,
    attachments: tuple[Attachment, ...] = (),
) -> Email | None:
    """Write one e-mail row in the current transaction and deliver it after commit.

    Returns None when a row with this dedupe key exists already: nothing is sent twice.
    """
    if Email.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    subject, text, html = render(kind, context)
    email = Email(
        kind=EmailKind(kind),
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=[a.__dict__ for a in attachments],
        dedupe_key=dedupe_key,
        workshop=workshop,
    )
    if related is not None:
        email.content_type = ContentType.objects.get_for_model(related)
        email.object_id = related.pk
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return None  # a concurrent writer queued the same dedupe key first
    _deliver_on_commit(email.pk)
    return email


def _deliver_on_commit(email_id: int) -> None:
    from mile.tasks import deliver_email

    transaction.on_commit(lambda: deliver_email.delay(email_id=email_id))


def _claimable(now):
    due = Q(status=Email.Status.QUEUED, next_attempt_at__lte=now)
    stale = Q(status=Email.Status.SENDING, locked_until__lt=now)
    return due | stale


def claim(email_id: int) -> Email | None:
    """Take the row for sending (one conditional UPDATE), or None if it is not ours to send."""
    now = timezone.now()
    claimed = (
        Email.objects.filter(pk=email_id)
        .filter(_claimable(now))
        .update(
            status=Email.Status.SENDING,
            locked_until=now + timedelta(seconds=settings.EMAIL_LEASE_SECONDS),
            attempts=F("attempts") + 1,
        )
    )
    return Email.objects.get(pk=email_id) if claimed else None


def _with_personal_link(email: Email, body: str) -> str:
    if PERSONAL_LINK not in body:
        return body
    return body.replace(PERSONAL_LINK, _personal_link_makers[email.kind](email))


def _message(email: Email, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        email.subject,
        _with_personal_link(email, email.body_text),
        settings.DEFAULT_FROM_EMAIL,
        [email.to],
        connection=connection,
        headers={"X-MILE-Email": str(email.pk)},
    )
    if email.body_html:
        message.attach_alternative(_with_personal_link(email, email.body_html), "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


def deliver(email_id: int, connection=None) -> float | None:
    """Send one row if it is due; returns seconds until a retry, or None when done."""
    email = claim(email_id)
    if email is None:
        return None
    try:
        _message(email, connection or get_connection()).send()
    except Exception as error:  # any failure of the backend is recorded, never lost
        return _record_failure(email, error)
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    return None


def _record_failure(email: Email, error: Exception) -> float | None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    log.warning("E-mail %s failed (attempt %s): %s", email.pk, email.attempts, reason)
    if email.attempts >= MAX_ATTEMPTS:
        Email.objects.filter(pk=email.pk).update(
            status=Email.Status.FAILED, last_error=reason, locked_until=None
        )
        return None
    delay = backoff_seconds(email.attempts)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.QUEUED,
        last_error=reason,
        locked_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    return delay


def deliver_due(limit: int = 1000) -> int:
    """Queue delivery of every row that is due or whose worker died: the safety net."""
    ids = list(
        Email.objects.filter(_claimable(timezone.now()))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for email_id in ids:
        _deliver_on_commit(email_id)
    return len(ids)


@transaction.atomic
def emails_resend(*, emails) -> int:
    """Queue failed e-mails again from their first attempt; returns how many."""
    ids = [email.pk for email in emails if email.status == Email.Status.FAILED]
    Email.objects.filter(pk__in=ids).update(
        status=Email.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    for email_id in ids:
        _deliver_on_commit(email_id)
    return len(ids)
