"""Attaching a document with whatever a client sends: any title, kind, file name and bytes.
Never a 500; a refusal stores nothing, neither a row nor a file; what is stored is of the kind
its content is."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from proposals import documents, file_types
from proposals.models import Document
from tests.fuzz import strategies as s
from tests.fuzz.harness import changed, example, redirected, snapshot
from tests.proposals import files

pytestmark = pytest.mark.django_db

AUTHORS = st.sampled_from(["member", "contact", "other_contact", "team"])
KNOWN = [files.PDF, files.PNG, files.JPEG, files.DOCX, files.XLSX, files.ODT, files.ODS]
ODD = [files.WINDOWS_PROGRAM, files.LINUX_PROGRAM, files.PLAIN_ZIP, b""]
CONTENTS = st.one_of(
    st.sampled_from([*KNOWN, *ODD]),
    st.binary(max_size=2000),
    st.sampled_from([b"%PDF-", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n"]).flatmap(
        lambda start: st.binary(max_size=500).map(lambda rest: start + rest)
    ),
)


# The test client writes a file's name into the part's header as it is: a quote or a line
# break there would be the test client's own malformed request, not a name.
def encodable(text: str) -> str:
    # A lone surrogate is no text the test client can send (harness.encode_form sends the
    # forms' ones as bytes; a multipart form has no such way).
    return "".join(c for c in text if not 0xD800 <= ord(c) <= 0xDFFF)


HEADER_BREAKERS = {ord(c): "_" for c in '"\r\n'}
NAMES = st.one_of(
    st.sampled_from(["letter.pdf", "map.png", "annex.docx", "budget.xlsx", "scan", ".pdf"]),
    st.sampled_from(["x" * 400 + ".pdf", "C:\\fakepath\\letter.pdf", "../../letter.pdf"]),
    st.text(max_size=60).map(lambda name: encodable(name).translate(HEADER_BREAKERS)),
)


def stored_files() -> set[str]:
    location = documents.documents_storage().location
    return {os.path.join(folder, name) for folder, _, names in os.walk(location) for name in names}


@settings(max_examples=20)  # each example reads every table twice
@given(
    title=s.hostile_string.map(encodable),
    kind=st.sampled_from([*Document.Kind.values, "", "letter"]),
    name=NAMES,
    content=CONTENTS,
    role=AUTHORS,
)
def test_document_attach(world, title, kind, name, content, role):
    url = reverse("proposals:documents", args=[world.proposal.pk])
    with example(world.users[role]) as client:
        before, before_files = snapshot(), stored_files()
        upload = SimpleUploadedFile(name or "unnamed", content)
        response = client.post(url, {"title": title, "kind": kind, "file": upload})
        assert response.status_code < 500
        diff = changed(before, snapshot())
        if not redirected(response):
            assert diff == []
            assert stored_files() == before_files
            return
        assert role in ("member", "contact")
        document = Document.objects.order_by("pk").last()
        kind_read = file_types.file_type(io.BytesIO(content))
        assert (document.content_type, document.size) == (kind_read.content_type, len(content))
        assert not any(c in document.name for c in "/\\\x00")
