"""Writes to proposals. Views, forms, the admin and tasks call these; none re-implements a rule."""

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from proposals import funding, search
from proposals.live import broadcast, crdt
from proposals.models import Call, Proposal, Revision, Section, SectionDocument
from proposals.permissions import EDITABLE


@transaction.atomic
def proposal_create(
    *,
    learning_set,
    title: str,
    funding_source: str,
    by,
    language: str | None = None,
    funding_call: Call | None = None,
) -> Proposal:
    """A new draft for the learning set, with the sections and rate of its funding source,
    written in `language` (by default its partner's): the sections' titles and help are in it.
    With a `funding_call`, the proposal is drafted for it (and its deadline)."""
    proposal = Proposal.objects.create(
        learning_set=learning_set,
        title=title,
        language=language or learning_set.partner.language,
        funding_source=funding_source,
        funding_call=funding_call,
        co_financing_rate=funding.CO_FINANCING_RATES[funding_source],
        created_by=by,
    )
    with proposal.in_its_language():
        sections = [
            Section(
                proposal=proposal,
                key=spec.key,
                title=str(spec.title),
                help=str(spec.help),
                position=position,
                required=spec.required,
                char_limit=spec.limit,
            )
            for position, spec in enumerate(funding.sections_for(funding_source), start=1)
        ]
    bulk_create_with_history(
        sections, Section, default_user=by, default_change_reason="proposal created"
    )
    search.proposals_reindex(proposals=Proposal.objects.filter(pk=proposal.pk))
    return proposal


def _section_texts(proposal: Proposal) -> dict[str, tuple[str, str]]:
    """Each section's title and help as its funding source words them, in the proposal's
    language: {key: (title, help)}."""
    with proposal.in_its_language():
        return {spec.key: (str(spec.title), str(spec.help)) for spec in funding.every_section()}


def sections_follow_language(*, proposal: Proposal, before: str) -> list[Section]:
    """After the proposal's language changed from `before`: its sections' titles and help,
    where they are still their funding source's words in `before`, in the new language. A
    title or help worded otherwise (changed by hand) is left as it is; so are the texts."""
    if proposal.language == before:
        return []
    old = _section_texts(Proposal(language=before))
    new = _section_texts(proposal)
    changed = []
    for section in proposal.sections.order_by("position"):
        if section.key not in new:
            continue
        (old_title, old_help), (new_title, new_help) = old[section.key], new[section.key]
        title = new_title if section.title == old_title else section.title
        help_ = new_help if section.help == old_help else section.help
        if (title, help_) != (section.title, section.help):
            section.title, section.help = title, help_
            changed.append(section)
    if changed:
        bulk_update_with_history(
            changed, Section, ["title", "help"], default_change_reason="language changed"
        )
    return changed


@transaction.atomic
def proposal_language_set(*, proposal: Proposal, language: str) -> Proposal:
    """Say the proposal is written in `language` (the admin's change; its authors change it
    with the other details): its sections' titles and help follow."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    before, locked.language = locked.language, language
    locked.full_clean(exclude=[f.name for f in Proposal._meta.fields if f.name != "language"])
    locked.save(update_fields=["language", "updated_at"])
    sections_follow_language(proposal=locked, before=before)
    search.proposals_reindex(proposals=Proposal.objects.filter(pk=locked.pk))  # its dictionary
    return locked


def extension_validate(*, proposal: Proposal, until) -> None:
    """Raise ValidationError if `until` cannot be the proposal's own deadline (None, taking an
    extension back, always can)."""
    if until is None:
        return
    if proposal.funding_call is None:
        raise ValidationError(
            {"deadline_extended_to": _("Only a proposal drafted for a call has a deadline.")}
        )
    if until <= proposal.funding_call.deadline:
        raise ValidationError(
            {"deadline_extended_to": _("An extension must end after the call's deadline.")}
        )


@transaction.atomic
def proposal_deadline_extend(*, proposal: Proposal, until, by) -> Proposal:
    """Let this one proposal be submitted until `until`, after its call's deadline; None takes
    the extension back. Raises ValidationError, and changes nothing, if it is no extension."""
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("funding_call")
    locked = locked.get(pk=proposal.pk)
    extension_validate(proposal=locked, until=until)
    if until != locked.deadline_extended_to:
        locked.deadline_extended_to = until
        locked._change_reason = "deadline extended" if until else "extension taken back"
        locked._history_user = by
        locked.save(update_fields=["deadline_extended_to", "updated_at"])
    return locked


# Translators: {status} is the proposal's status in lower case, such as "submitted".
NOT_EDITABLE = _("This proposal is {status}: it can't be edited now.")


@dataclass(frozen=True)
class SaveResult:
    """What became of a save. On a conflict, `section` holds the text someone else saved
    first and `kept` the writer's own text, kept as a revision: nothing is lost."""

    section: Section
    saved: bool
    kept: Revision | None = None

    @property
    def conflict(self) -> bool:
        return not self.saved


