from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import GreaterThan
from django.http import Http404

from learningsets.models import LearningSet, Member
from partners.models import Partner
from proposals import permissions, workflow
from proposals.models import Comment, Document, Proposal, Section, Transition


def _proposals():
    return Proposal.objects.select_related(
        "learning_set__partner", "learning_set__sub_theme", "funding_call"
    )


def _authored_by(user) -> Q:
    """The proposals of the user's learning sets: a current member's, or its partner contact's.
    Subqueries of the proposal's own column, not joins: a join per member and contact would
    repeat each proposal (and need a DISTINCT), an OR across joins reads every member of the
    programme, and a test of the proposal's row alone runs before costlier ones (a search's)."""
    member = Member.objects.current().filter(user=user).values("learning_set")
    partners = Partner.contacts.through.objects.filter(user=user).values("partner")
    contact = LearningSet.objects.filter(partner__in=partners).values("pk")
    return Q(learning_set__in=member) | Q(learning_set__in=contact)


def proposals_visible_to(*, user) -> QuerySet[Proposal]:
    """Public ones for everybody; all for the team; their learning sets' for authors."""
    if permissions.reads_every_proposal(user):
        return _proposals()
    visible = Q(is_public=True)
    if user.is_authenticated:
        visible |= _authored_by(user)
    return _proposals().filter(visible)


def proposals_with_comments_for(*, user) -> QuerySet[Proposal]:
    """The proposals whose comments the user reads: all for the team, their learning sets' for
    authors, none for anybody else (the comments of a public proposal are not public)."""
    if permissions.reads_every_proposal(user):
        return _proposals()
    if not user.is_authenticated:
        return Proposal.objects.none()
    return _proposals().filter(_authored_by(user))


def proposal_for_viewer_or_404(*, user, pk: int) -> Proposal:
    """The proposal if the user may see it; 404 otherwise (a draft of another partner too)."""
    proposal = _proposals().filter(pk=pk).first()
    if proposal is None or not permissions.can_view(user, proposal):
        raise Http404("No proposal you may see has this address.")
    return proposal


def section_for_viewer_or_404(*, user, pk: int, key: str) -> Section:
    """A section of a proposal the user may see, fetched with the proposal (one query); 404
    otherwise."""
    section = (
        Section.objects.select_related("proposal__learning_set", "updated_by")
        .filter(proposal=pk, key=key)
        .first()
    )
    if section is None or not permissions.can_view(user, section.proposal):
        raise Http404("No proposal you may see has this section.")
    return section


@dataclass(frozen=True)
class SectionsWithThreads:
    """A proposal's sections in order, each with its comment threads (`section.threads`, each
    thread with its replies in `thread.reply_list`), and the threads on the whole proposal."""

    sections: list[Section]
    general_threads: list[Comment]


def sections_with_threads(*, proposal: Proposal, with_comments: bool = True) -> SectionsWithThreads:
    """Two queries however many sections and comments: the sections, and every comment of the
    proposal with its author and resolver, sorted into threads and replies here. Without
    `with_comments` (a reader who may not see the comments) they are not fetched at all."""
    sections = list(proposal.sections.select_related("updated_by").order_by("position"))
    comments = (
        list(proposal.comments.select_related("author", "resolved_by")) if with_comments else []
    )
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:  # oldest first (Comment.Meta.ordering)
        if comment.parent_id is not None:
            replies[comment.parent_id].append(comment)
    threads: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is None:
            comment.reply_list = replies[comment.pk]
            threads[comment.section_id].append(comment)
    for section in sections:
        section.threads = threads[section.pk]
    return SectionsWithThreads(sections, threads[None])


@dataclass(frozen=True)
class WorkflowShown:
    """The actions the viewer may take on the proposal now and the steps so far."""

    actions: list[workflow.Action]
    history: list[Transition]
    deadline_refusal: str = ""  # why an author is no longer offered Submit for review


