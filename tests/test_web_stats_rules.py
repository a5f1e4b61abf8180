"""The desk's 统计 and 规则 pages through Starlette's test client: the stats of the small
store of tests/test_stats.py (summary, year selector, downloads, escaping, bad years, no
matplotlib) and the rule list, its filters and one rule explained (basis quote, examples,
unknown ids)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

import pytest
from starlette.testclient import TestClient
from test_stats import SCRIPT, SUMMARY, build

from reviewer.engine.loader import load_rules
from reviewer.web import stats as web_stats
from reviewer.web.app import create_app
from reviewer.web.settings import Settings


@pytest.fixture
def client(tmp_path, monkeypatch):
    db = tmp_path / "r.db"
    build(db)
    monkeypatch.setenv("REVIEWER_DB", str(db))
    return TestClient(create_app(Settings(work=tmp_path / "work", db=str(db))))


def test_stats_page_shows_the_summary_tables_and_year_selector(client):
    r = client.get("/stats?year=2026")
    assert r.status_code == 200 and "2026年审查工作统计" in r.text
    assert html.escape(SUMMARY, quote=False) in r.text or SUMMARY in r.text
    assert 'id="copy-summary"' in r.text and "Ctrl+C" in r.text  # the button, and the hint without JavaScript
    assert '<option value="2026" selected>' in r.text and '<option value="2025">' in r.text
    for title in ("总体情况", "按类别", "按送审单位", "按月份", "审查要点"):
        assert f"<h2>{title}</h2>" in r.text
    assert 'href="/stats/download.xlsx?year=2026"' in r.text and 'href="/stats/download.csv?year=2026"' in r.text
    assert "Traceback" not in r.text


def test_stats_default_year_is_this_year(client):
    r = client.get("/stats")
    year = dt.date.today().year
    assert r.status_code == 200 and f"{year}年审查工作统计" in r.text and f'<option value="{year}" selected>' in r.text


def test_stats_charts_are_images_when_matplotlib_is_there(client):
    pytest.importorskip("matplotlib")
    r = client.get("/stats?year=2026")
    assert r.text.count('src="data:image/png;base64,') == 3


def test_stats_without_matplotlib_shows_the_tables_and_says_so(client, monkeypatch):
    monkeypatch.setattr(web_stats, "_have_matplotlib", lambda: False)
    r = client.get("/stats?year=2026")
    assert r.status_code == 200 and "data:image/png" not in r.text
    assert "未安装绘图组件" in r.text and "<h2>总体情况</h2>" in r.text


def test_a_unit_named_script_is_escaped(client):
    r = client.get("/stats?year=2026")
    assert SCRIPT not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


@pytest.mark.parametrize("bad", ["abc", "20266", "1800", "<script>x</script>"])
def test_a_bad_year_is_a_chinese_message(client, bad):
    for url in ("/stats", "/stats/download.csv"):
        r = client.get(url, params={"year": bad})
        assert r.status_code == 400 and "年份应写成四位数字" in r.text
        assert "Traceback" not in r.text and "<script>x" not in r.text


def test_csv_download_has_a_bom_and_parses(client):
    r = client.get("/stats/download.csv?year=2026")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"] and "filename*=UTF-8''" in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["年度小结", SUMMARY]
    assert ["审查各类文件（收件）", "7"] in rows
    assert any(row and row[0] == SCRIPT for row in rows)  # kept as it is in the data file


def test_xlsx_download_opens_in_openpyxl(client):
    openpyxl = pytest.importorskip("openpyxl")
    r = client.get("/stats/download.xlsx?year=2026")
    assert r.status_code == 200 and "spreadsheetml" in r.headers["content-type"]
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert book["年度小结"]["A1"].value == SUMMARY
    totals = {row[0]: row[1] for row in book["总体情况"].iter_rows(min_row=2, values_only=True)}
    assert totals["审查各类文件（收件）"] == 7 and totals["出具合法性审查意见书（份）"] == 4


def test_unknown_download_format_is_a_chinese_404(client):
    r = client.get("/stats/download.pdf?year=2026")
    assert r.status_code == 404 and "CSV" in r.text and "Traceback" not in r.text


def test_an_empty_year_says_so(client):
    r = client.get("/stats?year=2019")
    assert r.status_code == 200 and "2019年没有审查工作记录" in r.text and "<h2>总体情况</h2>" not in r.text


def test_a_missing_store_is_a_chinese_message(tmp_path):
    c = TestClient(create_app(Settings(work=tmp_path / "work", db=str(tmp_path / "none.db"))))
    r = c.get("/stats?year=2026")
    assert r.status_code == 500 and "找不到登记数据库" in r.text and not (tmp_path / "none.db").exists()


# -- 规则 -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules():
    return load_rules().rules


def test_rules_page_lists_every_rule(client, rules):
    r = client.get("/rules")
    assert r.status_code == 200 and f"共 {len(rules)} 条规则" in r.text
    assert r.text.count('<td class="rules-id">') == len(rules)
    assert f'href="/rules/{rules[0].id}"' in r.text


def test_rules_filter_by_kind_severity_and_keyword(client, rules):
    want = [x for x in rules if "normative" in x.applies_to and x.severity == "必须修改"]
    r = client.get("/rules", params={"kind": "normative", "severity": "必须修改"})
    assert r.text.count('<td class="rules-id">') == len(want) > 0
    assert f"符合条件的规则 {len(want)} 条" in r.text
    r = client.get("/rules", params={"q": "保证金"})
    n = r.text.count('<td class="rules-id">')
    assert 0 < n < len(rules) and "保证金" in r.text
    r = client.get("/rules", params={"q": "<script>没有这样的词"})
    assert "没有符合条件的规则" in r.text and "<script>没有" not in r.text
    # an unknown filter value is ignored rather than an error
    assert client.get("/rules", params={"kind": "nonsense", "severity": "x"}).text.count('<td class="rules-id">') == len(rules)


def test_explain_page_has_the_basis_quote_and_examples(client, rules):
    from reviewer.engine.loader import load_rules as load

    rs = load()
    rule = next(x for x in rs.rules if any(rs.basis.resolve(k).verified for k in x.basis))
    basis = next(rs.basis.resolve(k) for k in rule.basis if rs.basis.resolve(k).verified)
    r = client.get(f"/rules/{rule.id}")
    assert r.status_code == 200 and rule.id in r.text
    assert html.escape(basis.quote, quote=False) in r.text and html.escape(basis.citation, quote=False) in r.text
    first_hit = rule.examples.hit[0] if isinstance(rule.examples.hit[0], str) else rule.examples.hit[0].text
    first_clean = rule.examples.clean[0] if isinstance(rule.examples.clean[0], str) else rule.examples.clean[0].text
    assert html.escape(first_hit, quote=True) in r.text and html.escape(first_clean, quote=True) in r.text
    assert "应当指出问题的写法" in r.text and "不应指出问题的写法" in r.text
    assert client.get(f"/rules/{rule.id.lower()}").status_code == 200  # any case, as `reviewer explain`


def test_unknown_rule_is_a_chinese_404(client, rules):
    r = client.get("/rules/NO.SUCH.RULE")
    assert r.status_code == 404 and "没有编号为 NO.SUCH.RULE 的规则" in r.text and "Traceback" not in r.text
    near = client.get(f"/rules/{rules[0].id}X")
    assert near.status_code == 404 and rules[0].id in near.text  # did you mean
    r = client.get("/rules/%3Cscript%3E")
    assert r.status_code == 404 and "<script>" not in r.text.split("<main>")[1]
