"""Read a .docx with one lxml pass per part.

Why not python-docx's object API: it costs ~3x more on long tenders, and we need
things it does not give directly: Word's automatic numbering rendered as the reader
sees it, tracked changes read as accepted, and strict refusal of hostile XML.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib

from lxml import etree

from reviewer.document import Block, IngestNote
from reviewer.errors import InputError
from reviewer.ingest.limits import MAX_ZIP_MEMBER_BYTES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES
from reviewer.ingest.numbering import Numbering, format_number  # noqa: F401  (format_number: kept importable from here)
from reviewer.ingest.wordml import MC, PKG_REL, w

T, TAB, BR, CR, P, TBL, TR, TC = (w(x) for x in ("t", "tab", "br", "cr", "p", "tbl", "tr", "tc"))
NBH, SYM = w("noBreakHyphen"), w("sym")
TEXT_TAGS = {T, TAB, BR, CR, NBH, SYM}  # the elements that carry a paragraph's text
# Subtrees whose text is not part of the accepted document (deleted or moved-away
# text, run properties, the duplicate fallback of text boxes).
SKIP_TAGS = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("instrText"), w("delText"), f"{{{MC}}}Fallback", w("footnoteReference")}
_REVISION_TAGS = [w(x) for x in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)


class _Zip:
    """Bounded reads from the package: refuses zip bombs and hostile XML."""

    def __init__(self, path: str, zf: zipfile.ZipFile):
        self.path = path
        self.zf = zf
        self.total = 0
        self.names = set(zf.namelist())

    def read(self, name: str) -> bytes | None:
        if name not in self.names:
            return None
        info = self.zf.getinfo(name)
        if info.flag_bits & 0x1:
            raise InputError(self.path, "文件已加密", "请在 Word 中取消密码保护后另存为 .docx 再审查", code="encrypted")
        chunks = []
        size = 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    self.total += len(chunk)
                    ratio_bad = size > (1 << 20) and size > MAX_ZIP_RATIO * max(info.compress_size, 1)
                    if size > MAX_ZIP_MEMBER_BYTES or self.total > MAX_ZIP_TOTAL_BYTES or ratio_bad:
                        raise InputError(
                            self.path,
                            f"文件解压后体积异常（{name} 超过 {MAX_ZIP_MEMBER_BYTES // (1 << 20)} MB 或压缩比超过 {MAX_ZIP_RATIO}），疑似压缩炸弹，已拒绝读取",
                            "如确为正常文档，请在 Word 中另存后重试",
                            code="zip_bomb",
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(self.path, "文件已损坏，无法解压读取", "请用 Word 打开后另存为 .docx 再审查", code="corrupt") from None
        return b"".join(chunks)

    def xml(self, name: str):
        data = self.read(name)
        if data is None:
            return None
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            raise InputError(
                self.path,
                f"文件中的 {name} 含有 XML 实体声明（DOCTYPE/ENTITY），正常的 Word 文档不会有，疑似恶意构造，已拒绝读取",
                "请向送审单位索取原始文件",
                code="hostile_xml",
            )
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            raise InputError(self.path, f"文件已损坏（{name} 不是有效的 XML）", "请用 Word 打开后另存为 .docx 再审查", code="corrupt") from None


# ---------------------------------------------------------------- text


def _para_text(p) -> str:
    out: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag in SKIP_TAGS or not isinstance(tag, str):
                continue
            if tag == T:
                out.append(child.text or "")
            elif tag == TAB:
                out.append("\t")
            elif tag in (BR, CR):
                out.append("\n")
            elif tag == NBH:
                out.append("-")
            elif tag == SYM:
                ch = child.get(w("char"))
                try:
                    out.append(chr(int(ch, 16)) if ch and int(ch, 16) < 0xF000 else "")
                except ValueError:
                    pass
            else:
                walk(child)

    walk(p)
    return "".join(out)


class _Reader:
    def __init__(self, numbering: Numbering, ordinals: dict | None = None):
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0
        self.paragraphs = 0
        # position of each w:p in document order, so a block can be found again in
        # the file (for Word comments); id() is stable while the tree is alive
        self.ordinals = ordinals or {}
        # (label, text) of every paragraph read, empty ones included: what
        # tests compare with LibreOffice's rendering of the same file
        self.trace: list[tuple[str, str]] = []

    def paragraph(self, p) -> tuple[str, str, str]:
        ppr = p.find(w("pPr"))
        style = None
        if ppr is not None:
            ps = ppr.find(w("pStyle"))
            style = ps.get(w("val")) if ps is not None else None
        # Cells are numbered too: a list may run through a table and on after it.
        # A paragraph whose mark is a tracked deletion is, once accepted, part of
        # the next paragraph, which carries the number: it takes none of its own.
        mark_deleted = ppr is not None and ppr.find(f"{w('rPr')}/{w('del')}") is not None
        label = "" if mark_deleted else self.numbering.label_for(ppr, style)
        text = _para_text(p)
        self.paragraphs += 1
        self.trace.append((label, text))
        return text, label, style or ""

    def body(self, container) -> None:
        for el in container:
            tag = el.tag
            if tag == P:
                text, label, style = self.paragraph(el)
                if text.strip():
                    self.blocks.append(Block(0, "paragraph", text, label=label, style=style, sources=((self.ordinals.get(id(el), -1), len(text)),)))
            elif tag == TBL:
                self.table(el)
            elif tag in (w("sdt"), w("customXml")):
                content = el.find(w("sdtContent")) if tag == w("sdt") else el
                if content is not None:
                    self.body(content)
            elif tag == w("ins") or tag == w("moveTo"):
                self.body(el)

    def table(self, tbl) -> None:
        self.tables += 1
        number = self.tables
        rows = []
        for child in tbl:
            if child.tag == TR:
                rows.append(child)
            elif child.tag == w("sdt"):
                rows.extend(child.iter(TR))
        for r, tr in enumerate(rows, start=1):
            c = 0
            for tc in tr:
                if tc.tag == w("sdt"):
                    tc = tc.find(f"{w('sdtContent')}/{w('tc')}")
                    if tc is None:
                        continue
                if tc.tag != TC:
                    continue
                c += 1
                parts, sources = [], []
                for child in _content(tc):
                    if child.tag == P:
                        text, label, _ = self.paragraph(child)
                        if text.strip():
                            parts.append(text)
                            sources.append((self.ordinals.get(id(child), -1), len(text)))
                    elif child.tag == TBL:
                        self.table(child)
                cell = "\n".join(parts)
                if cell.strip():
                    self.blocks.append(Block(0, "cell", cell, table=number, row=r, col=c, sources=tuple(sources)))


def _content(container):
    """A cell's paragraphs and tables, through content controls and inserted text."""
    for child in container:
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from _content(content)
        elif child.tag in (w("customXml"), w("ins"), w("moveTo")):
            yield from _content(child)
        else:
            yield child


