"""Comments on a proposal: written by its authors and the management team, each side told by
e-mail (through the outbox) when the other writes."""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from accounts.languages import reader_language
from outbox import mail
from proposals import emails, permissions, search
from proposals.models import Comment, Proposal, Section

MAX_LENGTH = 5000
EXCERPT_LENGTH = 200


def section_anchor(section: Section | None) -> str:
    """The fragment of the proposal page where a section (or the whole proposal's) comments are."""
    return f"section-{section.key}" if section else "comments"


def section_url(proposal: Proposal, section: Section | None) -> str:
    """The proposal page with the section in focus (its editor, for its authors), at the
    section; or at the comments on the whole proposal."""
    focus = f"?section={section.key}" if section else ""
    return f"{proposal.get_absolute_url()}{focus}#{section_anchor(section)}"


def _clean(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(gettext("Write a comment before sending it."))
    if "\x00" in body:  # PostgreSQL cannot store it; nobody types it on purpose
        raise ValidationError(gettext("A comment cannot contain a null character."))
    if len(body) > MAX_LENGTH:
        too_long = gettext(
            "A comment can be at most {most} characters long; this one has {length}."
        )
        raise ValidationError(too_long.format(most=f"{MAX_LENGTH:,}", length=f"{len(body):,}"))
    return body


@transaction.atomic
def comment_add(*, proposal: Proposal, section: Section | None, body: str, by, at=None) -> Comment:
    """A comment on a section of the proposal, or on the whole (section None)."""
    if section is not None and section.proposal_id != proposal.pk:
        raise ValidationError("This section is not part of the proposal.")
    comment = Comment.objects.create(
        proposal=proposal,
        section=section,
        body=_clean(body),
        author=by,
        created_at=at or timezone.now(),
    )
    _searchable(comment)
    comment_notify(comment=comment)
    return comment


@transaction.atomic
def comment_reply(*, parent: Comment, body: str, by, at=None) -> Comment:
    """An answer in the thread of `parent`; a reply to a reply joins the same thread."""
    top = parent.parent if parent.parent_id else parent
    reply = Comment.objects.create(
        proposal=top.proposal,
        section=top.section,
        parent=top,
        body=_clean(body),
        author=by,
        created_at=at or timezone.now(),
    )
    _searchable(reply)
    comment_notify(comment=reply)
    return reply


def _searchable(comment: Comment) -> None:
    """The proposal's comments' search vector, with this comment's words."""
    vectors = search.refreshed(text=False, comments=True)
    if vectors:
        Proposal.objects.filter(pk=comment.proposal_id).update(**vectors)


def comment_resolve(*, comment: Comment, by, at=None) -> bool:
    """Mark a thread resolved; False if it already was (the first resolver is kept)."""
    at = at or timezone.now()
    updated = Comment.objects.filter(pk=comment.pk, resolved_at__isnull=True).update(
        resolved_at=at, resolved_by=by
    )
    if updated:
        _trail(comment, by=by, reason="thread resolved", at=at)
    return bool(updated)


def comment_reopen(*, comment: Comment, by=None) -> bool:
    """Open a resolved thread again; False if it was open."""
    updated = Comment.objects.filter(pk=comment.pk, resolved_at__isnull=False).update(
        resolved_at=None, resolved_by=None
    )
    if updated:
        _trail(comment, by=by, reason="thread reopened", at=timezone.now())
    return bool(updated)


def _trail(comment: Comment, *, by, reason: str, at) -> None:
    """The conditional UPDATEs above bypass save(): record the change in the audit trail.
    Without `by` the user comes from the request (HistoryRequestMiddleware)."""
    fresh = Comment.objects.get(pk=comment.pk)
    Comment.history.bulk_history_create(
        [fresh], update=True, default_user=by, default_change_reason=reason, default_date=at
    )


def _member_names(proposal: Proposal) -> dict[int, str]:
    members = proposal.learning_set.members.filter(user__isnull=False)
    return dict(members.values_list("user_id", "name"))


def _authors(proposal: Proposal):
    learning_set = proposal.learning_set
    members = learning_set.members.current().filter(user__isnull=False).values("user_id")
    contacts = learning_set.partner.contacts.values("pk")
    return get_user_model().objects.filter(Q(pk__in=members) | Q(pk__in=contacts))


def _to_authors(comment: Comment) -> bool:
    """Whether the other side is the authors: the team wrote the comment."""
    return permissions.reads_every_proposal(comment.author)


def _recipients(comment: Comment):
    """The other side: the authors for the team's comments, the active team for the authors'."""
    people = _authors(comment.proposal) if _to_authors(comment) else permissions.team_readers()
    return people.filter(is_active=True).exclude(pk=comment.author_id).order_by("email")


def comment_notify(*, comment: Comment) -> None:
    """E-mail the other side about a new comment; each person once, however often it runs."""
    names = _member_names(comment.proposal)
    # The authors read their partner's language until they choose one; the team their own.
    partner = comment.proposal.learning_set.partner.language if _to_authors(comment) else ""
    for user in _recipients(comment):
        recipient = names.get(user.pk) or str(user)
        mail.email_queue(
            kind=emails.PROPOSAL_COMMENT,
            to=user.email,
            language=reader_language(user, partner_language=partner),
            context=partial(_comment_context, comment, names, recipient),
            dedupe_key=f"proposal-comment:{comment.pk}:{user.pk}",
            related=comment,
        )


def _comment_context(comment: Comment, names: dict[int, str], recipient: str) -> dict[str, str]:
    proposal, section = comment.proposal, comment.section
    action = gettext("replied to a comment on") if comment.parent_id else gettext("commented on")
    return {
        "recipient": recipient,
        "author": names.get(comment.author_id) or str(comment.author),
        "action": action,
        "proposal": proposal.title,
        "section": section.title if section else gettext("the whole proposal"),
        "excerpt": Truncator(" ".join(comment.body.split())).chars(EXCERPT_LENGTH),
        "proposal_url": settings.SITE_URL + section_url(proposal, section),
    }
