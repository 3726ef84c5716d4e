"""A section's shared document, kept in the database (SectionDocument): opened by a live room,
saved with the section's text through services.section_save, and the offline edits that came
too late kept in the history. Sync code: the rooms call it through database_sync_to_async.

Every function takes the section's row lock first, as every writer of the section does, so
the stored state and the text are read and written by one writer at a time."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from proposals import services
from proposals.live import crdt
from proposals.models import Revision, Section, SectionDocument


def _locked_section(section_id: int) -> Section:
    return (
        Section.objects.select_for_update(of=("self",))
        .select_related("proposal")
        .get(pk=section_id)
    )


def _stored_state(section: Section) -> bytes:
    """The section's stored state; made from its text, once, if it has none yet. (Seeded
    again later, while browsers hold the old one, the text would double when they merge.)"""
    document, _ = SectionDocument.objects.get_or_create(
        section=section, defaults={"state": crdt.state_seeded(section.text)}
    )
    return bytes(document.state)


@transaction.atomic
def document_open(*, section_id: int) -> bytes:
    """The state a room of the section starts from: always the same stored one."""
    return _stored_state(_locked_section(section_id))


@transaction.atomic
def document_save(*, section_id: int, state: bytes, writers: list[int]) -> services.SaveResult:
    """Save a room's document: merged with the stored one (another worker's room may have
    saved first: the merge keeps both), its text and state saved together, one revision by
    the first writer with the others as co-authors. Raises ValidationError, saving nothing,
    if the proposal can't be edited now (ValueError if `state` is no Yjs update)."""
    section = _locked_section(section_id)
    doc = crdt.doc_of(_stored_state(section), state)
    people = get_user_model().objects.in_bulk(writers)
    named = [people[pk] for pk in dict.fromkeys(writers) if pk in people]
    return services.section_save(
        section=section,
        text=crdt.text_of(doc),
        version=section.version,
        by=named[0] if named else None,
        coauthors=named[1:],
        document_state=crdt.state_of(doc),
    )


@transaction.atomic
def document_keep_refused(*, section_id: int, update: bytes, by) -> Revision | None:
    """Offline edits that arrived after the proposal was locked: the text they would have
    given is kept as a conflict revision by their writer, if it differs from the section's.
    The section and its stored document stay as they are. Raises ValueError, keeping
    nothing, if `update` is no Yjs update."""
    section = _locked_section(section_id)
    stored = SectionDocument.objects.filter(section=section).values_list("state", flat=True)
    doc = crdt.doc_of(*map(bytes, stored), update)  # a copy: nothing is stored
    text = crdt.text_of(doc).replace("\r\n", "\n")
    if text == section.text:
        return None
    return Revision.objects.create(
        section=section, text=text, author=by, created_at=timezone.now(), is_conflict=True
    )
