"""The opinion letter's page layout after GB/T 9704-2012: page numbers, headings kept
with what follows, the closing block kept whole, honest document properties, and the
internal sign-off record that never goes out with the letter."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from reviewer.report.opinion_docx import render_docx, render_internal_docx

ROOT = Path(__file__).resolve().parents[1]
LONG = ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx"  # a letter of several pages
NUMBER = "宣司审〔2026〕7号"
SIGN_OFF = ["审查人：", "复核人：", "负责人："]


@pytest.fixture(scope="module")
def letter():
    from reviewer.api import check_file
    from reviewer.case import CaseInfo
    from reviewer.engine.loader import load_rules
    from reviewer.report.opinion import build_letter, load_template

    ruleset = load_rules()
    rv = check_file(LONG, ruleset)
    info = CaseInfo(unit="宣汉县教育局", received=dt.date(2026, 3, 2), done=dt.date(2026, 3, 10))
    return build_letter(rv, ruleset, info, load_template(), NUMBER)


@pytest.fixture(scope="module")
def rendered(letter, tmp_path_factory):
    path = tmp_path_factory.mktemp("layout") / "意见书.docx"
    render_docx(letter, path)
    return path


def _texts(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


# ------------------------------------------------------------------ page numbers

@pytest.mark.parametrize("odd", [True, False])
def test_page_number_field_in_odd_and_even_footers(rendered, odd):
    doc = Document(str(rendered))
    assert doc.settings.odd_and_even_pages_header_footer
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    footer = section.footer if odd else section.even_page_footer
    assert not footer.is_linked_to_previous
    p = footer.paragraphs[0]
    xml = p._p.xml
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
    assert p.text == "— 1 —"  # the cached field result between one 一字线 each side
    fmt = p.paragraph_format
    if odd:  # 单页码居右空一字
        assert p.alignment == WD_ALIGN_PARAGRAPH.RIGHT and fmt.right_indent.pt == 14 and not fmt.left_indent
    else:  # 双页码居左空一字
        assert p.alignment == WD_ALIGN_PARAGRAPH.LEFT and fmt.left_indent.pt == 14 and not fmt.right_indent
    for run in p.runs:
        assert run.font.size.pt == 14  # 4号
        assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"


# ------------------------------------------------------------------ keeping lines together

def test_headings_item_heads_and_closing_keep_with_next(rendered, letter):
    doc = Document(str(rendered))
    paras = doc.paragraphs
    texts = [p.text for p in paras]
    assert doc.styles["Normal"].paragraph_format.widow_control
    headings = [p for p in paras if re.match(r"^[一二三四五六七八九十]+、", p.text)]
    assert [p.text for p in headings][:5] == ["一、送审材料情况", "二、审查依据", "三、审查意见", "四、审查结论", "五、其他说明"]
    assert all(p.paragraph_format.keep_with_next for p in headings)
    subheads = [p for p in paras if re.match(r"^（[一二三四五六七八九十]+）", p.text)]
    assert subheads and all(p.paragraph_format.keep_with_next for p in subheads)
    start, end = texts.index("三、审查意见"), texts.index("四、审查结论")
    items = [p for p in paras[start:end] if "【" in p.text and re.match(r"^\d+\. ", p.text)]
    assert len(items) >= 3 and all(p.paragraph_format.keep_with_next for p in items)
    # a list of one-paragraph notes is not chained together: the list may break between notes
    notes = [p for p in paras[texts.index("五、其他说明") + 1:] if re.match(r"^\d+\. ", p.text)]
    assert len(notes) >= 2 and not notes[0].paragraph_format.keep_with_next
    # the closing: office over date, kept whole and with the last line of the text
    assert texts[-1] == letter.date and texts[-2] == letter.office
    office, date = paras[-2].paragraph_format, paras[-1].paragraph_format
    assert office.keep_with_next and office.keep_together and date.keep_together
    assert notes[-1].paragraph_format.keep_with_next
    assert date.right_indent.pt == 64  # 成文日期右空四字


# ------------------------------------------------------------------ document properties

def test_core_properties_are_the_offices_not_python_docx(rendered, letter):
    props = Document(str(rendered)).core_properties
    assert props.author == letter.office and props.last_modified_by == letter.office
    assert props.subject == "合法性审查意见书" and props.keywords == NUMBER and props.comments == ""
    assert "合法性审查意见书" in props.title and "宣汉县第三中学" in props.title
    now = dt.datetime.now(dt.timezone.utc)
    for stamp in (props.created, props.modified):
        assert abs((now - stamp.replace(tzinfo=dt.timezone.utc)).total_seconds()) < 120
    with zipfile.ZipFile(rendered) as z:
        names = z.namelist()
        blob = b"".join(z.read(n) for n in names if n.startswith("docProps/"))
        settings = z.read("word/settings.xml").decode("utf-8")
    assert b"python-docx" not in blob and b"Microsoft Macintosh Word" not in blob and b"Normal.dotm" not in blob
    assert "<Application>reviewer</Application>" in blob.decode("utf-8")
    assert not any("thumbnail" in n or n.startswith("customXml/") for n in names), names
    assert "ja-JP" not in settings and "savePreviewPicture" not in settings


# ------------------------------------------------------------------ the internal record

def test_internal_record_holds_the_sign_off_lines_the_letter_does_not(letter, tmp_path):
    letter.internal = list(SIGN_OFF)
    out, record = tmp_path / "意见书.docx", tmp_path / "审批单.docx"
    render_docx(letter, out)
    assert render_internal_docx(letter, record) is True
    sent = _texts(out)
    assert not any(line in sent for line in SIGN_OFF)  # "负责人" alone may well occur in a finding
    doc = Document(str(record))
    assert doc.paragraphs[0].text == "合法性审查内部审批单"
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert NUMBER in cells and letter.conclusion in cells
    assert "《宣汉县第三中学校舍维修改造工程施工合同》" in cells
    for line in SIGN_OFF:
        label = line.rstrip("：")
        value = cells[cells.index(label) + 1]
        assert "（签名）" in value and "年  月  日" in value
    assert doc.core_properties.keywords == NUMBER and doc.core_properties.author == letter.office


def test_no_internal_record_without_sign_off_lines(letter, tmp_path):
    letter.internal = []
    assert render_internal_docx(letter, tmp_path / "审批单.docx") is False
    assert not (tmp_path / "审批单.docx").exists()


# ------------------------------------------------------------------ rendered pages

def _to_pdf(soffice: str, docx: Path, tmp_path: Path) -> Path:
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs do not collide
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, timeout=180, check=True)
    return tmp_path / (docx.stem + ".pdf")


def test_rendered_pages_carry_numbers_and_break_well(letter, tmp_path):
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice or pdftotext is not installed; pages not rendered")
    letter.internal = list(SIGN_OFF)
    out, record = tmp_path / "意见书.docx", tmp_path / "审批单.docx"
    render_docx(letter, out)
    render_internal_docx(letter, record)
    text = subprocess.run([pdftotext, "-layout", str(_to_pdf(soffice, out, tmp_path)), "-"], capture_output=True, text=True, check=True).stdout
    pages = [pg for pg in text.split("\f") if pg.strip()]
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        lines = [re.sub(r"\s+", "", ln) for ln in page.splitlines() if ln.strip()]
        # pdftotext drops the spaces inside "— 1 —"; the dashes and the number remain
        assert lines[-1] == f"—{n}—", (n, lines[-3:])
        body = lines[:-1]
        # no heading stands alone at the foot of a page
        assert not re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\S{0,10}$", body[-1]), (n, body[-1])
    last = [re.sub(r"\s+", "", ln) for ln in pages[-1].splitlines() if ln.strip()]
    assert last[-3:-1] == [letter.office, letter.date] and len(last) > 3  # the date never alone on its page
    record_text = subprocess.run([pdftotext, str(_to_pdf(soffice, record, tmp_path)), "-"], capture_output=True, text=True, check=True).stdout
    assert record_text.count("\f") == 1 and "复核人" in record_text  # one page
