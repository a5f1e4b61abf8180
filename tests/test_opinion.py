"""The opinion letter: sections, every finding once with its basis, numbering, layout."""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "contracts" / "goods-medical-equipment.docx"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_letter_holds_every_finding_once_in_its_section(tmp_path, cli):
    out = tmp_path / "意见书.docx"
    db = tmp_path / "r.db"
    r = cli("opinion", SAMPLE, "-o", out, "--db", db, "--unit", "宣汉县人民医院", "--received", "2026-03-02", "--done", "2026-03-10")
    assert r.code == 0, r.err
    paras = _paragraphs(out)
    text = "\n".join(paras)
    findings = json.loads(cli("check", SAMPLE, "--format", "json").out)["findings"]
    assert findings
    start, end = paras.index("三、审查意见"), paras.index("四、审查结论")
    section = "\n".join(paras[start:end])
    for f in findings:
        excerpt = f["excerpt"].rstrip("。；")
        if not excerpt:
            continue  # a whole-document finding (a missing clause) quotes nothing
        assert section.count(f"“{excerpt}”") == 1, excerpt
        for b in f["basis"]:
            if b["quote"]:  # quoted once, in 二、审查依据; the items name it
                assert text.count(f"{b['article']}：“{b['quote']}") == 1, b["key"]
                assert b["quote"] not in section
    assert paras[0] == "宣汉县司法局" and paras[1] == "合法性审查意见书"
    assert paras[2] == "宣司审〔2026〕1号"
    for heading in ("一、送审材料情况", "二、审查依据", "三、审查意见", "四、审查结论", "五、其他说明"):
        assert heading in paras
    assert "送审单位：宣汉县人民医院" in paras and "收件日期：2026年3月2日" in paras
    # a 必须修改 that breaks an administrative regulation (招标投标法实施条例): not lawful as it stands
    assert "现有文本不具备合法性" in text and "修改完善后再签订" in text and "基本合法" not in text
    basis = paras[paras.index("二、审查依据") + 1]
    assert basis.startswith("《中华人民共和国民法典》")  # 法律 first, 民法典 leading
    assert basis.index("《中华人民共和国招标投标法实施条例》") < basis.index("《最高人民法院")  # 行政法规 before 司法解释
    assert paras[-1] == "2026年3月10日"


def test_layout_after_gbt_9704(tmp_path, cli):
    out = tmp_path / "意见书.docx"
    assert cli("opinion", SAMPLE, "-o", out, "--draft").code == 0
    doc = Document(str(out))
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    def east_asia(p):
        return p.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    paras = doc.paragraphs
    assert east_asia(paras[1]) == "方正小标宋简体" and paras[1].runs[0].font.size.pt == 22
    heading = next(p for p in paras if p.text == "三、审查意见")
    assert east_asia(heading) == "黑体" and heading.runs[0].font.size.pt == 16
    body = next(p for p in paras if p.text.startswith("建议"))
    assert east_asia(body) == "仿宋_GB2312" and body.paragraph_format.line_spacing.pt == pytest.approx(28.9)
    assert paras[2].text == "宣司审〔2026〕  号"  # a draft takes no number


def test_numbers_are_consecutive_and_never_repeated(tmp_path, cli):
    db = tmp_path / "r.db"
    numbers = []
    case = ("--unit", "宣汉县人民医院", "--received", "2026-04-20")  # a numbered letter needs both
    for i in range(3):
        out = tmp_path / f"{i}.docx"
        # the same document again would keep its number; --new-number takes the next one
        assert cli("opinion", SAMPLE, "-o", out, "--db", db, *case, "--done", "2026-05-01", "--new-number").code == 0
        numbers.append(_paragraphs(out)[2])
    assert numbers == ["宣司审〔2026〕1号", "宣司审〔2026〕2号", "宣司审〔2026〕3号"]
    out = tmp_path / "next-year.docx"
    assert cli("opinion", SAMPLE, "-o", out, "--db", db, *case, "--done", "2027-01-04").code == 0
    assert _paragraphs(out)[2] == "宣司审〔2027〕1号"


def _issue(db: str) -> str:
    import datetime as dt

    from reviewer.register.store import Store

    return Store(db).issue_opinion_number("宣司审", 2026, document="x.docx", title="《x》", unit=None, conclusion="lawful", issued_on=dt.date(2026, 5, 1))


def test_concurrent_writers_get_distinct_numbers(tmp_path):
    db = str(tmp_path / "r.db")
    with ProcessPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(_issue, [db] * 24))
    assert sorted(got, key=lambda n: int(n.split("〕")[1][:-1])) == [f"宣司审〔2026〕{i}号" for i in range(1, 25)]


def test_markdown_and_case_sidecar(tmp_path, cli):
    doc = tmp_path / "合同.txt"
    doc.write_text((ROOT / "corpus" / "contracts" / "goods-office-furniture.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "合同.case.toml").write_text('unit = "宣汉县自然资源局"\nreceived = "2026-04-01"\nmaterials = ["合同文本", "中标通知书"]\nmissing = ["预算批复"]\n', encoding="utf-8")
    r = cli("opinion", doc, "--format", "md", "--draft")
    assert r.code == 0, r.err
    assert "送审单位：宣汉县自然资源局" in r.out and "已收材料：1.合同文本；2.中标通知书。" in r.out
    assert "缺少预算批复" in r.out and "### 三、审查意见" in r.out and "【必须修改】" in r.out


def test_conclusion_lawful_without_must_fix_and_override(tmp_path, cli):
    clean = ROOT / "corpus" / "contracts" / "goods-school-desks.txt"
    r = cli("opinion", clean, "--format", "md", "--draft")
    assert "同意按程序签订" in r.out
    r = cli("opinion", clean, "--format", "md", "--draft", "--conclusion", "unlawful")
    assert "现有文本不具备合法性" in r.out


def test_template_is_editable(tmp_path, cli):
    tpl = tmp_path / "opinion.toml"
    tpl.write_text((ROOT / "rules" / "opinion.toml").read_text(encoding="utf-8").replace('office = "宣汉县司法局"', 'office = "某某县司法局"'), encoding="utf-8")
    r = cli("opinion", SAMPLE, "--format", "md", "--draft", "--template", tpl)
    assert r.out.startswith("# 某某县司法局")
    bad = tmp_path / "bad.toml"
    bad.write_text("office = [", encoding="utf-8")
    r = cli("opinion", SAMPLE, "--format", "md", "--draft", "--template", bad)
    assert r.code == 2 and "意见书模板" in r.err and "Traceback" not in r.err


def test_letter_converts_with_libreoffice(tmp_path, cli):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed; PDF conversion not exercised")
    out = tmp_path / "意见书.docx"
    assert cli("opinion", SAMPLE, "-o", out, "--draft").code == 0
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180, check=True)
    pdf = tmp_path / "意见书.pdf"
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    assert len(doc) >= 2
