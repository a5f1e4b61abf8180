"""Read a PDF's text layer with pypdfium2; lines are joined back into paragraphs.

A PDF gives lines, not paragraphs; Chinese documents wrap mid-sentence. A line
starts a new paragraph when it opens with a clause marker (第X条, 一、, （一）, 1.),
when the previous line ended a sentence or was clearly short, or when the type size
changes (a cover's title set large above its smaller "项目名称：" lines).

Running headers and footers (the same line at the top or bottom of many pages, such
as "房建市政施工招标示范文本（2023 年版）") are not body text: they are taken out of
the pages, so they never pass for a title or join a paragraph, and each is kept once
at the end as a "header"/"footer" block, as the Word reader does, so rules skip it.
"""

from __future__ import annotations

import re

from reviewer.document import Block, IngestNote
from reviewer.errors import InputError

_PAGE_NO = re.compile(r"^[\s\-—–－第页共/PpAaGgEe\d０-９IVXivx.·]*$")
_STARTS_CLAUSE = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[章节条款部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+(\.\d+)*[.、．\s]|[①-⑳]|[甲乙]方[:：]|附件)"
)
_ENDS_SENTENCE = "。；：！？!?;:"
_BAND = 0.1  # the top and bottom tenth of a page, where running headers and footers sit
_RUNNING_SHARE = 0.25  # on at least this share of the pages (a cover or a chapter page often has none)
_SIZE_STEP = 1.3  # a line this much larger or smaller than the one above starts a paragraph

Line = tuple[str, float]  # the text and the type size of its first character (0 when unknown)


def _paragraphs(lines: list[Line]) -> list[str]:
    widths = sorted(len(x) for x, _ in lines if x.strip())
    typical = widths[int(len(widths) * 0.8)] if widths else 0
    paras: list[str] = []
    current = ""
    last_line = ""  # the previous line as printed: a short one ended its paragraph
    last_size = 0.0
    for line, size in lines:
        text = line.strip()
        if not text:
            if current:
                paras.append(current)
                current = ""
            continue
        resized = size and last_size and max(size, last_size) > _SIZE_STEP * min(size, last_size)
        if current and (_STARTS_CLAUSE.match(text) or current[-1] in _ENDS_SENTENCE or len(last_line) < typical * 0.7 or resized):
            paras.append(current)
            current = ""
        current += text
        last_line, last_size = text, size
    if current:
        paras.append(current)
    return paras


def read_pdf(path: str) -> tuple[list[Block], list[IngestNote], int]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            raise InputError(path, "PDF 文件已加密（需要密码）", "请取消密码保护后另存为 PDF 再审查", code="encrypted") from None
        raise InputError(path, "PDF 文件已损坏，无法打开", "请向送审单位索取完好的文件或 Word 版本", code="corrupt") from None
    try:
        pages = [_page_lines(pdf, number, path) for number in range(len(pdf))]
    finally:
        pdf.close()
    running = _running(pages)
    blocks: list[Block] = []
    kept: dict[str, Block] = {}
    for number, (lines, top, bottom) in enumerate(pages, start=1):
        lines = _without_running(lines, top, bottom, running, number, kept)
        lines = [ln for ln in lines if not _PAGE_NO.match(ln[0]) or len(ln[0].strip()) > 12]
        blocks.extend(Block(0, "paragraph", para, page=number) for para in _paragraphs(lines))
    chars = sum(len(b.text) for b in blocks)
    if pages and chars < 20 * len(pages):
        raise InputError(
            path,
            f"PDF 没有可提取的文字层（共 {len(pages)} 页，疑似扫描件）",
            "本工具不做文字识别（OCR），请索取 Word 版本或带文字层的 PDF",
            code="scanned_pdf",
        )
    return blocks + list(kept.values()), [], len(pages)


def _page_lines(pdf, number: int, path: str) -> tuple[list[Line], list[str], list[str]]:
    """The page's lines, and the lines printed in its top and bottom bands."""
    import pypdfium2 as pdfium

    try:
        page = pdf[number]
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        top = textpage.get_text_bounded(left=0, bottom=height * (1 - _BAND), right=width, top=height)
        bottom = textpage.get_text_bounded(left=0, bottom=0, right=width, top=height * _BAND)
        lines = _sized_lines(textpage, text)
        textpage.close()
        page.close()
    except pdfium.PdfiumError:
        raise InputError(path, f"PDF 文件已损坏（第{number + 1}页无法读取）", "请向送审单位索取完好的文件或 Word 版本", code="corrupt") from None
    return lines, _split(top), _split(bottom)


def _split(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _sized_lines(textpage, text: str) -> list[Line]:
    """Each line with the type size of its first character: the font's nominal size
    scaled by the text matrix (the glyph's own box would differ between a Latin
    and a Chinese font of the same size, and some PDFs set every font at size 1)."""
    import ctypes

    import pypdfium2.raw as raw

    lines: list[Line] = []
    offset = 0
    matrix = raw.FS_MATRIX()
    for line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", text):
        bare = line.rstrip("\r\n")
        first = len(bare) - len(bare.lstrip())
        size = 0.0
        if first < len(bare):
            index = raw.FPDFText_GetCharIndexFromTextIndex(textpage.raw, offset + first)
            if index >= 0 and raw.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix)):
                size = raw.FPDFText_GetFontSize(textpage.raw, index) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        lines.append((bare, size))
        offset += len(line)
    return lines


def _key(line: str) -> str:
    # page numbers and dates change from page to page; the running text does not
    return re.sub(r"\d+", "#", re.sub(r"\s", "", line))


def _running(pages: list[tuple[list[str], list[str], list[str]]]) -> dict[str, str]:
    """Running header and footer lines by key: a line printed in the same band
    (top or bottom) on many pages."""
    seen: dict[tuple[str, str], set[int]] = {}
    for number, (_, top, bottom) in enumerate(pages):
        for kind, band in (("header", top), ("footer", bottom)):
            for line in band:
                if line.strip():
                    seen.setdefault((kind, _key(line)), set()).add(number)
    need = max(3, len(pages) * _RUNNING_SHARE)
    return {key: kind for (kind, key), where in seen.items() if len(where) >= need}


def _without_running(lines: list[Line], top, bottom, running, number, kept) -> list[Line]:
    """The page's lines less its running header and footer (the first such line for
    a header, the last for a footer: the same words may also stand in the body)."""
    drop = [(_key(line), kind) for band, kind in ((top, "header"), (bottom, "footer")) for line in band if line.strip()]
    drop = [(key, kind) for key, kind in drop if running.get(key) == kind]
    if not drop:
        return lines
    keys = [_key(text) for text, _ in lines]
    gone: set[int] = set()
    for key, kind in drop:
        found = [i for i, k in enumerate(keys) if k == key and i not in gone]
        if found:
            i = found[0] if kind == "header" else found[-1]
            gone.add(i)
            text = lines[i][0].strip()
            if key not in kept and not _PAGE_NO.match(text):
                kept[key] = Block(0, kind, text, page=number)
    return [line for i, line in enumerate(lines) if i not in gone]