def workflow_shown(
    *, proposal: Proposal, team: bool, reviewer: bool, author: bool
) -> WorkflowShown:
    """What the proposal page shows of the workflow to the team, to an author or to a reader of
    a public proposal, who sees neither who reviewed it nor the notes; the steps offered are
    a reviewer's (`reviewer`) or an author's."""
    history = list(proposal.transitions.select_related("by")) if team or author else []
    late = author and proposal.status in permissions.EDITABLE
    return WorkflowShown(
        workflow.actions_allowed(proposal=proposal, reviewer=reviewer, author=author),
        history,
        workflow.deadline_refusal(proposal) if late else "",
    )


def proposals_with_deadlines_of(*, user) -> QuerySet[Proposal]:
    """The drafts the user writes that are drafted for a call, the nearest deadline first (an
    extension counts): for *My MILE*."""
    if not user.is_authenticated:
        return Proposal.objects.none()
    member = Q(learning_set__members__user=user, learning_set__members__left_on__isnull=True)
    writes = member | Q(learning_set__partner__contacts=user)
    ids = Proposal.objects.filter(writes).values("pk")
    return (
        _proposals()
        .filter(pk__in=ids, status__in=permissions.EDITABLE, funding_call__isnull=False)
        .order_by(Coalesce("deadline_extended_to", "funding_call__deadline"), "pk")
    )


def proposals_of_learning_set(*, learning_set) -> QuerySet[Proposal]:
    """The set's proposals, newest first, each with how many sections are written and over."""
    over_limit = GreaterThan(Length("sections__text"), F("sections__char_limit"))
    return (
        Proposal.objects.filter(learning_set=learning_set)
        .annotate(
            section_count=Count("sections"),
            written_count=Count("sections", filter=~Q(sections__text="")),
            over_limit_count=Count("sections", filter=over_limit),
        )
        .order_by("-updated_at", "-pk")
    )


def proposals_public() -> QuerySet[Proposal]:
    """The public library: approved proposals made public, by sub-theme, with their summary."""
    summaries = Section.objects.filter(key="summary")
    return (
        _proposals()
        .filter(status=Proposal.Status.APPROVED, is_public=True)
        .prefetch_related(Prefetch("sections", queryset=summaries, to_attr="summary_sections"))
        .order_by("learning_set__sub_theme__number", "learning_set__partner__name", "title", "pk")
    )


@dataclass(frozen=True)
class DocumentsShown:
    """A proposal's documents as its reader sees them: the current ones, and (to its authors
    and the team) the replaced and deleted ones kept until its approval, latest first."""

    current: list[Document]
    history: list[Document]


def documents_shown(*, user, proposal: Proposal) -> DocumentsShown:
    """One query: every document of the proposal for its authors and the team; the current
    public ones of a public proposal for anybody else."""
    documents = proposal.documents.select_related("uploaded_by", "removed_by")
    if not (permissions.reads_every_proposal(user) or permissions.is_author(user, proposal)):
        documents = documents.filter(is_public=True, removed_at__isnull=True)
    everything = list(documents)
    history = [document for document in everything if document.removed_at is not None]
    history.sort(key=lambda document: (document.removed_at, document.pk), reverse=True)
    return DocumentsShown([d for d in everything if d.removed_at is None], history)


def document_for_viewer_or_404(*, user, pk: int, document_pk: int) -> Document:
    """A document of the proposal `pk` that the user may see (permissions.can_see_document),
    fetched with its proposal; 404 otherwise, a document of another proposal too."""
    document = (
        Document.objects.select_related(
            "proposal__learning_set__partner", "proposal__learning_set__sub_theme"
        )
        .filter(pk=document_pk, proposal=pk)
        .first()
    )
    if document is None or not (
        permissions.can_view(user, document.proposal)
        and permissions.can_see_document(user, document)
    ):
        raise Http404("No document you may see has this address.")
    return document
