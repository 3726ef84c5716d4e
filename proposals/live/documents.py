"""Stand-in until i18-live-store is merged (that branch's module replaces this one, with the
same three functions): the section's stored Yjs document, opened, saved and kept."""

from django.contrib.auth import get_user_model
from django.db import transaction
from pycrdt import Doc, Text

from proposals.models import Revision, Section, SectionDocument
from proposals.services import SaveResult, section_save


def _doc(*states: bytes) -> Doc:
    doc = Doc()
    for state in states:
        doc.apply_update(state)
    return doc


def _text(doc: Doc) -> str:
    return str(doc.get("text", type=Text))


@transaction.atomic
def document_open(*, section_id: int) -> bytes:
    section = Section.objects.select_for_update().get(pk=section_id)
    stored = SectionDocument.objects.filter(section=section).first()
    if stored is not None:
        return bytes(stored.state)
    doc = Doc()
    doc.get("text", type=Text).insert(0, section.text)
    state = doc.get_update()
    SectionDocument.objects.create(section=section, state=state)
    return state


@transaction.atomic
def document_save(*, section_id: int, state: bytes, writers: list[int]) -> SaveResult:
    section = Section.objects.select_for_update().select_related("proposal").get(pk=section_id)
    stored = SectionDocument.objects.get(section=section)
    doc = _doc(bytes(stored.state), state)
    people = get_user_model().objects.in_bulk(writers)
    result = section_save(
        section=section, text=_text(doc), version=section.version, by=people[writers[0]]
    )
    if result.section.version != section.version:
        revision = Revision.objects.get(section=section, version=result.section.version)
        revision.coauthors.set(writers[1:])
    stored.state = doc.get_update()
    stored.save()
    return result


def document_keep_refused(*, section_id: int, update: bytes, by) -> None:
    section = Section.objects.get(pk=section_id)
    stored = SectionDocument.objects.get(section=section)
    text = _text(_doc(bytes(stored.state), update))
    if text != section.text:
        Revision.objects.create(section=section, text=text, author=by, is_conflict=True)
