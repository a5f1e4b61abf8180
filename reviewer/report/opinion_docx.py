"""The opinion letter as a Word file, laid out after GB/T 9704 conventions:
A4; title in 方正小标宋简体 2号 (22 pt); section headings 黑体 3号; sub-headings
楷体_GB2312 3号; body 仿宋_GB2312 3号 (16 pt) at a fixed 28.9 pt line pitch
(22 lines a page). The fonts are named in the file even where not installed."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reviewer.report.opinion import Letter, cn_ordinal, sections

TITLE_FONT = "方正小标宋简体"
HEAD_FONT = "黑体"
SUB_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
LINE = Pt(28.9)


def _font(run, name: str, size) -> None:
    run.font.name = name
    run.font.size = size
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _para(doc, text: str = "", font: str = BODY_FONT, size=SIZE_3, align=None, indent: bool = True, bold: bool = False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        _font(run, font, size)
        run.bold = bold
    return p


def render_docx(letter: Letter, path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _para(doc, letter.office, TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, letter.title, TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, letter.number, BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, indent=False)
    for key, value in letter.meta:
        _para(doc, f"{key}：{value}", indent=False)
    _para(doc, indent=False)
    if letter.salutation:
        _para(doc, letter.salutation, indent=False)
    _para(doc, letter.intro)
    for n, (heading, body) in enumerate(sections(letter), 1):
        _para(doc, f"{cn_ordinal(n)}、{heading}", HEAD_FONT)
        for text in body:
            if text.startswith("（") and text[1:2] in "一二三四五六七八九十" and "）" in text[:5]:
                _para(doc, text, SUB_FONT)
            else:
                _para(doc, text)
    _para(doc, indent=False)
    _para(doc, "        ".join(letter.signature), indent=False)
    _para(doc, indent=False)
    _para(doc, letter.office, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, letter.date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.core_properties.title = f"{letter.title} {letter.number}"
    doc.core_properties.author = letter.office
    doc.save(path)