@transaction.atomic
def section_save(
    *,
    section: Section,
    text: str,
    version: int,
    by,
    restored_from=None,
    at=None,
    coauthors=(),
    document_state: bytes | None = None,
) -> SaveResult:
    """Save a section's text if nobody saved it since `version` was loaded (one UPDATE).

    The live editor's save passes its shared document's `document_state` (stored with the
    text, even when the text did not change) and the burst's other writers, `coauthors`.
    Any other save is an outside edit: a section with a shared document has it changed by
    edits, which its live editors receive once the save commits (_document_follow).

    The proposal's timestamp is set only while the proposal is editable, which also locks its
    row until the save commits: a save never slips in beside a submission, which locks that
    row first. (Every writer of a section takes the section's row before the proposal's, as a
    deletion does, so the two never wait for each other in a circle.)
    """
    at = at or timezone.now()
    text = text.replace("\r\n", "\n")
    updated = (
        Section.objects.filter(pk=section.pk, version=version)
        .exclude(text=text)
        .update(text=text, version=F("version") + 1, updated_at=at, updated_by=by)
    )
    if not updated:  # a newer version, or this very text already: which one?
        return _not_updated(section, text, by=by, at=at, document_state=document_state)
    touched = Proposal.objects.filter(pk=section.proposal_id, status__in=EDITABLE)
    # No trail for a timestamp and a search vector; the vector, re-read from the sections this
    # transaction sees, is set in the same statement.
    if not touched.update(updated_at=at, **search.refreshed(text=True)):
        _lock_editable(section.proposal_id)  # says why; the section's UPDATE is rolled back
    # Saved: the row now holds exactly this, one version on from the one the writer loaded.
    section = copy.copy(section)  # the caller's object still tells the version it had
    section.text, section.version = text, version + 1
    section.updated_at, section.updated_by = at, by
    reason = "revision restored" if restored_from else "text saved"
    # The conditional UPDATE bypasses save(): record it in the audit trail.
    Section.history.bulk_history_create(
        [section], update=True, default_user=by, default_change_reason=reason, default_date=at
    )
    revision = Revision.objects.create(
        section=section,
        version=section.version,
        text=text,
        author=by,
        created_at=at,
        restored_from=restored_from,
    )
    if coauthors:
        revision.coauthors.set(coauthors)
    _document_follow(section_id=section.pk, text=text, state=document_state)
    return SaveResult(section=section, saved=True)


def _not_updated(section: Section, text: str, *, by, at, document_state) -> SaveResult:
    """The section holds this very text already (nothing to save, whoever saved last; the live
    editor's state is stored all the same) or someone saved another since: a conflict."""
    _lock_editable(section.proposal_id)
    fresh = Section.objects.select_related("proposal", "updated_by").get(pk=section.pk)
    if fresh.text == text:
        if document_state is not None:
            _document_follow(section_id=fresh.pk, text=text, state=document_state)
        return SaveResult(section=fresh, saved=True)
    kept = Revision.objects.create(
        section=fresh, text=text, author=by, created_at=at, is_conflict=True
    )
    return SaveResult(section=fresh, saved=False, kept=kept)


def _document_follow(*, section_id: int, text: str, state: bytes | None) -> None:
    """Keep the section's shared document, if it has one, holding its saved `text`: store the
    live editor's `state`, or else turn the stored document's text into `text` by edits and
    send them to the live editors on commit. (The caller holds the section's row lock.)"""
    if state is not None:
        SectionDocument.objects.update_or_create(section_id=section_id, defaults={"state": state})
        return
    document = SectionDocument.objects.filter(section_id=section_id).first()
    if document is None:
        return
    doc = crdt.doc_of(bytes(document.state))
    if crdt.text_of(doc) == text:
        return
    update = crdt.text_edited(doc, text)
    document.state = crdt.state_of(doc)
    document.save(update_fields=["state", "updated_at"])
    broadcast.room_update(section_id=section_id, update=update)


def _lock_editable(proposal_id: int) -> None:
    """Lock the proposal's row until the transaction ends; refuse if it can't be edited now."""
    status = (
        Proposal.objects.select_for_update().values_list("status", flat=True).get(pk=proposal_id)
    )
    if status not in EDITABLE:
        raise ValidationError(NOT_EDITABLE.format(status=Proposal.Status(status).label.lower()))


def revision_restore(*, revision: Revision, by, at=None) -> SaveResult:
    """Bring an earlier text back: a new revision on top, the history untouched."""
    section = revision.section
    current_version = Section.objects.values_list("version", flat=True).get(pk=section.pk)
    return section_save(
        section=section,
        text=revision.text,
        version=current_version,
        by=by,
        restored_from=revision,
        at=at,
    )
