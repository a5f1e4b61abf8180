"""file -> Document. The type is told from the content; the name only breaks ties."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

from reviewer.document import Document, IngestNote
from reviewer.errors import InputError
from reviewer.ingest.limits import MAX_FILE_BYTES
from reviewer.ingest.sniff import ole_kind, sniff, zip_kind

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
LEGACY_NAMES = {".doc": "Word 97-2003（.doc）", ".wps": "WPS 文字（.wps）", ".rtf": "RTF", ".odt": "ODT"}
SUPPORTED = ".docx、.pdf、.txt、.md（.doc、.wps、.rtf、.odt 需要 LibreOffice）"


def _read_bytes(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError(path, "文件不存在", "请检查路径是否正确", code="not_found")
    if p.is_dir():
        raise InputError(path, "是一个文件夹，不是文档", "请指定要审查的文件", code="is_directory")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(path, f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_FILE_BYTES // 1048576} MB）", "请拆分后分别审查", code="too_large")
        return p.read_bytes()
    except PermissionError:
        raise InputError(path, "没有读取权限", "请检查文件权限", code="permission") from None
    except OSError as exc:
        raise InputError(path, f"无法读取（{exc.strerror}）", "请检查文件是否完好", code="unreadable") from None


def _docx_from_bytes(path: str, data: bytes, fmt: str) -> Document:
    from reviewer.ingest.docx import read_docx

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise InputError(path, "文件已损坏（不是有效的 .docx 压缩结构）", "请用 Word 打开后另存为 .docx 再审查", code="corrupt") from None
    with zf:
        blocks, notes = read_docx(path, zf)
    return Document(path=path, format=fmt, blocks=blocks, notes=notes)


def load(path: str | os.PathLike) -> Document:
    path = str(path)
    data = _read_bytes(path)
    suffix = Path(path).suffix.lower()
    kind = sniff(data)
    if kind == "empty":
        raise InputError(path, "文件为空（0 字节或只有空白）", "请确认文件是否完整", code="empty")
    if kind == "pdf":
        from reviewer.ingest.pdf import read_pdf

        blocks, notes, pages = read_pdf(path)
        doc = Document(path=path, format="pdf", blocks=blocks, notes=notes, pages=pages)
    elif kind == "zip":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                mimetype = zf.read("mimetype")[:80] if "mimetype" in names else None
        except (zipfile.BadZipFile, ValueError, KeyError, OSError, zlib.error, EOFError, NotImplementedError):
            raise InputError(path, "文件已损坏（压缩结构无法读取）", "请用 Word 打开后另存为 .docx 再审查", code="corrupt") from None
        zkind = zip_kind(names, mimetype)
        if zkind == "docx":
            doc = _docx_from_bytes(path, data, "docx")
        elif zkind == "odt":
            from reviewer.ingest.convert import convert_to_docx

            doc = _docx_from_bytes(path, convert_to_docx(path, "ODT"), "odt→docx")
        elif zkind in ("xlsx", "pptx"):
            raise InputError(path, f"是 {'Excel 表格' if zkind == 'xlsx' else 'PowerPoint 演示文稿'}，不是文字文档", f"支持的格式：{SUPPORTED}", code="unsupported")
        else:
            raise InputError(path, "是压缩包，不是单个文档", "请解压后逐个审查其中的文件", code="archive")
    elif kind == "ole":
        if ole_kind(data) == "encrypted-ooxml":
            raise InputError(path, "文件已加密（设置了打开密码）", "请在 Word 中取消密码保护后另存为 .docx 再审查", code="encrypted")
        from reviewer.ingest.convert import convert_to_docx

        label = LEGACY_NAMES.get(suffix, "Word 97-2003（.doc）")
        doc = _docx_from_bytes(path, convert_to_docx(path, label), "doc→docx")
    elif kind == "rtf":
        from reviewer.ingest.convert import convert_to_docx

        doc = _docx_from_bytes(path, convert_to_docx(path, "RTF"), "rtf→docx")
    elif kind == "image":
        raise InputError(path, "是图片文件，不是文字文档", "本工具不做文字识别（OCR），请索取 Word 版本", code="unsupported")
    else:
        if suffix not in TEXT_SUFFIXES:
            if suffix in (".docx", ".pdf"):
                raise InputError(path, f"扩展名是 {suffix}，但内容不是有效的 {suffix[1:].upper()} 文件（已损坏或类型不符）", "请用原软件打开后重新保存再审查", code="corrupt")
            raise InputError(path, f"不支持的文件类型（{suffix}）", f"支持的格式：{SUPPORTED}", code="unsupported")
        from reviewer.ingest.textfile import read_text

        blocks, encoding = read_text(path, data, markdown=suffix in (".md", ".markdown"))
        doc = Document(path=path, format="md" if suffix in (".md", ".markdown") else "txt", blocks=blocks, encoding=encoding)
    if kind in ("pdf", "zip") and suffix and suffix not in (".pdf", ".docx", ".docm", ".dotx", ".odt", ".wps"):
        doc.notes.append(IngestNote("extension", f"文件扩展名为 {suffix}，按内容识别为 {doc.format} 读取"))
    if not doc.blocks:
        raise InputError(path, "文档中没有文字内容", "请确认文件是否为空白文档或扫描件", code="no_text")
    return doc


def load_text(text: str, name: str = "<文本>") -> Document:
    """A document from a string (rule examples, tests)."""
    from reviewer.document import Block

    blocks = [Block(0, "line", line.rstrip()) for line in text.splitlines() if line.strip()]
    return Document(path=name, format="txt", blocks=blocks)
