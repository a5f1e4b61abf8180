"""`reviewer register publish`: the 规范性文件集中发布 site from the register. 作废 numbers
are not published; the feeds match the pages; no field can break out of its HTML or of
the script data; a folder we did not make is never overwritten; a new publish replaces
the old site whole."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from reviewer.register import publish as site
from reviewer.register.store import Store

NOTICE = """宣汉县人民政府关于印发宣汉县{name}管理办法的通知
{number}
各乡镇人民政府，县级各部门：
现将《宣汉县{name}管理办法》印发给你们，请认真贯彻执行。
第一章 总则
第一条 为加强{name}管理，制定本办法。
第二十条 本办法自2026年4月1日起施行。
宣汉县人民政府
2026年3月2日
"""
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"




def _add(run, tmp_path, name: str, number: str, *extra: str):
    f = tmp_path / f"{number}.txt"
    f.write_text(NOTICE.format(name=name, number=number), encoding="utf-8")
    title = f"宣汉县人民政府关于印发宣汉县{name}管理办法的通知"  # given: a hostile title is not read back from the text
    r = run("register", "add", f, "--number", number, "--title", title, "--issuer", "宣汉县人民政府", "--yes", *extra)
    assert r.code == 0, r.err
    return f


@pytest.fixture
def register(run, tmp_path):
    """Five numbers: two in force, one with a hostile title, one repealed by another, one 作废."""
    _add(run, tmp_path, "城市绿化", "宣府规〔2026〕1号", "--published", "2026-3-5", "--expires", "2031-3-31")
    _add(run, tmp_path, f"城市{SCRIPT}绿化{IMG}", "宣府规〔2026〕2号")
    _add(run, tmp_path, "农村道路", "宣府规〔2025〕7号")
    _add(run, tmp_path, "误取号", "宣府规〔2026〕3号")
    assert run("register", "status", "宣府规〔2025〕7号", "废止", "--by", "宣府规[2026]1号", "--date", "2026-04-01").code == 0
    assert run("register", "void", "宣府规〔2026〕3号", "--reason", "取号错误").code == 0
    return tmp_path


def _pages(out):
    return {p.name: p.read_text(encoding="utf-8") for p in (out / "docs").glob("*.html")}


def test_publish_writes_the_site_and_skips_void_numbers(run, register):
    r = run("register", "publish", "--out", "站点", "--site-name", "宣汉县人民政府")
    assert r.code == 0, r.err
    assert "已发布 3 件" in r.out and "作废文号 1 个" in r.out and "站点" in r.out
    out = register / "站点"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "宣汉县人民政府 规范性文件集中发布" in index
    assert "宣府规〔2026〕1号" in index and "宣府规〔2025〕7号" in index
    assert "宣府规〔2026〕3号" not in index and "误取号" not in index
    assert len(_pages(out)) == 3 and not any("误取号" in t for t in _pages(out).values())
    assert (out / site.MARKER).is_file() and (out / "assets" / "site.css").is_file()
    assert '<script src="data/documents.js"></script>' in index and "fetch(" not in (out / "assets" / "site.js").read_text(encoding="utf-8")
    # nothing loaded from elsewhere: stylesheet and scripts are the folder's own
    assert not re.search(r'(src|href)="(https?:)?//', index)
    for name in _pages(out):
        assert re.fullmatch(r"\d{4}-\d{4}-[0-9a-f]{10}\.html", name)  # ASCII: safe on every filesystem


def test_feeds_parse_and_match_the_pages(run, register):
    assert run("register", "publish", "--out", "site").code == 0
    out = register / "site"
    rows = json.loads((out / "data" / "documents.json").read_text(encoding="utf-8"))
    raw = (out / "data" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == [t["文号"] for t in table] == ["宣府规〔2026〕2号", "宣府规〔2026〕1号", "宣府规〔2025〕7号"]  # newest first
    assert [r["title"] for r in rows] == [t["文件名称"] for t in table]
    assert table[2]["状态"] == "废止" and table[1]["有效期至"] == "2031-03-31" and table[1]["公布日期"] == "2026-03-05"
    for r in rows:
        assert (out / r["page"]).is_file()
        assert "path" not in r and "sha256" not in r  # the office's own records stay out
    js = (out / "data" / "documents.js").read_text(encoding="utf-8")
    data = json.loads(js.removeprefix("window.REGISTER_DATA = ").rstrip().rstrip(";"))
    assert data == rows


def test_titles_are_escaped_in_html_and_script_data(run, register):
    assert run("register", "publish", "--out", "site").code == 0
    out = register / "site"
    index = (out / "index.html").read_text(encoding="utf-8")
    page = next(t for t in _pages(out).values() if "宣府规〔2026〕2号" in t)
    for html in (index, page):
        assert SCRIPT not in html and IMG not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        assert html.count("<script") == html.count("<script src=")  # our own scripts only, no inline code
    js = (out / "data" / "documents.js").read_text(encoding="utf-8")
    assert "</script" not in js.lower() and "<" not in js and ">" not in js
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in js


def test_document_page_has_fields_history_link_and_text(run, register):
    assert run("register", "publish", "--out", "site").code == 0
    out = register / "site"
    pages = _pages(out)
    old = next(t for t in pages.values() if "宣府规〔2025〕7号" in t)
    new_name = next(n for n, t in pages.items() if "<h1 class=\"doc-title\">宣汉县人民政府关于印发宣汉县城市绿化管理办法的通知" in t)
    assert f'href="../docs/{new_name}">宣府规〔2026〕1号</a>' in old  # the superseding document, linked
    assert "状态变更：现行有效 → 废止" in old and "2026-04-01" in old and "登记" in old
    assert "第一条 为加强农村道路管理，制定本办法。" in old and 'class="chapter">第一章 总则' in old
    assert "统一登记编号" in old and "宣规登〔2025〕1号" in old


def test_unreadable_or_changed_text_is_said_not_failed(run, register):
    (register / "宣府规〔2026〕1号.txt").unlink()
    with open(register / "宣府规〔2025〕7号.txt", "a", encoding="utf-8") as f:
        f.write("登记后添加的一行\n")
    r = run("register", "publish", "--out", "site")
    assert r.code == 0, r.err
    assert "其中 2 件的正文" in r.out
    pages = _pages(register / "site").values()
    gone = next(t for t in pages if "宣府规〔2026〕1号</p>" in t or "宣府规〔2026〕1号 <span" in t)
    assert "目前无法读取，正文暂不提供" in gone
    changed = next(t for t in pages if "宣府规〔2025〕7号 <span" in t)
    assert "登记后已被改动" in changed and "登记后添加的一行" not in changed


def test_refuses_a_folder_it_did_not_make(run, register):
    foreign = register / "门户"
    foreign.mkdir()
    (foreign / "重要.txt").write_text("别删", encoding="utf-8")
    r = run("register", "publish", "--out", foreign)
    assert r.code == 2 and "Traceback" not in r.err
    lines = [x for x in r.err.splitlines() if x.strip()]
    assert len(lines) == 1 and "不是本工具发布的站点" in lines[0]
    assert sorted(p.name for p in foreign.iterdir()) == ["重要.txt"]
    assert not [p for p in register.iterdir() if p.name.startswith(".reviewer-site")]  # no temporary folder left
    (register / "一个文件").write_text("x", encoding="utf-8")
    assert run("register", "publish", "--out", register / "一个文件").code == 2


def test_republish_replaces_the_previous_site(run, register):
    assert run("register", "publish", "--out", "site").code == 0
    out = register / "site"
    (out / "docs" / "stale.html").write_text("old", encoding="utf-8")
    assert run("register", "status", "宣府规〔2026〕2号", "失效", "--by", "有效期届满", "--date", "2026-06-01").code == 0
    r = run("register", "publish", "--out", "site")
    assert r.code == 0, r.err
    assert not (out / "docs" / "stale.html").exists()
    rows = json.loads((out / "data" / "documents.json").read_text(encoding="utf-8"))
    assert next(x for x in rows if x["number"] == "宣府规〔2026〕2号")["status_name"] == "失效"
    assert [p.name for p in register.iterdir() if p.name.startswith(".reviewer-site")] == []


def test_empty_register_and_default_site_name(tmp_path):
    out = tmp_path / "site"
    s = site.publish(Store(tmp_path / "empty.db"), out)
    assert (s.published, s.skipped) == (0, 0)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "没有符合条件的文件" in index
    assert "宣汉县人民政府 规范性文件集中发布" in index  # the county government of rules/series.toml
    assert site.publish(Store(tmp_path / "empty.db"), out, site_name="").published == 0
    assert "<title>规范性文件集中发布</title>" in (out / "index.html").read_text(encoding="utf-8")


def test_only_web_links_become_links(tmp_path):
    assert site._safe_url("javascript:alert(1)") is None
    assert site._safe_url("https://www.xuanhan.gov.cn/a.html") == "https://www.xuanhan.gov.cn/a.html"


def test_a_lapsed_validity_is_pointed_out(tmp_path):
    from reviewer.register import documents

    store = Store(tmp_path / "r.db")
    documents.add(store, {"number": "宣府规〔2019〕1号", "title": "宣汉县旧办法", "issuer": "宣汉县人民政府", "expires_on": "2024-12-31"})
    site.publish(store, tmp_path / "site", "宣汉县人民政府")
    assert "已届满" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    (page,) = _pages(tmp_path / "site").values()
    assert "有效期至 2024-12-31，已届满" in page
