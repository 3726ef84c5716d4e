"""Small files of every kind a document may be, and of kinds it may not, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20) + b"\xff\xd9"
WINDOWS_PROGRAM = b"MZ\x90\x00" + bytes(60) + b"This program cannot be run in DOS mode."
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01" + bytes(57)


def _zip(entries: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first is not None:  # ODF's mimetype: first, and stored uncompressed
            archive.writestr(first, entries.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def odf(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return _zip(
        {"mimetype": mimetype, "content.xml": b"<office:document-content/>"}, first="mimetype"
    )


def ooxml(part: str, *, macros: bool = False) -> bytes:
    entries = {"[Content_Types].xml": b"<Types/>", part: b"<document/>"}
    if macros:
        entries[part.split("/")[0] + "/vbaProject.bin"] = b"\x00"
    return _zip(entries)


ODT, ODS = odf("text"), odf("spreadsheet")
DOCX, XLSX = ooxml("word/document.xml"), ooxml("xl/workbook.xml")
PLAIN_ZIP = _zip({"notes.txt": b"Not a document."})


def upload(name: str = "letter.pdf", content: bytes = PDF, content_type="application/pdf"):
    """An uploaded file as a view receives it; the browser's content type is not believed."""
    return SimpleUploadedFile(name, content, content_type=content_type)
