"""The opinion letter as a Word file, laid out after GB/T 9704-2012 (党政机关公文格式):
A4, 版心 156 x 225 mm; title in 方正小标宋简体 2号 (22 pt); section headings 黑体 3号;
sub-headings 楷体_GB2312 3号; body 仿宋_GB2312 3号 (16 pt) at a fixed 28.9 pt line
pitch (22 lines a page, 28 characters a line); page numbers "— 1 —" in 4号 宋体 below
the text area, odd pages right, even pages left. The fonts are named in the file even
where not installed.

Also the one-page internal record (内部审批单) that carries the sign-off lines, which
never go out with the letter itself."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reviewer.report.opinion import Letter, cn_ordinal, sections

TITLE_FONT = "方正小标宋简体"
HEAD_FONT = "黑体"
SUB_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_FONT = "宋体"
SIZE_2 = Pt(22)
SIZE_3 = Pt(16)
SIZE_4 = Pt(14)
LINE = Pt(28.9)
CHAR = 16  # one body character, in points: the unit of GB/T 9704's "空二字"
SUBHEAD = re.compile(r"^（[一二三四五六七八九十]+）")
ITEM = re.compile(r"^\d+[.．、]")
INTERNAL_TITLE = "合法性审查内部审批单"
COLUMNS = (Mm(40), Mm(116))  # label and value columns of the internal record: the 156 mm text width
FORM_LINE = Pt(22)  # the internal record is a form in 4号, not a 公文: it must fit one page


# ------------------------------------------------------------------ building blocks

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


def _para(doc, text: str = "", font: str = BODY_FONT, size=SIZE_3, align=None, indent: bool = True, bold: bool = False,
          keep_next: bool = False, keep_lines: bool = False):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = keep_next or None
    fmt.keep_together = keep_lines or None
    if indent:
        fmt.first_line_indent = Pt(2 * CHAR)
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        _font(run, font, size)
        run.bold = bold
    return p


def _width(text: str) -> float:
    """Width in body characters: a Chinese character is one, a digit or Latin letter half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


# ------------------------------------------------------------------ the document shell

def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    normal.paragraph_format.widow_control = True  # no single line of a paragraph left alone on a page
    _chinese_defaults(doc)
    _strip_template(doc)
    return doc


def _chinese_defaults(doc) -> None:
    # python-docx's template declares Japanese / US English as the East Asian language,
    # which gives Japanese line-breaking and font fallback in Word.
    styles = doc.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    for lang in doc.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:eastAsia"), "zh-CN")


def _strip_template(doc) -> None:
    """Drop what python-docx's default template carries over from the Mac Word file it
    was made from: a thumbnail of a blank page, a bibliography custom-XML part, the
    request to save a new preview picture, and (in _properties) its app.xml."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            del doc.part.rels[rid]
    for el in doc.settings.element.findall(qn("w:savePreviewPicture")):
        el.getparent().remove(el)


def _properties(doc, title: str, subject: str, author: str, keywords: str) -> None:
    cp = doc.core_properties
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    cp.title, cp.subject, cp.keywords = title, subject, keywords
    cp.author = cp.last_modified_by = author
    cp.comments = cp.category = ""
    cp.created = cp.modified = now
    cp.revision = 1
    app = doc.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    # the template's app.xml names "Microsoft Macintosh Word" and Normal.dotm; say who made the file
    app._blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>reviewer</Application><DocSecurity>0</DocSecurity><Company>{escape(author)}</Company>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    ).encode("utf-8")


# ------------------------------------------------------------------ page numbers

def _page_numbers(doc) -> None:
    """GB/T 9704 7.5: 4号半角宋体阿拉伯数字, a 一字线 each side, below the text area
    (the dash 7 mm under it); odd pages right with one character space, even pages left."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    # a one-line 14 pt footer whose foot stands 24 mm above the page edge puts the dash
    # 7 mm under the text area (measured on LibreOffice's PDF); the text keeps its 22 lines
    section.footer_distance = Mm(24)
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)


def _page_number(footer, odd: bool) -> None:
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact 14 pt line could clip the glyphs in Word
    fmt.first_line_indent = Pt(0)
    if odd:
        p.alignment, fmt.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, SIZE_4
    else:
        p.alignment, fmt.left_indent = WD_ALIGN_PARAGRAPH.LEFT, SIZE_4
    _page_run(p, "— ", dash=True)
    _field(p, "PAGE", "1")
    _page_run(p, " —", dash=True)


def _page_run(p, text: str = "", dash: bool = False):
    run = p.add_run(text)
    _font(run, PAGE_FONT, SIZE_4)
    if dash:  # Word sets U+2014 in the East Asian font only when told: then it is one character wide
        run._element.rPr.rFonts.set(qn("w:hint"), "eastAsia")
    return run


