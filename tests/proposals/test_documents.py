"""Attaching, replacing and deleting a proposal's supporting documents, and every bad input.

bob (member) and alice (contact) attach documents to their draft; dora (the team) reads them
and attaches none; charlie gets 404; a bad file is refused beside the field and nothing is
stored, neither a row nor a file.
"""

import hashlib
import os

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from proposals import documents, file_types
from proposals.models import Document, Proposal
from proposals.workflow import proposal_transition
from tests.pages import main_text
from tests.proposals import files
from tests.proposals.factories import make_document

MB = 1024 * 1024


def url(proposal) -> str:
    return f"/proposals/{proposal.pk}/documents/"


def stored_files() -> list[str]:
    """Every file in the documents' storage, wherever the tests keep it."""
    location = documents.documents_storage().location
    return sorted(
        os.path.relpath(os.path.join(folder, name), location)
        for folder, _, names in os.walk(location)
        for name in names
    )


def post(client, proposal, upload, **fields):
    data = {"title": "Letter of support", "kind": "letter_of_support", "file": upload, **fields}
    return client.post(url(proposal), data)


def test_an_author_attaches_a_document_to_the_draft(client, bob, proposal):
    client.force_login(bob)
    before = stored_files()

    response = post(client, proposal, files.upload("Carta de apoio.pdf"), is_public="on")

    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{proposal.pk}/#documents"
    document = proposal.documents.get()
    assert (document.title, document.kind, document.name, document.is_public) == (
        "Letter of support",
        "letter_of_support",
        "Carta de apoio.pdf",
        True,
    )
    assert (document.content_type, document.size, document.uploaded_by) == (
        "application/pdf",
        len(files.PDF),
        bob,
    )
    assert document.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert stored_files() == sorted([*before, document.stored_as])
    with documents.documents_storage().open(document.stored_as) as stored:
        assert stored.read() == files.PDF
    page = main_text(client.get(response["Location"]))
    assert "“Letter of support” is attached (Carta de apoio.pdf)." in page
    assert "Letter of support Carta de apoio.pdf Letter of support" in page


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("budget.xlsx", files.XLSX, "XLSX"),
        ("budget.ods", files.ODS, "ODS"),
        ("annex.docx", files.DOCX, "DOCX"),
        ("annex.odt", files.ODT, "ODT"),
        ("map.png", files.PNG, "PNG"),
        ("photo.jpeg", files.JPEG, "JPEG"),
    ],
)
def test_every_accepted_kind_is_attached_with_its_content_type(
    client, alice, proposal, name, content, kind
):
    client.force_login(alice)

    post(client, proposal, files.upload(name, content, "application/octet-stream"))

    document = proposal.documents.get()
    assert file_types.BY_CONTENT_TYPE[document.content_type].label == kind
    assert document.name == name


KINDS = "PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG"
PROGRAM = f"This file is a program: programs cannot be attached. Attach a {KINDS} file."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", files.WINDOWS_PROGRAM, None),
        ("letter.pdf", files.WINDOWS_PROGRAM, None),
        ("tool.pdf", files.LINUX_PROGRAM, None),
        (
            "letter.pdf",
            files.PNG,
            "The file is named “letter.pdf” but its content is PNG: give it the right "
            "extension (.png), or attach the file you meant.",
        ),
        (
            "notes.pdf",
            b"Just some words.",
            f"This file's content is not a {KINDS} file, whatever its name says.",
        ),
        (
            "macro.docx",
            files.ooxml("word/document.xml", macros=True),
            "This file holds macros, which cannot be attached: save it without them.",
        ),
        ("empty.pdf", b"", "The file is empty: choose the file again, or another one."),
    ],
)
def test_a_bad_file_is_refused_beside_the_field_and_nothing_is_stored(
    client, bob, proposal, name, content, message
):
    client.force_login(bob)
    before = stored_files()

    response = post(client, proposal, files.upload(name, content))

    assert response.status_code == 400
    page = main_text(response)
    assert "The document was not attached: see why below." in page
    assert (message or PROGRAM) in page
    assert 'value="Letter of support"' in response.content.decode()  # what was typed is kept
    assert not Document.objects.exists()
    assert stored_files() == before


def test_a_file_over_the_limit_is_refused(client, bob, proposal, settings):
    settings.DOCUMENT_MAX_MB = 1
    client.force_login(bob)
    before = stored_files()

    response = post(client, proposal, files.upload("big.pdf", files.PDF + bytes(MB)))

    assert response.status_code == 400
    assert "The file is 1.0 MB: a document can be at most 1 MB." in main_text(response)
    assert not Document.objects.exists()
    assert stored_files() == before


