"""A proposal's supporting documents: attaching, replacing and deleting them (its authors,
while they may edit it), and dropping the replaced and deleted ones once it is approved.

A file is checked before anything is stored: not empty, within DOCUMENT_MAX_MB, its kind read
from its content (proposals.file_types) and agreeing with its name's extension, the name free
of path separators and control characters. It is hashed in chunks and saved to the private
"documents" storage under a name of ours; a 20 MB upload arrives as a temporary file (Django's
upload handlers), so no step holds it in memory. The proposal's total (PROPOSAL_DOCUMENTS_MAX_MB,
its current documents) is checked again under the proposal's row lock, and a file stored for a
refused document is deleted at once: a refusal leaves nothing behind.
"""

import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals import budget, file_types, permissions
from proposals.models import Document, Proposal

MB = 1024 * 1024
NAME_LENGTH = 150  # Document.name
CHUNK = 64 * 1024

NOT_AN_AUTHOR = _("Only the authors of a proposal attach, replace and delete its documents.")
EMPTY = _("The file is empty: choose the file again, or another one.")
TOO_LARGE = _("The file is {size}: a document can be at most {most}.")
OVER_TOTAL = _(
    "The proposal's documents would add up to {total}: together they can be at most {most}. "
    "Delete or replace one first."
)
PROGRAM = _("This file is a program: programs cannot be attached. Attach a {kinds} file.")
MACROS = _("This file holds macros, which cannot be attached: save it without them.")
NOT_ACCEPTED = _("This file's content is not a {kinds} file, whatever its name says.")
MISMATCH = _(
    "The file is named “{name}” but its content is {kind}: give it the right extension "
    "({extensions}), or attach the file you meant."
)
BAD_NAME = _(
    "The file's name “{name}” has path separators or control characters: rename it with "
    "letters, digits, spaces, dashes and dots."
)


def documents_storage():
    """The documents' private storage (STORAGES["documents"]), looked up when used."""
    return storages["documents"]


def accepted_kinds() -> str:
    return ", ".join(kind.label for kind in file_types.ACCEPTED)


@dataclass(frozen=True)
class Checked:
    """An upload that passed every check: its clean name, kind, size and SHA-256."""

    name: str
    kind: file_types.FileType
    size: int
    sha256: str


def _file_error(message) -> ValidationError:
    return ValidationError({"file": [message]})


def document_name_clean(name: str) -> str:
    """The name a document is downloaded under: the upload's, trimmed of spaces and dots at
    its ends and capped at NAME_LENGTH characters (its extension kept). A name with a path
    separator or a control character is refused (ValidationError on "file")."""
    shown = name.encode("unicode_escape").decode("ascii")[:80]
    if any(c in "/\\" or unicodedata.category(c).startswith("C") for c in name):
        raise _file_error(gettext(BAD_NAME).format(name=shown))
    name = name.strip().strip(".").strip()
    suffix = PurePosixPath(name).suffix.lower()[:10]
    if len(name) > NAME_LENGTH:
        name = name[: NAME_LENGTH - len(suffix)].rstrip() + suffix
    return name


def _kind(upload, name: str) -> file_types.FileType:
    kinds = accepted_kinds()
    try:
        kind = file_types.file_type(upload)
    except file_types.NotAccepted as refusal:
        if refusal.is_program:
            raise _file_error(gettext(PROGRAM).format(kinds=kinds)) from None
        message = MACROS if refusal.has_macros else NOT_ACCEPTED
        raise _file_error(gettext(message).format(kinds=kinds)) from None
    suffix = PurePosixPath(name).suffix.lower()
    if suffix and suffix not in kind.extensions:
        raise _file_error(
            gettext(MISMATCH).format(
                name=name, kind=kind.label, extensions=", ".join(kind.extensions)
            )
        )
    return kind


