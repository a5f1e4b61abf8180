"""The HTML report in a real browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("REVIEWER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_html_is_self_contained_and_escaped(tmp_path, cli):
    doc = tmp_path / "合同.txt"
    doc.write_text("某采购合同\n甲方：宣汉县教育局\n乙方：<script>alert(1)</script>公司\n合同总价为人民币壹拾贰万元整（¥102,000.00）。", encoding="utf-8")
    out = tmp_path / "报告.html"
    assert cli("check", doc, "--html", out).code == 1
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html  # nothing loaded from elsewhere
    assert html.count('class="finding') >= 1 and "壹拾贰万元整" in html


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium is not installed; the browser test needs Debian's chromium package")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


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
    page.locator('.filter-sev[value="must"]').check()
    assert page.locator(".finding:not(.hidden)").count() == total
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
