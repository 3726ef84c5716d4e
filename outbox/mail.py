"""The outbox: queue e-mails in the business transaction, deliver them after commit, exactly once.

A row is claimed with one conditional UPDATE (queued and due, or sending with an expired
lease), so two workers never send the same row. The one window left is the one every mail
system has: the SMTP server accepted the message and the worker died before recording "sent";
the row is then sent again when its lease expires. It is kept small: recording "sent" is the
very next statement after the server's reply.
"""

import contextlib
import logging
import random
import re
import smtplib
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist, engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from common.richtext import render_markdown
from outbox import kinds
from outbox.models import Email, EmailTemplate

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_CAP_SECONDS = 6 * 3600


# A personal link (an invitation's token) is never stored in the outbox: the row holds this
# marker, and the link is made from the related object only when the message is sent, by the
# kind's registered `personal_link` (outbox/kinds.py).
PERSONAL_LINK = "@@personal-link@@"
PERSONAL_LINK_PLACEHOLDER = "link"


def required_placeholders(kind: str) -> list[str]:
    """The placeholders every wording of this kind must show: the personal link, if it has one.

    The e-mail's {{ link }} placeholder carries it: its wording cannot do without it.
    """
    return [PERSONAL_LINK_PLACEHOLDER] if kinds.get(kind).personal_link else []


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


def written_in(language: str | None) -> str:
    """The language an e-mail is written in: `language` if the site offers it, else English
    (a code the site does not offer, or none, is no error)."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# A wording's two parts: the field of the team's wording, and the repository's file extension.
PARTS = (("subject", "subject.txt"), ("body", "md"))


def _repository_source(kind: str, extension: str, language: str) -> str | None:
    """The repository's text of one part of a kind, None if it has none in that language:
    English in `emails/<kind>.<extension>`, another language in `emails/<code>/`."""
    folder = "emails" if language == settings.LANGUAGE_CODE else f"emails/{language}"
    try:
        return get_template(f"{folder}/{kind}.{extension}").template.source
    except TemplateDoesNotExist:
        return None


def default_wording(kind: str, language: str | None = None) -> tuple[str | None, str | None]:
    """The repository's wording of a kind in a language (English by default): (subject,
    Markdown body), either None where the repository has none in that language."""
    language = language or settings.LANGUAGE_CODE
    subject, body = (_repository_source(kind, extension, language) for _, extension in PARTS)
    return (subject.strip() if subject is not None else None), body


def wording(kind: str, language: str | None = None) -> tuple[str, str]:
    """The subject and body a reader of `language` gets, each part on its own: the team's
    wording in that language, else the repository's in it, else the team's English, else the
    repository's English.

    The team's columns are read as they are: modeltranslation's own fallback would go from the
    team's wording in the language straight to the team's English.
    """
    english = settings.LANGUAGE_CODE
    languages = list(dict.fromkeys([language or english, english]))
    languages = [code for code in languages if code in AVAILABLE_LANGUAGES] or [english]
    columns = [build_localized_fieldname(field, code) for code in languages for field, _ in PARTS]
    team = EmailTemplate.objects.filter(kind=kind).values_list(*columns).first()
    team = dict(zip(columns, team or (None,) * len(columns), strict=True))
    subject, body = (_first_written(kind, part, languages, team) for part in PARTS)
    return subject.strip(), body


def _first_written(kind: str, part: tuple[str, str], languages: list[str], team: dict) -> str:
    field, extension = part
    for code in languages:
        text = team[build_localized_fieldname(field, code)]
        if text and text.strip():
            return text
        text = _repository_source(kind, extension, code)
        if text is not None:
            return text
    raise TemplateDoesNotExist(f"emails/{kind}.{extension}")


class Markdown(str):
    """A placeholder's value that is Markdown made by the application, not text to show as is."""


# The ASCII punctuation Python-Markdown (with the tables extension) and CommonMark both read
# as a backslash escape. '<', '>', '&' and quotes are escaped for HTML instead; '=' and '~'
# (a heading's underline, a code fence) as character references, which Python-Markdown does
# not read after a backslash.
_BACKSLASHED = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_REFERENCES = {"=": "&#61;", "~": "&#126;"}


