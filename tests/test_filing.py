"""Publication, filing and expiry in the register (REG.ND.PUBLISH, FILING_DEADLINE,
FILING_PACKAGE, ANNUAL_LIST, DATE.ND_VALIDITY_WINDOW): what `register due` lists, on
which day, how severe; the year's list; bad input as one Chinese line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from reviewer.register import filing
from reviewer.register.series import RegisterConfig, Series
from reviewer.register.store import Store

NOTICE = """宣汉县城区绿化管理办法
第一条 为加强绿化管理，根据《城市绿化条例》，制定本办法。
第二条 本办法自2026年5月1日起施行，有效期5年。
宣汉县人民政府
2026年3月2日
"""




@pytest.fixture
def registered(run, tmp_path):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    assert run("register", "add", "a.txt", "--series", "宣府规", "--yes").code == 0
    return "宣府规〔2026〕1号"


def _due(run, on, *more):
    r = run("register", "due", "--date", on, "-f", "json", *more)
    return r.code, json.loads(r.out)


def test_in_force_but_never_published_is_a_must_fix(run, registered):
    code, items = _due(run, "2026-4-20")
    assert code == 0 and [(i["point"], i["severity"]) for i in items] == [("REG.ND.PUBLISH", "提示")]
    code, items = _due(run, "2026-5-2")
    assert code == 1 and items[0]["point"] == "REG.ND.PUBLISH" and items[0]["severity"] == "必须修改"
    assert "未经公布的不得作为行政管理依据" in items[0]["problem"]


def test_filing_deadline_counts_from_publication_for_each_body(run, registered):
    assert run("register", "published", registered, "--date", "2026年3月5日", "--via", "宣汉县人民政府门户网站").code == 0
    code, items = _due(run, "2026-3-10")  # 25 days left: within the default 30
    assert code == 0
    assert [(i["point"], i["severity"], i["deadline"]) for i in items] == [("REG.ND.FILING_DEADLINE", "提示", "2026-04-04")] * 2
    assert {"向达州市人民政府" in i["problem"] or "向宣汉县人大常委会" in i["problem"] for i in items} == {True}
    code, items = _due(run, "2026-4-5")
    assert code == 1 and all(i["severity"] == "必须修改" and "已逾期1日" in i["problem"] for i in items)
    full = "备案报告、正式文本、起草说明、制定依据、电子文本"
    assert run("register", "file", registered, "--with", "达州市人民政府", "--date", "2026-4-1", "--items", full).code == 0
    code, items = _due(run, "2026-4-5")
    assert code == 1 and len(items) == 1 and "宣汉县人大常委会" in items[0]["problem"]
    r = run("register", "file", registered, "--with", "宣汉县人大常委会", "--date", "2026-4-6", "--items", "备案报告,正式文本")
    assert r.code == 0 and "起草说明、制定依据、电子文本" in r.out
    code, items = _due(run, "2026-4-7")
    assert code == 0
    assert sorted(i["point"] for i in items) == ["REG.ND.FILING_DEADLINE", "REG.ND.FILING_PACKAGE"]
    late = next(i for i in items if i["point"] == "REG.ND.FILING_DEADLINE")
    assert late["severity"] == "提示" and "超过公布后30日" in late["problem"]


def test_nothing_due_is_said_in_words(run, registered):
    run("register", "published", registered, "--date", "2026-3-5", "--via", "门户网站")
    full = "备案报告、正式文本、起草说明、制定依据、电子文本"
    for body in ("达州市人民政府", "宣汉县人大常委会"):
        run("register", "file", registered, "--with", body, "--date", "2026-3-20", "--items", full)
    r = run("register", "due", "--date", "2026-6-1")
    assert r.code == 0 and "没有需要办理" in r.out


def test_expiry_soon_and_expired_but_still_in_force(run, registered):
    rec = json.loads(run("register", "show", registered, "-f", "json").out)
    assert rec["expires_on"] == "2031-04-30"  # 有效期5年 from 2026-05-01
    _, items = _due(run, "2031-4-10")
    assert any(i["point"] == "DATE.ND_VALIDITY_WINDOW" and i["severity"] == "提示" and "还有20日" in i["problem"] for i in items)
    _, items = _due(run, "2031-5-2")
    assert any(i["point"] == "DATE.ND_VALIDITY_WINDOW" and i["severity"] == "建议修改" and "已于2031-04-30届满" in i["problem"] for i in items)
    run("register", "status", registered, "失效", "--by", "有效期届满", "--date", "2031-5-2")
    _, items = _due(run, "2031-5-3")
    assert items == []  # a document no longer in force is not chased


def test_show_keeps_publication_and_filing_as_history(run, registered):
    run("register", "published", registered, "--date", "2026-3-5", "--via", "门户网站", "--url", "https://www.xuanhan.gov.cn/a.html")
    run("register", "file", registered, "--with", "达州市人民政府", "--date", "2026-3-20", "--filing-no", "达备〔2026〕7号")
    rec = json.loads(run("register", "show", registered, "-f", "json").out)
    assert rec["published_via"] == "门户网站" and rec["published_url"].startswith("https://")
    assert rec["filed_on"] == "2026-03-20" and rec["filed_with"] == "达州市人民政府"
    assert [e["event"] for e in rec["events"]] == ["registered", "published", "filed"]
    assert filing.filings(Store(), registered)[0]["filing_no"] == "达备〔2026〕7号"


@pytest.mark.parametrize(
    "args, words",
    [
        (("published", "宣府规〔2026〕1号", "--date", "2026-2-1", "--via", "网站"), ("早于成文日期",)),
        (("published", "宣府规〔2026〕1号", "--date", "2026-3-5", "--via", " "), ("公布载体",)),
        (("file", "宣府规〔2026〕1号", "--with", "达州市人民政府", "--date", "2026-3-1"), ("早于公布日期",)),
        (("file", "宣府规〔2026〕9号", "--with", "达州市人民政府", "--date", "2026-3-9"), ("没有文号",)),
        (("file", "宣府规〔2026〕1号", "--with", "达州市人民政府", "--date", "2026-13-1"), ("--date",)),
        (("due", "--within", "-3"), ("--within",)),
        (("annual", "2026", "--out", "目录.pdf"), (".xlsx",)),
    ],
)
def test_bad_input_is_one_chinese_line(run, registered, args, words):
    run("register", "published", registered, "--date", "2026-3-5", "--via", "网站")
    r = run("register", *args)
    assert r.code == 2 and "Traceback" not in r.err, (r.out, r.err)
    lines = [x for x in r.err.splitlines() if x.strip()]
    assert len(lines) == 1 and all(w in lines[0] for w in words), r.err


def test_filing_twice_with_one_body_is_refused(run, registered):
    run("register", "published", registered, "--date", "2026-3-5", "--via", "网站")
    assert run("register", "file", registered, "--with", "达州市人民政府", "--date", "2026-3-9").code == 0
    r = run("register", "file", registered, "--with", "达州市人民政府", "--date", "2026-3-10")
    assert r.code == 2 and "无需重复登记" in r.err


def test_annual_list_in_three_forms_and_the_january_reminder(run, registered, tmp_path):
    (tmp_path / "b.txt").write_text(NOTICE.replace("绿化", "停车"), encoding="utf-8")
    run("register", "add", "b.txt", "--series", "宣府规", "--yes")
    run("register", "void", "宣府规〔2026〕2号", "--reason", "取号错误")
    _, items = _due(run, "2027-1-20")
    assert any(i["point"] == "REG.ND.ANNUAL_LIST" and i["deadline"] == "2027-01-31" for i in items)
    assert run("register", "annual", "2026", "--out", "目录.xlsx").code == 0
    ws = load_workbook(tmp_path / "目录.xlsx").active
    rows = list(ws.values)
    assert rows[0][0] == "2026年度行政规范性文件目录" and rows[1][:3] == ("序号", "文件名称", "文号")
    assert [r[2] for r in rows[2:]] == ["宣府规〔2026〕1号"]  # the voided number is not a document
    _, items = _due(run, "2027-1-20")
    assert not any(i["point"] == "REG.ND.ANNUAL_LIST" for i in items)
    assert run("register", "annual", "2026", "--out", "目录.csv").code == 0
    table = list(csv.DictReader(io.StringIO((tmp_path / "目录.csv").read_text(encoding="utf-8-sig"))))
    assert table[0]["文件名称"] == "宣汉县城区绿化管理办法" and table[0]["状态"] == "现行有效"
    assert run("register", "annual", "2026", "--out", "目录.docx").code == 0
    cells = [c.text for c in Document(tmp_path / "目录.docx").tables[0].rows[1].cells]
    assert "宣府规〔2026〕1号" in cells
    assert run("register", "annual", "2026", "--out", "目录.docx").code == 2  # never overwritten without --force


def test_due_on_a_configured_limit(tmp_path):
    store = Store(tmp_path / "r.db")
    from reviewer.register import documents

    documents.add(store, {"number": "宣教规〔2026〕1号", "title": "甲", "written_on": dt.date(2026, 3, 1), "effective_on": dt.date(2026, 4, 1), "expires_on": dt.date(2028, 1, 1)})
    filing.record_publication(store, "宣教规〔2026〕1号", dt.date(2026, 3, 2), "门户网站")
    series = [Series(code="宣教规", name="宣汉县教育局规范性文件", issuer="宣汉县教育局", filed_with="宣汉县人民政府")]
    fifteen = filing.due(store, RegisterConfig(filing_days=15), series, dt.date(2026, 3, 20))
    assert [(i["severity"], i["deadline"]) for i in fifteen] == [("必须修改", "2026-03-17")]
    thirty = filing.due(store, RegisterConfig(), series, dt.date(2026, 3, 20))
    assert [(i["severity"], i["deadline"]) for i in thirty] == [("提示", "2026-04-01")]


# ------------------------------------------------------------ check --register

NUMBERED = NOTICE.replace("宣汉县城区绿化管理办法\n", "宣汉县城区绿化管理办法\n{number}\n", 1)


def _points(run, file, *more):
    r = run("check", file, "--register", "-f", "json", "--exit-zero", *more)
    assert r.code == 0, r.err
    return {f["rule"]: f for f in json.loads(r.out)["findings"] if f["rule"].startswith("REG.ND.")}


def test_check_against_the_register(run, registered, tmp_path):
    (tmp_path / "same.txt").write_text(NUMBERED.format(number=registered), encoding="utf-8")
    assert _points(run, "same.txt") == {}
    (tmp_path / "other.txt").write_text(NUMBERED.replace("绿化", "停车").format(number=registered), encoding="utf-8")
    found = _points(run, "other.txt")
    assert list(found) == ["REG.ND.NUMBER_UNIQUE"] and found["REG.ND.NUMBER_UNIQUE"]["severity"] == "必须修改"
    assert "《宣汉县城区绿化管理办法》" in found["REG.ND.NUMBER_UNIQUE"]["message"]
    (tmp_path / "new.txt").write_text(NUMBERED.format(number="宣府规〔2026〕8号"), encoding="utf-8")
    assert list(_points(run, "new.txt")) == ["REG.ND.REGISTER_BEFORE_ISSUE"]
    run("register", "void", registered, "--reason", "取号错误")
    found = _points(run, "same.txt")
    assert list(found) == ["REG.ND.NUMBER_UNIQUE"] and "已经作废" in found["REG.ND.NUMBER_UNIQUE"]["message"]


def test_check_without_register_leaves_the_register_points_alone(run, registered, tmp_path):
    (tmp_path / "new.txt").write_text(NUMBERED.format(number="宣府规〔2026〕8号"), encoding="utf-8")
    r = run("check", "new.txt", "-f", "json", "--exit-zero")
    assert "REG.ND.REGISTER_BEFORE_ISSUE" not in r.out
    r = run("check", "new.txt", "--db", "x.db")
    assert r.code == 2 and "--register" in r.err