def test_the_documents_of_a_proposal_add_up_to_the_limit_at_most(client, bob, proposal, settings):
    settings.DOCUMENT_MAX_MB, settings.PROPOSAL_DOCUMENTS_MAX_MB = 1, 1
    client.force_login(bob)
    half = files.PDF + bytes(MB // 2)
    post(client, proposal, files.upload("first.pdf", half))
    before = stored_files()

    response = post(client, proposal, files.upload("second.pdf", half))

    assert response.status_code == 400
    assert (
        "The proposal's documents would add up to 1.0 MB: together they can be at most 1 MB. "
        "Delete or replace one first."
    ) in main_text(response)
    assert list(proposal.documents.values_list("name", flat=True)) == ["first.pdf"]
    assert stored_files() == before


@pytest.mark.parametrize(
    "name",
    ["../../etc/letter.pdf", "..\\..\\letter.pdf", "letter\x00.pdf", "let\x07ter.pdf",
     "letter\u202efdp.exe", "a/b.pdf"],
)  # fmt: skip
def test_a_name_with_path_separators_or_control_characters_is_refused(name):
    """Whoever gives the service a name (the admin, a script) is held to the same rule as the
    browser's upload, whose name Django's parser has cleaned already (below)."""
    with pytest.raises(ValidationError) as refusal:
        documents.document_name_clean(name)

    assert refusal.value.message_dict["file"][0].endswith(
        "has path separators or control characters: rename it with letters, digits, "
        "spaces, dashes and dots."
    )


def test_a_browser_s_name_arrives_without_its_folders_and_control_characters(client, bob, proposal):
    """Django's multipart parser keeps only the last part of a path and drops what is not
    printable, before any view runs: the name stored is what is left."""
    client.force_login(bob)

    post(client, proposal, files.upload("C:\\Users\\bob\\let\x07ter.pdf"))

    assert proposal.documents.get().name == "letter.pdf"


def test_a_long_name_is_cut_keeping_its_extension_and_a_bare_one_gets_its_kind_s(proposal, bob):
    long = make_document(proposal, by=bob, name="x" * 300 + ".pdf")
    bare = make_document(proposal, by=bob, name="scan", content=files.PNG)

    assert (len(long.name), long.name[-6:]) == (150, "xx.pdf")
    assert bare.name == "scan.png"


def test_the_team_and_an_outsider_attach_nothing(client, dora, charlie, proposal):
    client.force_login(dora)
    refused = post(client, proposal, files.upload())
    client.force_login(charlie)
    hidden = post(client, proposal, files.upload())

    assert refused.status_code == 403
    assert "Only the authors of a proposal attach, replace and delete its documents." in main_text(
        refused
    )
    assert hidden.status_code == 404
    assert not Document.objects.exists()


def test_a_submitted_proposal_s_documents_stay_as_they_are(client, bob, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SUBMITTED)
    client.force_login(bob)
    before = stored_files()

    response = post(client, proposal, files.upload())

    assert response.status_code == 403
    assert (
        "This proposal is submitted: only a draft, or a proposal whose changes were requested, "
        "can be changed. Nothing was saved."
    ) in main_text(response)
    assert not Document.objects.exists()
    assert stored_files() == before


def test_replacing_a_document_keeps_the_earlier_one_in_the_history(client, bob, alice, proposal):
    earlier = make_document(proposal, by=alice)
    client.force_login(bob)

    response = client.post(
        f"{url(proposal)}{earlier.pk}/replace/",
        {"title": "Signed letter", "kind": "letter_of_support",
         "file": files.upload("signed.pdf")},
    )  # fmt: skip

    assert response.status_code == 302
    earlier.refresh_from_db()
    new = proposal.documents.get(removed_at__isnull=True)
    assert (new.title, new.name, new.replaces, new.uploaded_by) == (
        "Signed letter",
        "signed.pdf",
        earlier,
        bob,
    )
    assert (earlier.removed_by, earlier.removed_at) == (bob, new.uploaded_at)
    page = main_text(client.get(url(proposal)))
    assert "Replaced and deleted" in page
    assert f"Letter of support (letter.pdf, {len(files.PDF)} bytes) Added by" in page


def test_deleting_a_document_takes_it_off_the_list_until_the_approval(client, bob, proposal):
    document = make_document(proposal, by=bob)
    client.force_login(bob)

    response = client.post(f"{url(proposal)}{document.pk}/delete/")

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.removed_by == bob
    assert "No supporting documents." in main_text(client.get(proposal.get_absolute_url()))


def test_the_approval_drops_the_replaced_and_deleted_documents_and_their_files(
    bob, dora, proposal, django_capture_on_commit_callbacks
):
    kept = make_document(proposal, by=bob, title="Kept")
    gone = make_document(proposal, by=bob, title="Deleted")
    documents.document_delete(document=gone, by=bob)
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(proposal=proposal, action="approve", by=dora, at=timezone.now())

    assert list(proposal.documents.values_list("title", flat=True)) == ["Kept"]
    storage = documents.documents_storage()
    assert storage.exists(kept.stored_as)
    assert not storage.exists(gone.stored_as)