def escape_for_markdown(value: str) -> SafeString:
    """A placeholder's value as Markdown that shows exactly the value, HTML-escaped too."""
    if isinstance(value, Markdown):
        return escape(value)
    escaped = escape(_BACKSLASHED.sub(r"\\\1", str(value)))
    return mark_safe(re.sub("[=~]", lambda match: _REFERENCES[match[0]], escaped))


def render(kind: str, context: dict[str, str], language: str | None = None) -> tuple[str, str, str]:
    """Subject, text and HTML of a message in a language (English by default); placeholders are
    plain strings, never objects.

    In the HTML, a value is text: Markdown in it shows as typed, never as a link or a heading.
    """
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        return _render(kind, context, language)


def _render(kind: str, context: dict[str, str], language: str) -> tuple[str, str, str]:
    subject_source, body_source = wording(kind, language)
    engine = engines["django"]
    subject = engine.from_string(subject_source).template.render(Context(context, autoescape=False))
    text = engine.from_string(body_source).template.render(Context(context, autoescape=False))
    escaped = engine.from_string(body_source).template.render(
        Context({name: escape_for_markdown(value) for name, value in context.items()})
    )
    subject = " ".join(subject.split())  # a plain str again, so that the layout escapes it
    html = render_to_string(
        "emails/layout.html", {"body": render_markdown(escaped), "subject": subject}
    )
    return subject, text.strip() + "\n", html


# The placeholders' values of a message, or a function that makes them: it is called in the
# recipient's language, so that the dates and labels it writes are in that language.
Placeholders = dict[str, str] | Callable[[], dict[str, str]]


def email_queue(
    *,
    kind: str,
    to: str,
    context: Placeholders,
    dedupe_key: str,
    language: str | None = None,
    related=None,
    about=None,
    attachments: tuple[Attachment, ...] = (),
) -> Email | None:
    """Write one e-mail row in the current transaction and deliver it after commit.

    The e-mail is written in the recipient's `language` (English if the site does not offer
    it): its wording, and its placeholders when `context` is a function. `related` is the object
    the e-mail is for (its personal link is made from it); `about` what the e-mail is about, by
    which the e-mails are found and counted (a workshop, say).
    Returns None when a row with this dedupe key exists already: nothing is sent twice. The key
    never names the language: a reader who changes theirs is sent nothing again.
    """
    kinds.get(kind)  # an unknown kind is refused before anything is written
    if Email.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    language = written_in(language)
    with translation.override(language):
        values = context() if callable(context) else context
        rendered = _render(kind, values, language)
    recipient = Recipient(to, values, dedupe_key, related, language)
    email = _email_row(kind, recipient, language, rendered, about, attachments)
    if not _saved(email):
        return None  # a concurrent writer queued the same dedupe key first
    _deliver_on_commit(email.pk)
    return email


def _saved(email: Email) -> bool:
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Recipient:
    """One message of a fan-out: who, the placeholders' values (or the function that makes them
    in the recipient's language), the dedupe key, and the recipient's language."""

    to: str
    context: Placeholders
    dedupe_key: str
    related: object = None
    language: str | None = None


def emails_queue(
    *,
    kind: str,
    recipients: Iterable[Recipient],
    about=None,
    attachments: tuple[Attachment, ...] = (),
) -> list[Email]:
    """email_queue for many recipients at once (a fan-out): one query for the dedupe keys, one
    INSERT, and after commit one delivery task per DELIVERY_CHUNK e-mails.

    Recipients whose dedupe key exists already get nothing: nothing is sent twice. The wording
    is read and rendered once per language, whatever the number of recipients.
    """
    kinds.get(kind)  # an unknown kind is refused before anything is written
    recipients = list(recipients)
    taken = set(
        Email.objects.filter(dedupe_key__in=[r.dedupe_key for r in recipients]).values_list(
            "dedupe_key", flat=True
        )
    )
    # The new recipients by language, each with its place in the fan-out's order.
    by_language = defaultdict(list)
    for place, recipient in enumerate(recipients):
        if recipient.dedupe_key not in taken:
            taken.add(recipient.dedupe_key)
            by_language[written_in(recipient.language)].append((place, recipient))
    rows = {}
    for language, group in by_language.items():
        with translation.override(language):
            render_one = _fan_out_renderer_in(kind, language)
            for place, recipient in group:
                context = recipient.context
                rendered = render_one(context() if callable(context) else context)
                rows[place] = _email_row(kind, recipient, language, rendered, about, attachments)
    emails = [rows[place] for place in sorted(rows)]
    try:
        with transaction.atomic():
            Email.objects.bulk_create(emails)
    except IntegrityError:  # a concurrent writer queued one of the keys first: row by row
        emails = [email for email in emails if _saved(email)]
    ids = [email.pk for email in emails]
    transaction.on_commit(lambda: _deliver_in_chunks(ids))
    return emails


