"""Tell a file's type from its first bytes, not from its name."""

from __future__ import annotations

import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, zf: zipfile.ZipFile | None = None) -> str:
    """Return one of: empty, pdf, zip, ole, rtf, image, text."""
    if not data.strip():
        return "empty"
    head = data[:1024]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    return "text"


def zip_kind(names: set[str], mimetype: bytes | None) -> str:
    """docx, odt, xlsx, pptx or zip (an archive of other files)."""
    if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
        return "docx"
    if mimetype and mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def ole_kind(data: bytes) -> str:
    """encrypted-ooxml (a password-protected .docx), or legacy (a .doc / .wps / .xls)."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return "encrypted-ooxml"
    return "legacy"