def _rels(zp: _Zip, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, target part) for one part."""
    folder, name = posixpath.split(part)
    tree = zp.xml(posixpath.join(folder, "_rels", name + ".rels"))
    out = {}
    if tree is None:
        return out
    for rel in tree.iter(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        full = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") else target.lstrip("/")
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], full)
    return out


def paragraph_labels(path: str) -> list[tuple[str, str]]:
    """(automatic label, text) of every body paragraph, tables included, in order."""
    trace: list[tuple[str, str]] = []
    with zipfile.ZipFile(path) as zf:
        read_docx(path, zf, trace)
    return trace


def read_docx(path: str, zf: zipfile.ZipFile, trace: list | None = None) -> tuple[list[Block], list[IngestNote]]:
    zp = _Zip(path, zf)
    main = "word/document.xml"
    root_rels = zp.xml("_rels/.rels")
    if root_rels is not None:
        for rel in root_rels.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                main = rel.get("Target", main).lstrip("/")
    doc = zp.xml(main)
    if doc is None:
        raise InputError(path, "不是有效的 Word 文档（缺少正文部分）", "请用 Word 打开后另存为 .docx 再审查", code="corrupt")
    rels = _rels(zp, main)
    by_type: dict[str, list[str]] = {}
    for kind, target in rels.values():
        by_type.setdefault(kind, []).append(target)
    numbering = Numbering.load(
        zp.xml(by_type.get("numbering", ["word/numbering.xml"])[0]),
        zp.xml(by_type.get("styles", ["word/styles.xml"])[0]),
    )
    body = doc.find(w("body"))
    all_p = list(body.iter(P)) if body is not None else []
    reader = _Reader(numbering, {id(p): i for i, p in enumerate(all_p)})
    if body is not None:
        reader.body(body)
    if trace is not None:
        trace.extend(reader.trace)

    notes: list[IngestNote] = []
    for kind in ("header", "footer"):
        seen = set()
        for target in sorted(by_type.get(kind, [])):
            part = zp.xml(target)
            if part is None:
                continue
            for p in part.iter(P):
                text = _para_text(p).strip()
                if text and text not in seen:
                    seen.add(text)
                    reader.blocks.append(Block(0, kind, text))

    revisions = sum(1 for _ in doc.iter(*_REVISION_TAGS))
    if revisions:
        notes.append(IngestNote("tracked_changes", f"文档含有 {revisions} 处未接受的修订，已按“接受全部修订”后的文本审查；请送审单位确认定稿"))
    for target in by_type.get("comments", []):
        comments = zp.xml(target)
        if comments is not None:
            n = sum(1 for _ in comments.iter(w("comment")))
            if n:
                notes.append(IngestNote("comments", f"文档含有 {n} 条批注，审查时未作为正文内容；请送审单位确认批注已处理"))
    return reader.blocks, notes
