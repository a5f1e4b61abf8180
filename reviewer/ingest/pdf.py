"""Read a PDF's text layer with pypdfium2; lines are joined back into paragraphs.

A PDF gives lines, not paragraphs; Chinese documents wrap mid-sentence. A line
starts a new paragraph when it opens with a clause marker (第X条, 一、, （一）, 1.)
or when the previous line ended a sentence or was clearly short.
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


def _paragraphs(lines: list[str]) -> list[str]:
    widths = sorted(len(x) for x in lines if x.strip())
    typical = widths[int(len(widths) * 0.8)] if widths else 0
    paras: list[str] = []
    current = ""
    last_line = ""  # the previous line as printed: a short one ended its paragraph
    for line in lines:
        text = line.strip()
        if not text:
            if current:
                paras.append(current)
                current = ""
            continue
        if current and (_STARTS_CLAUSE.match(text) or current[-1] in _ENDS_SENTENCE or len(last_line) < typical * 0.7):
            paras.append(current)
            current = ""
        current += text
        last_line = text
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
    blocks: list[Block] = []
    try:
        pages = len(pdf)
        for number in range(pages):
            blocks.extend(_page_blocks(pdf, number, path))
    finally:
        pdf.close()
    chars = sum(len(b.text) for b in blocks)
    if pages and chars < 20 * pages:
        raise InputError(
            path,
            f"PDF 没有可提取的文字层（共 {pages} 页，疑似扫描件）",
            "本工具不做文字识别（OCR），请索取 Word 版本或带文字层的 PDF",
            code="scanned_pdf",
        )
    return blocks, [], pages


def _page_blocks(pdf, number: int, path: str) -> list[Block]:
    import pypdfium2 as pdfium

    try:
        page = pdf[number]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
    except pdfium.PdfiumError:
        raise InputError(path, f"PDF 文件已损坏（第{number + 1}页无法读取）", "请向送审单位索取完好的文件或 Word 版本", code="corrupt") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [ln for ln in lines if not _PAGE_NO.match(ln) or len(ln.strip()) > 12]
    return [Block(0, "paragraph", para, page=number + 1) for para in _paragraphs(lines)]
