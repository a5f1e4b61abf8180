"""Build test inputs from scratch: .docx parts written by hand (so the reader is
tested against the format, not against another library), PDFs, hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def p(text: str = "", num: tuple[int, int] | None = None, raw: str | None = None) -> str:
    """A paragraph; `num` = (numId, ilvl) applies Word automatic numbering."""
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr></w:pPr>' if num else ""
    body = raw if raw is not None else f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return f"<w:p>{ppr}{body}</w:p>"


def table(rows: list[list[str]]) -> str:
    trs = "".join("<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{trs}</w:tbl>"


def numbering(levels: list[tuple[str, str]], abstract_id: int = 0, num_id: int = 1) -> str:
    """levels: [(numFmt, lvlText)] for ilvl 0, 1, …"""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W_NS}>'
        f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num></w:numbering>'
    )


def make_docx(
    path: Path,
    body: list[str],
    numbering_xml: str | None = None,
    header: str | None = None,
    comments: list[str] | None = None,
    document_prefix: str = "",
) -> Path:
    rels = ['<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>']
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W_NS}/>',
    }
    if numbering_xml:
        parts["word/numbering.xml"] = numbering_xml
        rels.append('<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>')
    sect = ""
    if header:
        parts["word/header1.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W_NS}>{p(header)}</w:hdr>'
        rels.append('<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>')
        sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    if comments:
        items = "".join(f'<w:comment w:id="{i}" w:author="审查">{p(c)}</w:comment>' for i, c in enumerate(comments))
        parts["word/comments.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W_NS}>{items}</w:comments>'
        rels.append('<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>')
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{document_prefix}<w:document {W_NS}><w:body>' + "".join(body) + sect + "</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 11)
        y = 780
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        c.showPage()
    c.save()
    return path


def make_blank_pdf(path: Path, pages: int = 2) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for _ in range(pages):
        c.rect(100, 100, 300, 400, fill=1)  # a drawing, no text: what a scan looks like to a text reader
        c.showPage()
    c.save()
    return path


def encrypt_pdf(src: Path, dst: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(dst, "wb") as fh:
        writer.write(fh)
    return dst


def encrypt_docx(src: Path, dst: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as fh, open(dst, "wb") as out:
        OOXMLFile(fh).encrypt("secret", out)
    return dst


ENTITY_BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


def make_zip_bomb_docx(path: Path, megabytes: int = 8) -> Path:
    """A valid-looking .docx whose document.xml inflates to hundreds of MB."""
    make_docx(path, [p("正常的开头")])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        chunk = b" " * (1 << 20)
        with zf.open("word/padding.xml", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(chunk)
    # Point the main document at the padding so the reader must inflate it.
    data = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "_rels/.rels":
                content = content.replace(b"word/document.xml", b"word/padding.xml")
            dst.writestr(info, content)
    path.write_bytes(out.getvalue())
    return path
