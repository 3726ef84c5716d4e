"""A file's kind is read from its content: the accepted kinds by their signatures or their ZIP
entries, programs and everything else refused."""

import io

import pytest

from proposals import file_types
from tests.proposals import files


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (files.PDF, file_types.PDF),
        (files.PNG, file_types.PNG),
        (files.JPEG, file_types.JPEG),
        (files.ODT, file_types.ODT),
        (files.ODS, file_types.ODS),
        (files.DOCX, file_types.DOCX),
        (files.XLSX, file_types.XLSX),
    ],
    ids=lambda value: getattr(value, "label", ""),
)
def test_each_accepted_kind_is_read_from_its_content(content, kind):
    assert file_types.file_type(io.BytesIO(content)) == kind


@pytest.mark.parametrize(
    "content", [files.WINDOWS_PROGRAM, files.LINUX_PROGRAM, b"#!/bin/sh\nrm -rf /\n"]
)
def test_a_program_is_refused_as_one(content):
    with pytest.raises(file_types.NotAccepted) as refusal:
        file_types.file_type(io.BytesIO(content))

    assert refusal.value.is_program


@pytest.mark.parametrize(
    "content",
    [
        b"Plain text, named whatever.",
        files.PLAIN_ZIP,
        b"PK\x03\x04 cut short",
        files.odf("graphics"),  # an ODF drawing: not one of the kinds
        b"",
    ],
)
def test_anything_else_is_refused(content):
    with pytest.raises(file_types.NotAccepted) as refusal:
        file_types.file_type(io.BytesIO(content))

    assert not refusal.value.is_program


def test_a_word_document_with_macros_is_refused_for_them():
    with pytest.raises(file_types.NotAccepted) as refusal:
        file_types.file_type(io.BytesIO(files.ooxml("word/document.xml", macros=True)))

    assert refusal.value.has_macros


def test_the_file_is_read_again_from_its_start():
    content = io.BytesIO(files.DOCX)
    file_types.file_type(content)

    assert content.tell() == 0