def _email_row(kind, recipient: Recipient, language: str, rendered, about, attachments) -> Email:
    subject, text, html = rendered
    email = Email(
        kind=kind,
        to=recipient.to,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=[a.__dict__ for a in attachments],
        dedupe_key=recipient.dedupe_key,
    )
    if recipient.related is not None:
        email.content_type = ContentType.objects.get_for_model(recipient.related)
        email.object_id = recipient.related.pk
    if about is not None:
        email.about_type = ContentType.objects.get_for_model(about)
        email.about_id = about.pk
    return email


# A fan-out renders the Markdown once, with a marker for each placeholder, and puts each
# message's values in its place. That gives exactly what render() gives as long as a value has
# no Markdown that render() escapes, no whitespace that could split or join the wording's
# blocks, and a value inside a link is a plain URL; any other message is rendered on its own
# by render().
_PLACEHOLDER = re.compile(r"{{\s*(\w+)\s*}}")
_MARKDOWN_IN_VALUE = re.compile(r"[\\`*_\[\]()!|~\t\r\n]|^\s|\s$|^$|^(?:[-+#>=]|\d+[.)])")
_SUBJECT = "MILEPLACEHOLDERSUBJECTX"
_URL = re.compile(r"(?:https?|mailto):[^\s\\`<>()\[\]\"'{}|]+")


def _fan_out_renderer(
    kind: str, language: str | None = None
) -> Callable[[dict[str, str]], tuple[str, str, str]]:
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        return _fan_out_renderer_in(kind, language)


def _fan_out_renderer_in(
    kind: str, language: str
) -> Callable[[dict[str, str]], tuple[str, str, str]]:
    subject_source, body_source = wording(kind, language)
    sources = subject_source + body_source
    names = sorted(set(_PLACEHOLDER.findall(sources)))
    if (
        "{%" in sources
        or "{#" in sources
        or sources.count("{{") != len(_PLACEHOLDER.findall(sources))
    ):
        return lambda context: render(kind, context, language)  # tags or filters: one by one
    markers = {f"MILEPLACEHOLDER{number:04d}X": name for number, name in enumerate(names)}
    by_name = {name: key for key, name in markers.items()}
    html_body = render_markdown(_PLACEHOLDER.sub(lambda m: by_name[m[1]], body_source))
    in_tags = {name for key, name in markers.items() if re.search(f"<[^>]*{key}", html_body)}
    document = render_to_string("emails/layout.html", {"body": html_body, "subject": _SUBJECT})
    marker = re.compile("|".join([*markers, _SUBJECT]))

    def render_one(context: dict[str, str]) -> tuple[str, str, str]:
        if any(isinstance(context.get(name), Markdown) for name in names):
            return render(kind, context, language)
        values = {name: str(context.get(name, "")) for name in names}
        if any(
            not (_URL.fullmatch(value) or value == PERSONAL_LINK)
            if name in in_tags
            else _MARKDOWN_IN_VALUE.search(value)
            for name, value in values.items()
        ):
            return render(kind, context, language)
        subject = " ".join(_PLACEHOLDER.sub(lambda m: values[m[1]], subject_source).split())
        text = _PLACEHOLDER.sub(lambda m: values[m[1]], body_source).strip() + "\n"
        in_html = {key: _as_html(values[name]) for key, name in markers.items()}
        in_html[_SUBJECT] = escape(subject)  # as the layout's {{ subject }} escapes it
        return subject, text, marker.sub(lambda m: in_html[m[0]], document)

    return render_one


