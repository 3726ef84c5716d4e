"""A proposal's workflow: every change of its status goes through `proposal_transition`.

Draft → submitted → in review → changes requested (editable again) or approved; the authors
may withdraw it until it is approved; the team may make an approved proposal public. The
team's steps are the review: they need the admin's permission to change a proposal
(permissions.is_reviewer), and nobody reviews a proposal they are an author of. Each step is
recorded as a Transition and told by e-mail through the outbox, in the same transaction; a
review's rounds of scores open and end with its steps (proposals.scoring).
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import reader_language
from outbox import mail
from proposals import deadlines, documents, emails, permissions, scoring, services
from proposals.live import broadcast
from proposals.models import Proposal, Transition

AUTHORS = "authors"
TEAM = "team"
NOTE_LIMIT = 5000

S = Proposal.Status

# How a refused step names the status the proposal is in, as a whole clause: in other languages
# the verb and its agreement change with the status.
PROPOSAL_IS = {
    S.DRAFT: _("This proposal is a draft"),
    S.SUBMITTED: _("This proposal is submitted"),
    S.IN_REVIEW: _("This proposal is in review"),
    S.CHANGES_REQUESTED: _("This proposal is back with its authors for changes"),
    S.APPROVED: _("This proposal is approved"),
    S.WITHDRAWN: _("This proposal is withdrawn"),
}
# A step refused because the proposal has the status the step leads to.
ALREADY = {
    S.SUBMITTED: _("This proposal is submitted already."),
    S.IN_REVIEW: _("This proposal is in review already."),
    S.CHANGES_REQUESTED: _("This proposal is back with its authors for changes already."),
    S.APPROVED: _("This proposal is approved already."),
    S.WITHDRAWN: _("This proposal is withdrawn already."),
}


@dataclass(frozen=True)
class Action:
    """One step of the workflow: who may take it, from which statuses, and whom it tells."""

    name: str
    label: str
    by: str
    sources: frozenset[str]
    target: str
    refused_role: str
    refused_status: str
    done: str
    email: str | None = None
    tell: str | None = None
    public: bool | None = None
    needs_note: bool = False
    before_deadline: bool = False  # refused once the proposal's deadline has passed


ACTIONS = {
    action.name: action
    for action in [
        Action(
            name="submit",
            label=_("Submit for review"),
            by=AUTHORS,
            sources=frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
            target=S.SUBMITTED,
            refused_role=_(
                "Only the members of the proposal's learning set and the contacts of "
                "its partner can submit it."
            ),
            refused_status=_("it can't be submitted"),
            done=_("The proposal is submitted. The MILE management team has been told."),
            email=emails.PROPOSAL_SUBMITTED,
            tell=TEAM,
            before_deadline=True,
        ),
        Action(
            name="start_review",
            label=_("Start the review"),
            by=TEAM,
            sources=frozenset({S.SUBMITTED}),
            target=S.IN_REVIEW,
            refused_role=_("Only the MILE management team can start the review of a proposal."),
            refused_status=_("its review can't be started"),
            done=_("The proposal is in review. Its authors have been told."),
            email=emails.PROPOSAL_IN_REVIEW,
            tell=AUTHORS,
        ),
        Action(
            name="request_changes",
            label=_("Request changes"),
            by=TEAM,
            sources=frozenset({S.SUBMITTED, S.IN_REVIEW}),
            target=S.CHANGES_REQUESTED,
            refused_role=_("Only the MILE management team can request changes to a proposal."),
            refused_status=_("changes can't be requested"),
            done=_(
                "Changes requested. The authors have been told and can edit the proposal again."
            ),
            email=emails.PROPOSAL_CHANGES_REQUESTED,
            tell=AUTHORS,
            needs_note=True,
        ),
        Action(
            name="approve",
            label=_("Approve"),
            by=TEAM,
            sources=frozenset({S.IN_REVIEW}),
            target=S.APPROVED,
            refused_role=_("Only the MILE management team can approve a proposal."),
            refused_status=_("it can't be approved"),
            done=_("The proposal is approved. Its authors have been told."),
            email=emails.PROPOSAL_APPROVED,
            tell=AUTHORS,
        ),
        Action(
            name="withdraw",
            label=_("Withdraw the proposal"),
            by=AUTHORS,
            sources=frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED}),
            target=S.WITHDRAWN,
            refused_role=_(
                "Only the members of the proposal's learning set and the contacts of "
                "its partner can withdraw it."
            ),
            refused_status=_("it can't be withdrawn"),
            done=_("The proposal is withdrawn. The MILE management team has been told."),
            email=emails.PROPOSAL_WITHDRAWN,
            tell=TEAM,
        ),
        Action(
            name="publish",
            label=_("Make public"),
            by=TEAM,
            sources=frozenset({S.APPROVED}),
            target=S.APPROVED,
            refused_role=_("Only the MILE management team can make a proposal public."),
            refused_status=_("it can't be made public"),
            done=_("The proposal is public in the library of proposals."),
            public=True,
        ),
        Action(
            name="unpublish",
            label=_("Take out of the library"),
            by=TEAM,
            sources=frozenset({S.APPROVED}),
            target=S.APPROVED,
            refused_role=_("Only the MILE management team can take a proposal out of the library."),
            refused_status=_("it can't be taken out of the library"),
            done=_("The proposal is no longer public."),
            public=False,
        ),
    ]
}

# The principles are chosen on the Details page, not on the proposal page the refusal shows on.
NO_PRINCIPLE = _(
    "Choose at least one Common Basic Principle that the proposal serves, on the Details page "
    "of the proposal."
)

# Why an author is refused every step of the review (`by=TEAM`), whatever else they are.
AUTHOR_REVIEWS = _(
    "You are one of this proposal's authors: another member of the MILE management team reviews it."
)

# A transition that changes no status says what it did in its note.
DEFAULT_NOTES = {"publish": _("Made public."), "unpublish": _("Taken out of the library.")}


def deadline_refusal(proposal: Proposal, *, at=None) -> str:
    """Why a step taken before the deadline is refused now ('' while the deadline is ahead)."""
    if not deadlines.is_past(proposal, at=at):
        return ""
    return gettext(
        "The deadline of {call} passed on {deadline}: the proposal can no longer be submitted. "
        "If there is a good reason, ask the MILE management team to extend the deadline for "
        "this proposal."
    ).format(call=proposal.funding_call, deadline=deadlines.deadline_shown(proposal))


def _refusal(action: Action, proposal: Proposal, *, reviewer: bool, author: bool, at=None) -> str:
    """Why this action cannot be taken on the proposal at `at` (now by default); '' if it can."""
    if not (reviewer if action.by == TEAM else author):
        return action.refused_role
    if action.by == TEAM and author:
        return AUTHOR_REVIEWS
    if proposal.status not in action.sources:
        if proposal.status == action.target:
            return ALREADY[proposal.status]
        # Translators: e.g. "This proposal is approved: it can't be withdrawn."
        return gettext("{proposal_is}: {refusal}.").format(
            proposal_is=PROPOSAL_IS[proposal.status], refusal=action.refused_status
        )
    if action.public is not None and proposal.is_public == action.public:
        if action.public:
            return gettext("This proposal is public already.")
        return gettext("This proposal is not public.")
    if action.before_deadline:
        return deadline_refusal(proposal, at=at)
    return ""


def actions_allowed(*, proposal: Proposal, reviewer: bool, author: bool) -> list[Action]:
    """The actions a reviewer or an author of the proposal may take now, in order."""
    return [
        action
        for action in ACTIONS.values()
        if not _refusal(action, proposal, reviewer=reviewer, author=author)
    ]


def submission_problems(proposal: Proposal) -> list[str]:
    """What keeps the proposal from being submitted, one message per problem; empty if none."""
    problems = [] if proposal.title.strip() else [gettext("The proposal needs a title.")]
    # .all(), in the sections' own order: the reminder scan prefetches them for many proposals.
    for section in proposal.sections.all():
        if section.required and not section.text.strip():
            problems.append(gettext("{section} is empty.").format(section=section.title))
        elif section.is_over_limit:
            over = section.length - section.char_limit
            problems.append(
                ngettext(
                    "{section} is over the limit by {over} character.",
                    "{section} is over the limit by {over} characters.",
                    over,
                ).format(section=section.title, over=over)
            )
    if not proposal.principles.exists():
        problems.append(NO_PRINCIPLE)
    return problems


def _note_problems(action: Action, note: str) -> list[str]:
    if action.needs_note and not note:
        return [gettext("Say what should change.")]
    if "\x00" in note:  # PostgreSQL cannot store it; nobody types it on purpose
        return [gettext("A note cannot contain a null character.")]
    if len(note) > NOTE_LIMIT:
        message = gettext("A note can be at most {most} characters long; this one has {length}.")
        return [message.format(most=f"{NOTE_LIMIT:,}", length=f"{len(note):,}")]
    return []


@transaction.atomic
def proposal_transition(
    *, proposal: Proposal, action: str, by, note: str = "", at=None
) -> Proposal:
    """Take one step of the workflow, record it and e-mail whom it concerns.

    Raises ValidationError, and changes nothing, if the step is not allowed now.
    """
    if action not in ACTIONS:
        raise ValidationError(f"A proposal has no step called “{action}”.")
    step = ACTIONS[action]
    at = at or timezone.now()
    note = note.replace("\r\n", "\n").strip()
    # The row lock makes a second click wait, then see the status the first one left.
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("learning_set__partner", "learning_set__sub_theme", "funding_call")
        .get(pk=proposal.pk)
    )
    refusal = _refusal(
        step,
        locked,
        reviewer=permissions.is_reviewer(by),
        author=permissions.is_author(by, locked),
        at=at,
    )
    problems = [refusal] if refusal else _note_problems(step, note)
    if not problems and action == "submit":
        problems = submission_problems(locked)
    if problems:
        raise ValidationError(problems)
    return _record(step, locked, by=by, note=note or DEFAULT_NOTES.get(action, ""), at=at)


def _record(step: Action, proposal: Proposal, *, by, note: str, at) -> Proposal:
    changes = {"status": step.target, "updated_at": at}
    if step.public is not None:
        changes["is_public"] = step.public
    Proposal.objects.filter(pk=proposal.pk).update(**changes)
    if step.target == S.APPROVED and proposal.status != S.APPROVED:
        documents.documents_history_drop(proposal=proposal)  # approved: no going back to them
    transition = Transition.objects.create(
        proposal=proposal,
        from_status=proposal.status,
        to_status=step.target,
        by=by,
        at=at,
        note=note,
    )
    for field, value in changes.items():
        setattr(proposal, field, value)
    transition.proposal = proposal
    if transition.from_status in permissions.EDITABLE and step.target not in permissions.EDITABLE:
        # Its live editors, connected now, turn read-only once the step commits.
        status = proposal.get_status_display().lower()
        reason = services.NOT_EDITABLE.format(status=status)
        broadcast.rooms_lock(proposal=proposal, reason=reason)
    # Every step passes here: the review's rounds open and end with it.
    scoring.review_round_follow(transition=transition)
    # The UPDATE above bypasses save(): the audit trail gets the new status from here.
    Proposal.history.bulk_history_create(
        [proposal],
        update=True,
        default_user=by,
        default_change_reason=str(transition),
        default_date=at,
    )
    transition_notify(transition=transition)
    return proposal


def _team():
    return permissions.reviewers()


def authors(proposal: Proposal):
    """The active accounts who write the proposal: its set's current members and its
    partner's contacts."""
    learning_set = proposal.learning_set
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__learning_set=learning_set, memberships__left_on__isnull=True)
            | Q(partners=learning_set.partner_id),
            is_active=True,
        )
        .distinct()
    )


