"""What kind of file an upload is, read from its content: never from its name or from what the
browser says. The accepted kinds are few and their signatures well known, so this is a short
table rather than a library: PDF, PNG and JPEG by their first bytes; the office formats are ZIP
containers, told apart by their entries (ODF's `mimetype` entry, OOXML's
`[Content_Types].xml` with its `word/` or `xl/` part)."""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str  # as people name it: "PDF", "DOCX"
    extensions: tuple[str, ...]  # the first is the one a name without any gets


PDF = FileType("application/pdf", "PDF", (".pdf",))
PNG = FileType("image/png", "PNG", (".png",))
JPEG = FileType("image/jpeg", "JPEG", (".jpg", ".jpeg"))
ODT = FileType("application/vnd.oasis.opendocument.text", "ODT", (".odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ODS", (".ods",))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX", (".docx",)
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", (".xlsx",)
)
ACCEPTED = (PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in ACCEPTED}

_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
_ZIP = b"PK\x03\x04"
# Programs of Windows (MZ), Linux (ELF), macOS (Mach-O, fat binaries) and scripts (#!).
_PROGRAMS = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_ODF = {ODT.content_type: ODT, ODS.content_type: ODS}
_OOXML = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


class NotAccepted(Exception):
    """The content is none of the accepted kinds; `is_program` when it is an executable."""

    def __init__(self, *, is_program: bool = False, has_macros: bool = False):
        self.is_program = is_program
        self.has_macros = has_macros
        super().__init__("a program" if is_program else "not an accepted kind of file")


def file_type(file: BinaryIO) -> FileType:
    """The kind of the (seekable) file's content; NotAccepted if it is none of ACCEPTED."""
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if start.startswith(_PROGRAMS):
        raise NotAccepted(is_program=True)
    for signature, kind in _SIGNATURES:
        if start.startswith(signature):
            return kind
    if start.startswith(_ZIP):
        return _office_type(file)
    raise NotAccepted()


def _office_type(file: BinaryIO) -> FileType:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # ODF: the first entry, stored uncompressed; read no more than a type's length.
                with archive.open("mimetype") as entry:
                    declared = entry.read(100).decode("ascii", "replace").strip()
                if declared in _ODF:
                    return _ODF[declared]
            if "[Content_Types].xml" in names:
                if any(name.endswith("vbaProject.bin") for name in names):
                    raise NotAccepted(has_macros=True)
                for part, kind in _OOXML.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        pass  # a damaged or encrypted archive is no document of ours
    finally:
        file.seek(0)
    raise NotAccepted()
