"""The published site in a real browser (Debian's chromium, driven by Playwright), opened
from the disk as a reader who double-clicks index.html would: hostile titles stay text,
search and filters work without a server, a phone needs no sideways scrolling."""

from __future__ import annotations


import pytest

from reviewer.register import documents as register
from reviewer.register.publish import publish
from reviewer.register.store import Store

HOSTILE = "宣汉县<script>window.PWNED=1</script>城市<img src=x onerror=\"window.PWNED=2\">绿化管理办法"
DOCS = [
    ("宣府规〔2025〕4号", "宣汉县农村公路养护管理办法", "宣汉县人民政府"),
    ("宣府规〔2026〕1号", HOSTILE, "宣汉县人民政府"),
    ("宣府规〔2026〕2号", "宣汉县城市供水节水管理办法", "宣汉县人民政府"),
    ("宣教规〔2026〕1号", "宣汉县中小学校学生资助实施办法", "宣汉县教育局"),
]




@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    store = Store(tmp / "r.db")
    for number, title, issuer in DOCS:
        register.add(store, {"number": number, "title": title, "issuer": issuer, "effective_on": "2026-04-01"})
    register.set_status(store, "宣府规〔2025〕4号", "废止", "宣府规〔2026〕2号", __import__("datetime").date(2026, 5, 1))
    publish(store, tmp / "site", "宣汉县人民政府")
    return (tmp / "site" / "index.html").as_uri()


def _open(browser, url, width=1280, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return page, errors


def _visible_numbers(page) -> list[str]:
    return [t.strip() for t in page.locator("#list tbody tr:visible td.c-number").all_inner_texts()]


def test_hostile_title_is_text_and_nothing_runs(browser, index):
    page, errors = _open(browser, index)
    assert page.evaluate("typeof window.PWNED") == "undefined"
    assert page.locator("img").count() == 0
    assert HOSTILE in page.locator("#list").inner_text()
    page.get_by_role("link", name=HOSTILE).click()
    page.wait_for_load_state()
    assert page.evaluate("typeof window.PWNED") == "undefined"
    assert page.locator("h1").inner_text() == HOSTILE
    assert errors == []
    page.close()


def test_search_finds_a_word_of_a_title_and_hides_the_others(browser, index):
    page, errors = _open(browser, index)
    assert page.locator("#filters").is_visible()
    assert len(_visible_numbers(page)) == 4
    page.fill("#q", "供水")
    assert _visible_numbers(page) == ["宣府规〔2026〕2号"]
    assert "符合条件 1 件" in page.locator("#count").inner_text()
    page.fill("#q", "宣府规[2026]1号")  # typed with square brackets
    assert _visible_numbers(page) == ["宣府规〔2026〕1号"]
    page.fill("#q", "教育局")
    assert _visible_numbers(page) == ["宣教规〔2026〕1号"]
    page.fill("#q", "没有这个词")
    assert _visible_numbers(page) == [] and page.locator("#empty").is_visible()
    page.fill("#q", "")
    assert len(_visible_numbers(page)) == 4
    assert errors == []
    page.close()


def test_year_status_and_issuer_filters(browser, index):
    page, errors = _open(browser, index)
    page.select_option("#f-year", "2025")
    assert _visible_numbers(page) == ["宣府规〔2025〕4号"]
    page.select_option("#f-year", "2026")
    assert len(_visible_numbers(page)) == 3
    page.select_option("#f-year", "")
    page.select_option("#f-status", "repealed")
    assert _visible_numbers(page) == ["宣府规〔2025〕4号"]
    page.select_option("#f-status", "in_force")
    page.select_option("#f-issuer", "宣汉县教育局")
    assert _visible_numbers(page) == ["宣教规〔2026〕1号"]
    page.click("#reset")
    page.wait_for_timeout(50)
    assert len(_visible_numbers(page)) == 4
    assert errors == []
    page.close()


def test_usable_on_a_phone(browser, index):
    page, errors = _open(browser, index, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the table is a pile of cards: no header row, each card as wide as the screen
    assert not page.locator("#list thead").is_visible()
    box = page.locator("#list tbody tr").first.bounding_box()
    assert box["width"] > 300 and box["x"] >= 0
    page.get_by_role("link", name="宣汉县城市供水节水管理办法").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("h1").inner_text() == "宣汉县城市供水节水管理办法"
    assert errors == []
    page.close()