def recipients(action: Action, proposal: Proposal):
    """Who is told of the action: the team of what authors do, the authors of what it does."""
    if action.tell is None:
        return get_user_model().objects.none()
    people = _team() if action.tell == TEAM else authors(proposal)
    return people.order_by("email")


def _action_of(transition: Transition) -> Action | None:
    """The action that made the transition, if it e-mails anybody."""
    for action in ACTIONS.values():
        made_it = (transition.from_status in action.sources) and (
            transition.to_status == action.target
        )
        if made_it and action.email:
            return action
    return None


def transition_notify(*, transition: Transition) -> int:
    """E-mail the transition to whom it concerns; returns how many e-mails were queued.

    Idempotent: the dedupe key is per transition and person, so a second call queues nothing.
    """
    action = _action_of(transition)
    if action is None:
        return 0
    proposal = transition.proposal
    # The authors read their partner's language until they choose one; the team their own.
    partner = proposal.learning_set.partner.language if action.tell == AUTHORS else ""
    queued = 0
    for person in recipients(action, proposal):
        email = mail.email_queue(
            kind=action.email,
            to=person.email,
            language=reader_language(person, partner_language=partner),
            context=partial(_transition_context, transition, person),
            dedupe_key=f"proposal-transition:{transition.pk}:{person.pk}",
            related=proposal,
        )
        queued += email is not None
    return queued


def _transition_context(transition: Transition, person) -> dict[str, str]:
    proposal = transition.proposal
    return {
        "name": str(person),
        "proposal": proposal.title,
        "learning_set": proposal.learning_set.name,
        "by": str(transition.by) if transition.by else gettext("Somebody"),
        "note": transition.note,
        "proposal_url": settings.SITE_URL + proposal.get_absolute_url(),
    }
