"""The HTML report in a real browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_html_is_self_contained_and_escaped(tmp_path, cli):
    doc = tmp_path / "合同.txt"
    doc.write_text("某采购合同\n甲方：宣汉县教育局\n乙方：<script>alert(1)</script>公司\n合同总价为人民币壹拾贰万元整（¥102,000.00）。", encoding="utf-8")
    out = tmp_path / "报告.html"
    assert cli("check", doc, "--html", out).code == 1
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html  # nothing loaded from elsewhere
    assert html.count('class="finding') >= 1 and "壹拾贰万元整" in html


def _contract_with_table(path: Path) -> Path:
    """A contract whose terms sit in a 3 x 4 Word table; two of its cells carry findings."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in ("某设备采购合同", "甲方：宣汉县教育局", "乙方：某某科技有限公司"):
        d.add_paragraph(line)
    t = d.add_table(rows=3, cols=4)
    rows = [
        ("项目", "约定", "金额（元）", "备注"),
        ("违约责任", "乙方逾期交货的，应向甲方支付合同总价50%的违约金。", "100,000.00"),
        ("争议解决", "依照《中华人民共和国合同法》处理。"),
    ]
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            t.rows[r].cells[c].text = text
    d.add_paragraph("合同总价为人民币壹拾万元整（¥100,000.00）。")
    d.save(path)
    return path


def _without_screen_rules(css: str) -> str:
    """The stylesheet as a printer sees it: everything but the @media screen block."""
    start = css.index("@media screen")
    depth, i = 0, css.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        i += 1
        if depth == 0:
            return css[:start] + css[i:]


def test_print_stylesheet_lets_everything_flow(tmp_path, cli):
    out = tmp_path / "报告.html"
    assert cli("check", ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx", "--html", out).code == 1
    html = out.read_text(encoding="utf-8")
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    assert "@media print" in css and "@page" in css and "size:A4" in css
    assert "counter(page)" in css  # page numbers in the bottom margin
    printed = _without_screen_rules(css)
    # fixed-height scrolling panes are what printed one screen and then a blank page
    assert not re.search(r"overflow\s*:\s*(auto|scroll|hidden)", printed)
    assert not re.search(r"height\s*:\s*calc|100vh", printed)
    assert not re.search(r"position\s*:\s*(sticky|fixed)", printed)
    print_block = printed[printed.index("@media print") :]
    assert re.search(r"#filters, button \{ display:none", print_block)
    assert "break-after:avoid" in print_block and "break-inside:avoid" in print_block


def test_header_names_office_reviewer_and_date(tmp_path, cli):
    doc = tmp_path / "合同.txt"
    doc.write_text("某采购合同\n甲方：宣汉县教育局\n乙方：某某公司\n合同总价为人民币壹拾万元整（¥100,000.00）。", encoding="utf-8")
    out = tmp_path / "报告.html"
    cli("check", doc, "--html", out, "--office", "达州市某某县司法局", "--reviewer", "张三", "--date", "2026-08-01")
    html = out.read_text(encoding="utf-8")
    assert re.search(r"<th>审查机关</th><td[^>]*>达州市某某县司法局</td>", html)
    assert re.search(r"<th>审查人</th><td[^>]*>张三</td>", html)
    assert re.search(r"<th>审查日期</th><td[^>]*>2026年8月1日</td>", html)
    # defaults: the office from the letter template, today's date, a blank line for the signature
    from reviewer.report.opinion import load_template

    cli("check", doc, "--html", out)
    html = out.read_text(encoding="utf-8")
    today = dt.date.today()
    assert re.search(rf"<th>审查机关</th><td[^>]*>{load_template()['office']}</td>", html)
    assert re.search(r'<th>审查人</th><td class="reviewer blank"></td>', html)
    assert f"{today.year}年{today.month}月{today.day}日" in html


def test_bad_date_is_a_usage_error(tmp_path, cli):
    doc = tmp_path / "合同.txt"
    doc.write_text("某采购合同\n甲方：宣汉县教育局", encoding="utf-8")
    run = cli("check", doc, "--html", tmp_path / "r.html", "--date", "2026-02-30")
    assert run.code == 2 and "--date" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "r.html").exists()


def test_word_table_is_drawn_as_a_table(tmp_path, cli):
    src = _contract_with_table(tmp_path / "合同.docx")
    out = tmp_path / "报告.html"
    cli("check", src, "--html", out)
    html = out.read_text(encoding="utf-8")
    tables = re.findall(r'<table class="doc".*?</table>', html, re.S)
    assert len(tables) == 1
    rows = re.findall(r"<tr>(.*?)</tr>", tables[0], re.S)
    assert len(rows) == 3 and all(len(re.findall(r"<td[ >]", r)) == 4 for r in rows)
    assert "违约责任" in rows[1] and "100,000.00" in rows[1] and "争议解决" in rows[2]
    # findings are still highlighted inside their cells, and numbered for the paper reader
    assert re.search(r"<td[^>]*>(<span[^>]*></span>)*<sup class=\"ref\">\[\d+\]</sup><mark class=\"\w+\"[^>]*>[^<]*合同总价50%", rows[1])
    assert "<mark" in rows[2] and "合同法" in rows[2]
    assert "某设备采购合同" in html.split("</header>")[0]  # the document's title heads the paper
    assert "表格1第" not in html  # the grid says where a cell is; no per-cell location text