def document_file_checked(upload) -> Checked:
    """Every check of an uploaded file (an UploadedFile), before anything is stored; a refusal
    is a ValidationError on the "file" field, with the reason."""
    name = document_name_clean(upload.name or "")
    if not upload.size:
        raise _file_error(gettext(EMPTY))
    most = settings.DOCUMENT_MAX_MB * MB
    if upload.size > most:
        message = gettext(TOO_LARGE)
        raise _file_error(message.format(size=filesizeformat(upload.size), most=_mb(most)))
    kind = _kind(upload, name)
    if not PurePosixPath(name).suffix:
        name = (name or gettext("document"))[: NAME_LENGTH - 5] + kind.extensions[0]
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    upload.seek(0)
    return Checked(name=name, kind=kind, size=upload.size, sha256=digest.hexdigest())


def _mb(size: int) -> str:
    return gettext("{number} MB").format(number=size // MB)


def _check_total(proposal: Proposal, *, adding: int, replacing: Document | None) -> None:
    current = Document.objects.filter(proposal=proposal, removed_at__isnull=True)
    if replacing is not None:
        current = current.exclude(pk=replacing.pk)
    total = (current.aggregate(total=Sum("size"))["total"] or 0) + adding
    most = settings.PROPOSAL_DOCUMENTS_MAX_MB * MB
    if total > most:
        raise _file_error(gettext(OVER_TOTAL).format(total=filesizeformat(total), most=_mb(most)))


def documents_refusal(user, proposal: Proposal) -> str:
    """Why the user may not change the proposal's documents now; empty when they may."""
    if not permissions.is_author(user, proposal):
        return gettext(NOT_AN_AUTHOR)
    if not permissions.can_edit(user, proposal):
        status = proposal.get_status_display().lower()
        return gettext(budget.NOT_EDITABLE).format(status=status)
    return ""


def _locked_editable(proposal: Proposal, by) -> Proposal:
    """The proposal's row, locked (two uploads at once each see the other's size), if `by` may
    change its documents in the status it has now."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locked.learning_set = proposal.learning_set
    refusal = documents_refusal(by, locked)
    if refusal:
        raise ValidationError(refusal)
    return locked


def _stored(proposal: Proposal, upload, kind: file_types.FileType) -> str:
    name = f"{proposal.pk}/{uuid.uuid4().hex}{kind.extensions[0]}"
    return documents_storage().save(name, upload)


def document_add(
    *, proposal: Proposal, title: str, kind: str, upload, is_public: bool, by, replacing=None
) -> Document:
    """Attach the uploaded file to the proposal (in place of `replacing`, which goes to the
    history). ValidationError, with nothing stored, when the file or the proposal refuses it."""
    checked = document_file_checked(upload)
    _check_total(proposal, adding=checked.size, replacing=replacing)  # before storing a byte
    stored_as = _stored(proposal, upload, checked.kind)
    try:
        with transaction.atomic():
            locked = _locked_editable(proposal, by)
            _check_total(locked, adding=checked.size, replacing=replacing)
            now = timezone.now()
            if replacing is not None:
                _remove(replacing, by=by, at=now)
            return Document.objects.create(
                proposal=locked,
                title=title,
                kind=kind,
                name=checked.name,
                stored_as=stored_as,
                content_type=checked.kind.content_type,
                size=checked.size,
                sha256=checked.sha256,
                is_public=is_public,
                uploaded_by=by,
                uploaded_at=now,
                replaces=replacing,
            )
    except BaseException:
        documents_storage().delete(stored_as)
        raise


def _remove(document: Document, *, by, at) -> None:
    removed = Document.objects.filter(pk=document.pk, removed_at__isnull=True).update(
        removed_at=at, removed_by=by
    )
    if not removed:
        raise ValidationError(gettext("This document was replaced or deleted a moment ago."))
    document.removed_at, document.removed_by = at, by


@transaction.atomic
def document_delete(*, document: Document, by) -> Document:
    """Take the document off the proposal's list; it stays in the history until approval."""
    _locked_editable(document.proposal, by)
    _remove(document, by=by, at=timezone.now())
    return document


def documents_history_drop(*, proposal: Proposal) -> int:
    """The proposal is approved: its replaced and deleted documents go, their files once the
    approval is committed. Returns how many."""
    removed = Document.objects.filter(proposal=proposal, removed_at__isnull=False)
    names = list(removed.values_list("stored_as", flat=True))
    removed.delete()

    def delete_files():
        storage = documents_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(names)