def _field(p, instr: str, shown: str) -> None:
    """A complex field (begin / instruction / separate / cached result / end), as Word writes it."""
    def char(kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        _page_run(p)._element.append(el)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instr} "
    _page_run(p)._element.append(code)
    char("separate")
    _page_run(p, shown)
    char("end")


# ------------------------------------------------------------------ the letter

def render_docx(letter: Letter, path) -> None:
    doc = _new_document()
    _page_numbers(doc)
    _para(doc, letter.office, TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep_next=True)
    _para(doc, letter.title, TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False, keep_next=True)
    _para(doc, letter.number, BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, indent=False)
    for key, value in letter.meta:
        _para(doc, f"{key}：{value}", indent=False)
    _para(doc, indent=False)
    if letter.salutation:
        _para(doc, letter.salutation, indent=False, keep_next=True)
    last = _para(doc, letter.intro)
    for n, (heading, body) in enumerate(sections(letter), 1):
        _para(doc, f"{cn_ordinal(n)}、{heading}", HEAD_FONT, keep_next=True)
        for i, text in enumerate(body):
            following = body[i + 1] if i + 1 < len(body) else None
            if SUBHEAD.match(text):
                last = _para(doc, text, SUB_FONT, keep_next=True)
            else:
                # an item's first line (1. 合同第X条“…”) stays with its explanation, and a
                # lead-in ending "：" with what it introduces; a list of one-paragraph items
                # (1. … 2. …) is not chained together, or it could not break at all
                head = bool(ITEM.match(text)) and following is not None and not ITEM.match(following)
                lead_in = text.rstrip().endswith(("：", ":")) and following is not None
                last = _para(doc, text, keep_next=head or lead_in)
    _closing(doc, letter, last)
    title = dict(letter.meta).get("送审事项", "")
    _properties(doc, f"关于{title}的{letter.title}" if title else letter.title, "合法性审查意见书", letter.office, letter.number)
    doc.save(path)


def _closing(doc, letter: Letter, last) -> None:
    """Signature, office and date kept together and with the last line of the text, so
    no page holds the date alone (GB/T 9704 7.3.5). The date stands 右空四字 and the office
    name is centred over it, where the seal goes."""
    last.paragraph_format.keep_with_next = True
    _para(doc, indent=False, keep_next=True)
    signature = "        ".join(s for s in getattr(letter, "signature", []) if s)
    if signature:
        _para(doc, signature, indent=False, keep_next=True, keep_lines=True)
        _para(doc, indent=False, keep_next=True)
    office = _para(doc, letter.office, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, keep_next=True, keep_lines=True)
    date = _para(doc, letter.date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, keep_lines=True)
    date.paragraph_format.right_indent = Pt(4 * CHAR)
    shift = 4 + (_width(letter.date) - _width(letter.office)) / 2
    office.paragraph_format.right_indent = Pt(max(shift, 0) * CHAR)


# ------------------------------------------------------------------ the internal record

def render_internal_docx(letter: Letter, path) -> bool:
    """The one-page 内部审批单 with the sign-off lines (审查人/复核人/负责人), kept in the
    office's file and never sent with the letter. Writes nothing and returns False when
    the letter carries no `internal` lines."""
    lines = [s for s in getattr(letter, "internal", None) or [] if s and s.strip()]
    if not lines:
        return False
    doc = _new_document()
    _para(doc, INTERNAL_TITLE, TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, indent=False)
    rows = [("意见书编号", letter.number), *[(k, v) for k, v in letter.meta], ("审查结论", letter.conclusion)]
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, COLUMNS):
        column.width = width  # the grid widths: LibreOffice ignores cell widths alone
    for label, value in rows:
        _row(table, label, value)
    for line in lines:
        label, colon, given = line.partition("：")
        if not colon:
            label, given = line, ""
        blanks = "" if "_" in given or "年" in given else "（签名）                  日期：    年  月  日"
        _row(table, label.strip(), (given.strip() + "  " + blanks).strip(), height=Mm(16))
    _para(doc, indent=False)
    _para(doc, "本单由承办机构内部留存，不随意见书送出。", indent=False)
    _properties(doc, INTERNAL_TITLE, INTERNAL_TITLE, letter.office, letter.number)
    doc.save(path)
    return True


def _row(table, label: str, value: str, height=None) -> None:
    cells = table.add_row().cells
    cells[0].width, cells[1].width = COLUMNS
    if height is not None:
        table.rows[-1].height = height
    for cell, text, font in ((cells[0], label, HEAD_FONT), (cells[1], value, BODY_FONT)):
        p = cell.paragraphs[0]
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = FORM_LINE
        _font(p.add_run(text), font, SIZE_4)