def test_rule_id_shown_once_per_finding(tmp_path, ruleset):
    from reviewer.api import check_file
    from reviewer.report.html import render_html

    rv = check_file(str(_contract_with_table(tmp_path / "合同.docx")), ruleset)
    assert any(f.point == f.rule for f in rv.findings)  # the case that used to print the id twice
    articles = re.findall(r"<article.*?</article>", render_html(rv, reviewer="张三"), re.S)
    assert len(articles) == len(rv.findings) >= 3
    for f, art in zip(rv.findings, articles):
        text = re.sub(r"<[^>]+>", "", art)
        assert text.count(f.rule) == 1, (f.rule, text)


def test_running_title_cannot_break_the_stylesheet():
    from reviewer.report.html import _css_string

    css = str(_css_string('关于"印发"的通知</style><script>x</script>\\'))
    assert css.startswith('"') and css.endswith('"') and '"' not in css[1:-1]
    assert "<" not in css and ">" not in css and "\\22 " in css




def test_report_in_headless_chromium(tmp_path, cli, browser):
    src = ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx"
    out = tmp_path / "报告.html"
    assert cli("check", src, "--html", out).code == 1
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    assert errors == []
    findings = page.locator(".finding")
    total = findings.count()
    assert total >= 5
    must = page.locator(".finding.must")
    n_must = must.count()
    assert 0 < n_must < total
    # filter: untick 必须修改 -> those disappear, the rest stay; tick again -> back
    page.locator('.filter-sev[value="must"]').uncheck()
    assert all(not must.nth(i).is_visible() for i in range(n_must))
    assert page.locator(".finding:not(.hidden)").count() == total - n_must
    # a filtered print says so
    assert f"只含 {total - n_must} 项审查意见（共 {total} 项）" in page.locator("#print-note").text_content()
    page.locator('.filter-sev[value="must"]').check()
    assert page.locator(".finding:not(.hidden)").count() == total
    assert page.locator("#print-note").text_content() == ""
    missing = page.evaluate("""() => Array.from(document.querySelectorAll('.finding[data-target]'))
        .filter(f => f.dataset.target && !document.getElementById(f.dataset.target)).map(f => f.id)""")
    assert missing == []
    # click a located finding -> its highlighted sentence scrolls into the document pane
    last = page.locator(".finding[data-target^='m-']").last
    target_id = last.get_attribute("data-target")
    last.click()
    page.wait_for_timeout(200)
    inside = page.evaluate(
        """(id) => { const m = document.getElementById(id).getBoundingClientRect();
                     const d = document.getElementById('document').getBoundingClientRect();
                     return m.top >= d.top && m.bottom <= d.bottom; }""",
        target_id,
    )
    assert inside
    page.close()


def _pdf_pages(pdf: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    from io import BytesIO

    return [p.extract_text() or "" for p in pypdf.PdfReader(BytesIO(pdf)).pages]


def test_report_prints_across_pages(tmp_path, cli, browser):
    """Printed to PDF (A4) as the browser's print does: many pages, every one with text."""
    src = ROOT / "corpus" / "contracts" / "construction-school-renovation-long.docx"
    out = tmp_path / "报告.html"
    assert cli("check", src, "--html", out, "--reviewer", "张三").code == 1
    page = browser.new_page()
    page.goto(out.as_uri())
    titles = page.locator(".finding h3").all_inner_texts()
    last_line = page.locator("#document > p").last.inner_text()
    page.emulate_media(media="print")
    pages = _pdf_pages(page.pdf(prefer_css_page_size=True))
    page.close()
    assert len(pages) > 5
    for n, text in enumerate(pages, 1):
        # the running title and the page number are in every margin; a page needs more than those
        body = re.sub(r"合法性审查报告·\S+?…|第\d+页共\d+页", "", re.sub(r"\s", "", text))
        assert len(body) > 20, f"page {n} is (nearly) blank: {text!r}"
    whole = re.sub(r"\s", "", "".join(pages))
    assert f"第1页共{len(pages)}页" in re.sub(r"\s", "", pages[0])
    assert "审查人张三" in whole and "宣汉县司法局" in whole
    assert all(re.sub(r"\s", "", t)[:12] in whole for t in titles)  # every finding is on paper
    assert re.sub(r"\s", "", last_line)[-10:] in whole  # and the document to its end
    assert "级别" not in whole and "类别" not in whole  # the filters stay on screen