def _as_html(value: str) -> str:
    """A value escaped as the sanitiser writes text out (a value in a link is a plain URL)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


def _deliver_on_commit(email_id: int) -> None:
    from outbox.tasks import deliver_email

    transaction.on_commit(lambda: deliver_email.delay(email_id=email_id))


DELIVERY_CHUNK = 100  # e-mails per delivery task of a fan-out: few messages to the broker


def _deliver_in_chunks(email_ids: list[int]) -> None:
    from outbox.tasks import deliver_emails

    for first in range(0, len(email_ids), DELIVERY_CHUNK):
        deliver_emails.delay(email_ids=email_ids[first : first + DELIVERY_CHUNK])


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


def claim_many(email_ids: list[int]) -> list[Email]:
    """claim() for a fan-out's chunk in one transaction; rows another worker holds are skipped."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
    with transaction.atomic():
        emails = list(
            Email.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk__in=email_ids)
            .order_by("pk")
        )
        Email.objects.filter(pk__in=[email.pk for email in emails]).update(
            status=Email.Status.SENDING, locked_until=lease, attempts=F("attempts") + 1
        )
    for email in emails:
        email.status, email.locked_until = Email.Status.SENDING, lease
        email.attempts += 1
    return emails


def _with_personal_link(email: Email, body: str) -> str:
    if PERSONAL_LINK not in body:
        return body
    return body.replace(PERSONAL_LINK, kinds.get(email.kind).personal_link(email))


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
    return None if email is None else _send(email, connection)


def deliver_many(email_ids: list[int], connection=None) -> dict[int, float]:
    """deliver() for a fan-out's chunk; returns the seconds until a retry of each refused row."""
    retries = {}
    for email in claim_many(email_ids):
        # A row whose lease ran out while the ones before it were sent is another worker's now.
        if timezone.now() < email.locked_until:
            retry_in = _send(email, connection)
            if retry_in is not None:
                retries[email.pk] = retry_in
    return retries


def _send(email: Email, connection) -> float | None:
    try:
        if connection is not None:
            connection.open()  # a kept session (smtp_session) stays open after the message
        _message(email, connection or get_connection()).send()
    except Exception as error:  # any failure of the backend is recorded, never lost
        if connection is not None:
            _close_quietly(connection)  # the session may be broken: the next message opens anew
        return _record_failure(email, error)
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    _log_attempt(email, "sent")
    return None


def _log_attempt(email: Email, outcome: str, error: Exception | None = None, retry_in=None):
    """One line per attempt (outcome: sent, retry or failed) with the row's id and kind, never
    the address (personal data), and the error's class only: a server's reply may quote the
    address. The row keeps the whole reply for the team (the outbox's admin)."""
    details = "" if retry_in is None else f", retry in {round(retry_in)}s"
    details += "" if error is None else f": {type(error).__name__}"
    log.log(
        logging.INFO if error is None else logging.WARNING,
        "E-mail %s (%s) %s at attempt %s%s",
        email.pk,
        email.kind,
        outcome,
        email.attempts,
        details,
        extra={"email_id": email.pk, "kind": email.kind, "outcome": outcome,
               "attempt": email.attempts},
    )  # fmt: skip


# A worker sends message after message: one SMTP session for many of them saves the connection,
# greeting and goodbye of each, and takes the goodbye out of the window between the server's
# reply and recording "sent" (see the top of this module).
SESSION_IDLE_SECONDS = 30  # servers end idle sessions: after a pause, start a new one
SESSION_MESSAGES = 100  # servers limit the messages of one session
_session = threading.local()


def smtp_session():
    """The calling worker thread's e-mail connection, kept open for its next messages."""
    connection, last_used, messages = getattr(_session, "state", (None, 0.0, 0))
    now = time.monotonic()
    if connection is None:
        connection = get_connection()
    if now - last_used > SESSION_IDLE_SECONDS or messages >= SESSION_MESSAGES:
        _close_quietly(connection)
        messages = 0
    _session.state = (connection, now, messages + 1)
    return connection


def _close_quietly(connection) -> None:
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def _record_failure(email: Email, error: Exception) -> float | None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    if email.attempts >= MAX_ATTEMPTS:
        Email.objects.filter(pk=email.pk).update(
            status=Email.Status.FAILED, last_error=reason, locked_until=None
        )
        _log_attempt(email, "failed", error)
        return None
    delay = backoff_seconds(email.attempts)
    _log_attempt(email, "retry", error, retry_in=delay)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.QUEUED,
        last_error=reason,
        locked_until=None,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    return delay


def overdue(max_age: timedelta) -> bool:
    """Whether an e-mail has been due (or its worker dead) for longer than `max_age` without
    being sent: the workers are stopped or stuck. A row waiting for a later retry is not due.
    One EXISTS query on the index (status, next_attempt_at)."""
    return Email.objects.filter(_claimable(timezone.now() - max_age)).exists()


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
