"""`reviewer stats` (issue 11, item 3): a small year of cases written straight into a store
with SQL, every figure checked against a hand count, the summary paragraph word for word,
the CSV, XLSX, PNG and HTML outputs, an empty year, bad input, and a year the working-day
calendar does not know."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from contextlib import closing

import pytest
from conftest import in_process_cli

from reviewer import workdays
from reviewer.ledger.stats import summary, year_stats
from reviewer.register.store import Store

PAY, DISPUTE, FAIR, NORM = "CONTRACT.PAYMENT.NO_AUDIT_SETTLEMENT", "DISPUTE.PRESENT", "TENDER.X.UNLISTED", "PROC.ND.EFFECTIVE_DATE"
SCRIPT = "<script>alert(1)</script>"
NOW = "2026-12-01T09:00:00"

# number, unit, kind, received, complete, due, status, closed, missing
CASES = [
    ("宣法审〔2025〕40号", "县教育局", "合同", "2025-12-30", "2025-12-30", "2026-01-09", "closed", "2026-01-06", None),
    ("宣法审〔2026〕1号", "县教育局", "合同", "2026-01-05", "2026-01-05", "2026-01-12", "closed", "2026-01-08", None),  # 3 working days
    # materials complete the day before the Spring Festival week (2-15..2-23 off, Saturday 2-14 worked): 6 working days, not 11
    ("宣法审〔2026〕2号", "县教育局", "招标文件", "2026-02-10", "2026-02-11", "2026-02-27", "closed", "2026-02-26", None),
    ("宣法审〔2026〕3号", "县住建局", "规范性文件", "2026-03-02", "2026-03-09", "2026-03-20", "closed", "2026-03-25", None),  # 12, late
    ("宣法审〔2026〕4号", "县住建局", "合同", "2026-03-16", None, "2026-03-31", "returned", None, "合法性初审意见、中标通知书"),
    ("宣法审〔2026〕5号", "县财政局", "重大行政决策", "2026-05-06", "2026-05-06", "2026-05-20", "reviewing", None, None),
    ("宣法审〔2026〕6号", SCRIPT, "其他", "2026-12-28", "2026-12-28", "2027-01-08", "closed", "2026-12-31", None),  # 3
    # across National Day (10-1..10-7 off, Saturday 10-10 worked): 5 working days
    ("宣法审〔2026〕7号", "县教育局", "合同", "2026-09-28", "2026-09-28", "2026-10-12", "closed", "2026-10-10", None),
]
# case, point, rule, severity, times
FINDINGS = [
    ("宣法审〔2025〕40号", PAY, "R1", "必须修改", 3),
    ("宣法审〔2026〕1号", PAY, "R1", "必须修改", 2),
    ("宣法审〔2026〕1号", DISPUTE, "R2", "建议修改", 1),
    ("宣法审〔2026〕2号", FAIR, "R3", "必须修改", 1),
    ("宣法审〔2026〕2号", PAY, "R1", "提示", 1),
    ("宣法审〔2026〕3号", NORM, "R4", "建议修改", 2),
    ("宣法审〔2026〕3号", None, "NORM.CUSTOM", "提示", 1),
    ("宣法审〔2026〕6号", PAY, "R1", "建议修改", 1),
]
RETURNS = [  # case, at, changes
    ("宣法审〔2025〕40号", "2025-12-30T10:00:00", json.dumps({"missing": [None, "起草说明"]}, ensure_ascii=False)),
    ("宣法审〔2026〕2号", "2026-02-10T10:00:00", json.dumps({"missing": [None, "采购需求论证材料"]}, ensure_ascii=False)),
    ("宣法审〔2026〕3号", "2026-03-03T10:00:00", json.dumps({"missing": [None, "起草说明、合法性初审意见"]}, ensure_ascii=False)),
    ("宣法审〔2026〕3号", "2026-03-05T10:00:00", json.dumps({"missing": ["起草说明、合法性初审意见", "公平竞争审查结论"]}, ensure_ascii=False)),
    ("宣法审〔2026〕4号", "2026-03-17T10:00:00", None),  # not in the event: the case's own list counts
]
OPINIONS = [  # number, issued_on, status
    ("宣司审〔2025〕9号", "2025-12-20", "issued"),
    ("宣司审〔2026〕1号", "2026-01-06", "issued"),  # for last year's case: letters count by their own date
    ("宣司审〔2026〕2号", "2026-01-08", "issued"),
    ("宣司审〔2026〕3号", "2026-02-26", "issued"),
    ("宣司审〔2026〕4号", "2026-03-25", "void"),
    ("宣司审〔2026〕5号", "2026-12-31", "issued"),
]
DOCUMENTS = [("宣府规〔2026〕1号", 2026, "in_force"), ("宣府规〔2026〕2号", 2026, "void"), ("宣府办规〔2026〕1号", 2026, "in_force"), ("宣府规〔2025〕3号", 2025, "in_force")]
FILINGS = [("宣府规〔2026〕1号", "达州市人民政府", "2026-04-01"), ("宣府规〔2026〕1号", "宣汉县人大常委会", "2026-04-02"), ("宣府规〔2025〕3号", "达州市人民政府", "2026-01-10"), ("宣府办规〔2026〕1号", "达州市人民政府", "2027-01-05")]

SUMMARY = (
    "2026年，共审查各类文件7件（正在审核的2件），出具合法性审查意见书4份；"
    "其中审查招（投）标（比选）文件、合同4件，规范性文件1件，重大行政决策事项1件，其他文件1件；"
    "提出审查意见9条（必须修改3条、建议修改4条、提示2条）；登记规范性文件2件，报送备案2件；"
    "平均审查用时5.8个工作日，最长12个工作日，超过要求完成日期办结1件；因材料不全退回补充4件次（涉及3件）。"
)


def _add_case(conn, number, unit, kind, received, complete, due, status, closed, missing):
    series, rest = number.split("〔")
    year, seq = rest.rstrip("号").split("〕")
    conn.execute(
        "INSERT INTO cases(number, series, year, seq, unit, kind, title, received_on, complete_on, due_on, status, closed_on, missing, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (number, series, int(year), int(seq), unit, kind, f"{unit}送审事项", received, complete, due, status, closed, missing, NOW),
    )


def build(path, cases=CASES, findings=FINDINGS, returns=RETURNS, opinions=OPINIONS, documents=DOCUMENTS, filings=FILINGS) -> Store:
    store = Store(path)
    with closing(store._connect()) as conn:
        conn.execute("BEGIN")
        for c in cases:
            _add_case(conn, *c)
            conn.execute("INSERT INTO case_events(case_number, event, at) VALUES (?, 'opened', ?)", (c[0], c[3] + "T09:00:00"))
            if c[6] == "closed":
                conn.execute("INSERT INTO case_events(case_number, event, at) VALUES (?, 'closed', ?)", (c[0], c[7] + "T17:00:00"))
        for number, point, rule, severity, times in findings:
            for _ in range(times):
                conn.execute("INSERT INTO case_findings(case_number, rule, point, severity) VALUES (?,?,?,?)", (number, rule, point, severity))
        for number, at, changes in returns:
            conn.execute("INSERT INTO case_events(case_number, event, at, changes) VALUES (?, 'returned', ?, ?)", (number, at, changes))
        for i, (number, issued_on, status) in enumerate(opinions):
            conn.execute("INSERT INTO opinions(series, year, seq, number, document, title, unit, issued_on, created_at, status) VALUES (?,?,?,?,?,?,?,?,?,?)", ("宣司审", int(number[4:8]), i + 1, number, "a.docx", "某合同", "县教育局", issued_on, NOW, status))
        for i, (number, year, status) in enumerate(documents):
            conn.execute("INSERT INTO documents(number, series, year, seq, title, status, created_at) VALUES (?,?,?,?,?,?,?)", (number, number.split("〔")[0], year, i + 1, "某办法", status, NOW))
        for number, body, on in filings:
            conn.execute("INSERT INTO filings(number, filed_with, filed_on, created_at) VALUES (?,?,?,?)", (number, body, on, NOW))
        conn.execute("COMMIT")
    return store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "r.db"
    build(path)
    return path


@pytest.fixture
def run(capsys, monkeypatch, tmp_path, db):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REVIEWER_DB", str(db))
    monkeypatch.setenv("COLUMNS", "200")
    return in_process_cli(capsys)


def test_working_days_of_the_hand_count_follow_the_official_calendar():
    d = dt.date.fromisoformat
    assert workdays.between(d("2026-02-11"), d("2026-02-26")) == 6  # Spring Festival: 11 on weekdays alone
    assert workdays.between(d("2026-09-28"), d("2026-10-10")) == 5  # National Day, Saturday 10-10 worked
    assert workdays.between(d("2026-03-09"), d("2026-03-25")) == 12


def test_every_figure_against_the_hand_count(db):
    s = year_stats(Store(db), 2026)
    assert (s.received, s.open, s.closed) == (7, 2, 5)
    assert s.opinions == 4  # the void one and last year's are left out
    assert (s.tenders_contracts, s.normative) == (4, 1)
    assert (s.registered, s.filed) == (2, 2)  # the void 文号 is not registered; one document filed twice counts once
    assert s.findings == 9 and s.by_severity == {"必须修改": 3, "建议修改": 4, "提示": 2}
    assert [(p["point"], p["必须修改"], p["建议修改"], p["提示"], p["total"], p["cases"]) for p in s.points] == [
        (PAY, 2, 1, 1, 4, 3), (NORM, 0, 2, 0, 2, 1), (DISPUTE, 0, 1, 0, 1, 1), ("NORM.CUSTOM", 0, 0, 1, 1, 1), (FAIR, 1, 0, 0, 1, 1)]
    assert s.points[0]["title"] == "不以审计结果作为结算依据" and s.points[-1]["title"] == ""
    assert s.by_kind == {
        "合同": {"received": 3, "open": 1, "closed": 2, "findings": 3},
        "招标文件": {"received": 1, "open": 0, "closed": 1, "findings": 2},
        "规范性文件": {"received": 1, "open": 0, "closed": 1, "findings": 3},
        "重大行政决策": {"received": 1, "open": 1, "closed": 0, "findings": 0},
        "其他": {"received": 1, "open": 0, "closed": 1, "findings": 1},
    }
    assert list(s.by_unit) == ["县教育局", "县住建局", SCRIPT, "县财政局"]
    assert s.by_unit["县教育局"] == {"received": 3, "open": 0, "closed": 3, "returned": 1, "late": 0, "findings": 5}
    assert s.by_unit["县住建局"] == {"received": 2, "open": 1, "closed": 1, "returned": 2, "late": 1, "findings": 3}
    months = {m: (r["received"], r["closed"], r["opinions"]) for m, r in s.by_month.items() if any(r.values())}
    assert months == {1: (1, 1, 2), 2: (1, 1, 1), 3: (2, 1, 0), 5: (1, 0, 0), 9: (1, 0, 0), 10: (0, 1, 0), 12: (1, 1, 1)}
    assert (s.returns, s.returned_cases) == (4, 3)
    assert s.missing == [["合法性初审意见", 2], *sorted([["中标通知书", 1], ["公平竞争审查结论", 1], ["起草说明", 1], ["采购需求论证材料", 1]])]
    # 3 + 6 + 12 + 3 + 5 working days over 5 closed cases
    assert (s.timed, s.average_days, s.longest_days, s.longest_case) == (5, 5.8, 12, "宣法审〔2026〕3号")
    assert s.late == [{"number": "宣法审〔2026〕3号", "unit": "县住建局", "due_on": "2026-03-20", "closed_on": "2026-03-25"}]
    assert s.warning == ""


def test_summary_paragraph(db):
    assert summary(year_stats(Store(db), 2026)) == SUMMARY


def test_summary_leaves_out_clauses_whose_figure_is_zero(tmp_path):
    store = build(tmp_path / "r.db", cases=[CASES[1]], findings=[], returns=[], opinions=[], documents=[], filings=[])
    assert summary(year_stats(store, 2026)) == "2026年，共审查各类文件1件；其中审查招（投）标（比选）文件、合同1件；平均审查用时3个工作日，最长3个工作日。"


def test_terminal_tables(run):
    r = run("stats", "--year", "2026")
    assert r.code == 0, r.err
    flat = "".join(r.out.split())
    assert "".join(SUMMARY.split()) in flat
    for title in ("总体情况", "按类别", "按送审单位", "按月份", "审查要点", "退回补充的单位", "缺少的材料", "超期办结的案件"):
        assert title in r.out
    assert SCRIPT in r.out and "不以审计结果作为结算依据" in r.out


def test_json(run):
    r = run("stats", "--year", "2026", "-f", "json")
    data = json.loads(r.out)
    assert data["summary"] == SUMMARY and data["received"] == 7 and data["by_month"]["3"]["received"] == 2


def test_csv_and_xlsx(run, tmp_path):
    from openpyxl import load_workbook

    r = run("stats", "--year", "2026", "-f", "csv", "-o", "统计.csv", "--xlsx", "统计.xlsx")
    assert r.code == 0, r.err
    raw = (tmp_path / "统计.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["年度小结", SUMMARY]
    at = rows.index(["总体情况"])
    totals = dict(rows[at + 2: rows.index([], at)])
    assert totals["审查各类文件（收件）"] == "7" and totals["出具合法性审查意见书（份）"] == "4" and totals["平均审查用时（工作日）"] == "5.8"
    at = rows.index(["退回补充的单位"])
    assert rows[at + 1: at + 4] == [["送审单位", "退回补充（件）", "收件", "退回比例"], ["县住建局", "2", "2", "100%"], ["县教育局", "1", "3", "33%"]]

    book = load_workbook(tmp_path / "统计.xlsx")
    assert book.sheetnames == ["年度小结", "总体情况", "按类别", "按送审单位", "按月份", "审查要点", "退回补充的单位", "缺少的材料", "超期办结的案件"]
    assert book["年度小结"]["A1"].value == SUMMARY
    kinds = [[c.value for c in row] for row in book["按类别"].iter_rows()]
    assert kinds[0] == ["类别", "收件", "正在审核", "已办结", "审查意见（条）"] and kinds[1] == ["合同", 3, 1, 2, 3]
    points = [[c.value for c in row] for row in book["审查要点"].iter_rows(min_row=2)]
    assert points[0] == [PAY, "不以审计结果作为结算依据", 2, 1, 1, 4, 3]


def test_charts_and_html(run, tmp_path):
    from PIL import Image

    r = run("stats", "--year", "2026", "--charts", "图表", "--html", "统计.html")
    assert r.code == 0, r.err
    pngs = sorted((tmp_path / "图表").glob("*.png"))
    assert [p.name for p in pngs] == sorted(["月度收件与办结.png", "常见审查要点.png", "退回补充较多的单位.png"])
    for p in pngs:
        with Image.open(p) as im:
            im.verify()
            assert im.format == "PNG" and im.size[0] > 400
    assert "未安装中文字体" not in r.err  # WenQuanYi Zen Hei is installed by .ci/run
    html = (tmp_path / "统计.html").read_text(encoding="utf-8")
    assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("data:image/png;base64,") == 3 and "http://" not in html and "https://" not in html
    assert "平均审查用时5.8个工作日" in html and "宣法审〔2026〕3号" in html and "@page { size: A4" in html


def test_empty_year_says_so(run, tmp_path):
    r = run("stats", "--year", "2019")
    assert r.code == 0
    assert "2019年没有审查工作记录" in r.out and "总体情况" not in r.out
    r = run("stats", "--year", "2019", "--html", "空.html")
    assert r.code == 0 and "2019年没有审查工作记录" in (tmp_path / "空.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, words", [
    (["--year", "二〇二六"], "--year"),
    (["--year", "26"], "四位数字"),
    (["--year", "2026", "--xlsx", "没有的文件夹/统计.xlsx"], "不存在"),
    (["--year", "2026", "--html", "."], "文件夹"),
    (["--year", "2026", "--out", "a.csv"], "--out"),
])
def test_bad_input_is_one_chinese_line(run, args, words):
    r = run("stats", *args)
    assert r.code == 2 and r.out == ""
    assert len(r.err.strip().splitlines()) == 1 and words in r.err and "Traceback" not in r.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_folder(run, tmp_path):
    locked = tmp_path / "只读"
    locked.mkdir(mode=0o500)
    r = run("stats", "--year", "2026", "--xlsx", str(locked / "统计.xlsx"))
    assert r.code == 2 and "没有写入权限" in r.err and len(r.err.strip().splitlines()) == 1


def test_missing_database_is_one_chinese_line(run, tmp_path):
    r = run("stats", "--year", "2026", "--db", str(tmp_path / "无.db"))
    assert r.code == 2 and "不存在" in r.err and len(r.err.strip().splitlines()) == 1


def test_year_the_calendar_does_not_know_warns(tmp_path, capsys, monkeypatch):
    late = ("宣法审〔2027〕1号", "县教育局", "合同", "2027-01-04", "2027-01-04", "2027-01-20", "closed", "2027-01-15", None)
    db = tmp_path / "r.db"
    store = build(db, cases=[late], findings=[], returns=[], opinions=[], documents=[], filings=[])
    if not workdays.unknown_years(dt.date(2027, 1, 4)):
        pytest.skip("the installed chinese-calendar already knows 2027")
    s = year_stats(store, 2027)
    assert s.longest_days == 9  # weekends only: 01-05..01-08, 01-11..01-15
    assert "2027年" in s.warning and "只休周六、周日" in s.warning
    monkeypatch.setenv("REVIEWER_DB", str(db))
    r = in_process_cli(capsys)("stats", "--year", "2027")
    assert r.code == 0 and "只休周六、周日" in r.err


def test_opinion_numbers_recorded_only_on_closing_are_counted_once(tmp_path):
    from reviewer.ledger.stats import year_stats

    store = build(tmp_path / "r.db")
    with closing(store._connect()) as conn:
        conn.execute("BEGIN")
        # a letter written outside reviewer, its number recorded when the case was closed
        conn.execute("UPDATE cases SET opinion_number='宣司审〔2026〕9号' WHERE number='宣法审〔2026〕7号'")
        # and a letter reviewer numbered, recorded on its case as well: still one letter
        conn.execute("UPDATE cases SET opinion_number='宣司审〔2026〕2号' WHERE number='宣法审〔2026〕1号'")
        conn.execute("COMMIT")
    s = year_stats(store, 2026)
    assert s.opinions == 5 and s.by_month[10]["opinions"] == 1


def test_without_matplotlib_charts_say_how_to_get_them_and_the_page_still_comes(run, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    r = run("stats", "--year", "2026", "--charts", tmp_path / "图表")
    assert r.code == 2 and "reviewer[charts]" in r.err and "Traceback" not in r.err
    r = run("stats", "--year", "2026", "--html", tmp_path / "统计.html")
    assert r.code == 0 and "reviewer[charts]" in r.err
    assert "2026年，共审查各类文件" in (tmp_path / "统计.html").read_text(encoding="utf-8")
