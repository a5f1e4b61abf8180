"""The review ledger's cases as a library (reviewer.ledger): numbering, statuses and
events, returns and completion, closing and reopening, listings, the review-time checks
across the 2026 Spring Festival and National Day, the unknown-year warning, and the
return notice."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document

from reviewer.engine.basis import load_basis
from reviewer.errors import UsageError
from reviewer.ledger import cases, timing
from reviewer.ledger.notice import render_notice
from reviewer.paths import default_rules_dir
from reviewer.register.series import RegisterConfig, load_series
from reviewer.register.store import Store

D = dt.date


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "r.db")


def _open(store, **kw):
    args = {"unit": "县教育局", "kind": "规范性文件", "received": D(2026, 3, 2), "due": D(2026, 3, 20)}
    return cases.open_case(store, **{**args, **kw})


def test_case_code_is_configured_with_a_default():
    assert RegisterConfig().case_code == "宣法审"
    assert load_series().registry.case_code == "宣法审"


def test_numbers_follow_the_year_of_receipt(store):
    a, b = _open(store), _open(store, received=D(2026, 5, 6), due=None)
    c = _open(store, received=D(2027, 1, 4), due=None)
    assert [a["number"], b["number"], c["number"]] == ["宣法审〔2026〕1号", "宣法审〔2026〕2号", "宣法审〔2027〕1号"]
    assert (a["year"], a["seq"], a["series"]) == (2026, 1, "宣法审")


def test_complete_defaults_to_received_and_missing_starts_returned(store):
    a = _open(store)
    assert a["status"] == "reviewing" and a["complete_on"] == "2026-03-02"
    b = _open(store, complete=D(2026, 3, 4))
    assert b["complete_on"] == "2026-03-04"
    c = _open(store, missing="起草说明、制定依据")
    assert c["status"] == "returned" and c["complete_on"] is None and c["missing"] == "起草说明、制定依据"
    assert [e["event"] for e in c["events"]] == ["opened", "returned"]


def test_return_complete_close_reopen_each_an_event_with_before_and_after(store):
    n = _open(store)["number"]
    r = cases.return_case(store, n, ["起草说明", "征求意见情况"])
    assert r["status"] == "returned" and r["complete_on"] is None
    assert r["events"][-1]["changes"] == {"status": ["reviewing", "returned"], "missing": [None, "起草说明、征求意见情况"], "complete_on": ["2026-03-02", None]}
    r = cases.complete_case(store, n, D(2026, 3, 9))
    assert r["status"] == "reviewing" and r["complete_on"] == "2026-03-09" and r["missing"] == "起草说明、征求意见情况"
    r = cases.close_case(store, n, D(2026, 3, 18), "宣司审[2026]3号")
    assert (r["status"], r["closed_on"], r["opinion_number"]) == ("closed", "2026-03-18", "宣司审〔2026〕3号")
    r = cases.reopen_case(store, n, "送审单位修改后再次送审")
    assert r["status"] == "reviewing" and r["closed_on"] is None
    assert [e["event"] for e in r["events"]] == ["opened", "returned", "completed", "closed", "reopened"]
    assert r["events"][-1]["changes"]["closed_on"] == ["2026-03-18", None] and r["events"][-1]["reason"] == "送审单位修改后再次送审"


def test_refusals_are_one_chinese_line(store):
    n = _open(store)["number"]
    with pytest.raises(UsageError, match="台账中没有案号"):
        cases.get_case(store, "宣法审〔2026〕99号")
    with pytest.raises(UsageError, match="无法识别案号"):
        cases.get_case(store, "第九号")
    with pytest.raises(UsageError, match="类别"):
        _open(store, kind="合约")
    with pytest.raises(UsageError, match="日期先后有误"):
        _open(store, received=D(2026, 3, 5), due=D(2026, 3, 1))
    with pytest.raises(UsageError, match="日期先后有误"):
        _open(store, received=D(2026, 3, 5), complete=D(2026, 3, 1))
    with pytest.raises(UsageError, match="缺少的材料"):
        cases.return_case(store, n, "")
    with pytest.raises(UsageError, match="无需再次登记"):
        cases.complete_case(store, n, D(2026, 3, 3))
    with pytest.raises(UsageError, match="日期先后有误"):
        cases.close_case(store, n, D(2026, 3, 1))
    cases.close_case(store, n, D(2026, 3, 10))
    with pytest.raises(UsageError, match="无需再次办结"):
        cases.close_case(store, n, D(2026, 3, 11))
    with pytest.raises(UsageError, match="不能退回"):
        cases.return_case(store, n, "起草说明")
    returned = _open(store, missing="起草说明")["number"]
    with pytest.raises(UsageError, match="退回补充"):
        cases.close_case(store, returned, D(2026, 3, 11))
    with pytest.raises(UsageError, match="尚未办结"):
        cases.reopen_case(store, returned)


def test_listing_open_overdue_unit_kind_year(store):
    a = _open(store, due=D(2026, 3, 6))["number"]
    b = _open(store, unit="县自然资源局", kind="合同", due=D(2026, 3, 6))["number"]
    c = _open(store, unit="县自然资源局", kind="合同", due=D(2026, 4, 30))["number"]
    d = _open(store, received=D(2027, 1, 4), due=None)["number"]
    cases.close_case(store, b, D(2026, 3, 5))

    def nums(**kw):
        return [r["number"] for r in cases.list_cases(store, **kw)]

    assert nums(open_only=True) == [a, c, d]
    assert nums(overdue=D(2026, 3, 9)) == [a]  # b closed, c not yet due, d no due date
    assert nums(overdue=D(2026, 3, 6)) == []  # due today is not overdue
    assert nums(unit="自然资源") == [b, c]
    assert nums(kind="合同") == [b, c]
    assert nums(year=2027) == [d]
    with pytest.raises(UsageError):
        cases.list_cases(store, kind="文件")


def test_attach_document_findings_opinion_and_register_numbers(store):
    n = _open(store)["number"]
    doc = cases.attach_document(store, n, path="/x/a.docx", sha256="ab", title="甲", kind="normative", findings=[
        {"rule": "R1", "point": "ND.X", "severity": "必须修改"}, {"rule": "R2", "point": None, "severity": "提示"}])
    cases.add_case_findings(store, n, [{"rule": "CASE.ROUTING", "point": "PROC.REQ.ROUTING", "severity": "提示"}], "未附初审意见")
    cases.set_opinion(store, n, "宣司审（2026）4号")
    r = cases.set_register(store, n, "宣府规[2026]2号")
    assert (r["opinion_number"], r["register_number"]) == ("宣司审〔2026〕4号", "宣府规〔2026〕2号")
    assert [(f["rule"], f["point"], f["severity"]) for f in r["documents"][0]["findings"]] == [("R1", "ND.X", "必须修改"), ("R2", None, "提示")]
    assert r["documents"][0]["id"] == doc and r["documents"][0]["sha256"] == "ab"
    assert [f["point"] for f in r["case_findings"]] == ["PROC.REQ.ROUTING"]
    assert [e["event"] for e in r["events"]] == ["opened", "reviewed", "noted", "opinion", "register"]
    again = cases.attach_document(store, n, path="/x/a.docx", sha256="ab", title="甲", kind="normative", findings=[{"rule": "R1", "point": "ND.X", "severity": "必须修改"}])
    assert again == doc and len(cases.get_case(store, n)["findings"]) == 3  # the same bytes are attached once
    cases.attach_document(store, n, path="/x/a.docx", sha256="cd", title="甲", kind="normative", findings=[])
    assert len(cases.get_case(store, n)["documents"]) == 2  # a changed file is a new document


def test_attach_review_from_check_file(store, tmp_path, ruleset):
    from reviewer.api import check_file

    f = tmp_path / "办法.txt"
    f.write_text("宣汉县城区绿化管理办法\n第一条 为加强绿化管理，制定本办法。\n第二条 违反本办法的，处以1000元罚款。\n宣汉县人民政府\n2026年3月2日\n", encoding="utf-8")
    rv = check_file(f, ruleset, kind="normative")
    n = _open(store)["number"]
    cases.attach_review(store, n, rv)
    r = cases.get_case(store, n)
    assert r["documents"][0]["path"] == str(f.resolve()) and len(r["documents"][0]["sha256"]) == 64
    assert r["documents"][0]["kind"] == "normative" and r["documents"][0]["title"] == rv.facts.title
    assert len(r["findings"]) == len(rv.findings) > 0
    assert sorted(f["rule"] for f in r["findings"]) == sorted(f.rule for f in rv.findings)


def _case(kind, complete, due, closed=None):
    return {"kind": kind, "complete_on": complete, "due_on": due, "closed_on": closed}


def _points(items):
    return [i["point"] for i in items]


def test_spring_festival_leaves_four_working_days(monkeypatch):
    # 2026-02-12 to 02-25: 02-13 (Fri) and the make-up Saturday 02-14 work, 02-15..02-23
    # are the holiday, 02-24 and 02-25 work: four working days, under five.
    items = timing.checks(_case("规范性文件", "2026-02-12", "2026-02-25", "2026-02-25"))
    assert _points(items) == ["PROC.REQ.MIN_TIME_ND"]
    assert "只有4个工作日" in items[0]["message"] and "2026年2月12日" in items[0]["message"] and "2026年2月25日" in items[0]["message"]
    assert items[0]["severity"] == "提示" and items[0]["basis"] == ["GBF2018-115"]
    # weekends alone would have given 8: the holiday is counted
    assert timing.checks(_case("合同", "2026-02-12", "2026-02-25", "2026-02-25")) == []


def test_national_day_and_the_seven_days_of_a_major_decision():
    # 2026-09-28 to 10-12: 09-29, 09-30, 10-08, 10-09, the make-up Saturday 10-10, 10-12 = 6
    md = timing.checks(_case("重大行政决策", "2026-09-28", "2026-10-12", "2026-10-12"))
    assert _points(md) == ["PROC.REQ.MIN_TIME_MD"] and "只有6个工作日" in md[0]["message"] and md[0]["basis"] == ["MAJDEC-26#2"]
    assert timing.checks(_case("规范性文件", "2026-09-28", "2026-10-12", "2026-10-12")) == []  # 6 >= 5
    assert timing.checks(_case("重大行政决策", "2026-09-28", "2026-10-13", "2026-10-13")) == []  # 7


def test_review_longer_than_fifteen_working_days():
    items = timing.checks(_case("合同", "2026-03-02", None, "2026-03-24"))  # 16 working days
    assert _points(items) == ["PROC.REQ.REVIEW_TIME"] and "已审查16个工作日" in items[0]["message"]
    assert timing.checks(_case("合同", "2026-03-02", None, "2026-03-23")) == []  # 15
    open_case = timing.checks(_case("合同", "2026-03-02", None), today=D(2026, 4, 1))
    assert _points(open_case) == ["PROC.REQ.REVIEW_TIME"] and "尚未办结" in open_case[0]["message"]
    assert timing.days_used(_case("合同", "2026-03-02", None), D(2026, 3, 6)) == 4
    assert timing.checks(_case("规范性文件", None, "2026-03-03")) == []  # returned: no clock


def test_unknown_year_gives_the_warning():
    items = timing.checks(_case("规范性文件", "2027-01-04", "2027-01-06", "2027-01-06"))
    assert _points(items) == ["PROC.REQ.MIN_TIME_ND", None]
    assert "2027年" in items[1]["message"] and "只休周六、周日" in items[1]["message"]


def test_submission_checks_from_what_the_officer_recorded():
    assert timing.submission_checks("县教育局") == []
    assert timing.submission_checks("县教育局", routed_by="县教育局") == []
    items = timing.submission_checks("县教育局", routed_by="某设计公司", no_initial_review=True, consultation=True)
    assert [(i["point"], i["severity"]) for i in items] == [("PROC.REQ.ROUTING", "提示"), ("PROC.REQ.ROUTING", "提示"), ("PROC.REQ.NO_SUBSTITUTION", "必须修改")]


def test_every_basis_exists_and_its_citation_is_the_tables():
    table = load_basis(str(default_rules_dir() / "basis.yaml"))
    assert table.resolve(timing.ND_BASIS).citation == timing.ND_CITE
    assert table.resolve(timing.MD_BASIS).citation == timing.MD_CITE
    assert "不少于7个工作日" in table.resolve(timing.MD_BASIS).quote
    assert "不得以征求意见等方式代替合法性审查" in table.resolve("MAJDEC-25#1").quote
    assert not table.resolve(timing.ND_BASIS).verified  # 115号 is cited by name, never quoted


def test_review_time_point_is_in_the_catalogue():
    import yaml

    points = yaml.safe_load((default_rules_dir() / "points.yaml").read_text(encoding="utf-8"))["points"]
    assert points["PROC.REQ.REVIEW_TIME"]["section"] == "3.2" and points["PROC.REQ.REVIEW_TIME"]["severities"] == ["提示"]


def test_return_notice_docx(store, tmp_path):
    n = _open(store, title="宣汉县城区绿化管理办法")["number"]
    rec = cases.return_case(store, n, "起草说明、制定依据")
    render_notice(rec, tmp_path / "通知.docx", "宣汉县司法局", D(2026, 3, 4))
    doc = Document(tmp_path / "通知.docx")
    text = [p.text for p in doc.paragraphs]
    assert text[:3] == ["宣汉县司法局", "退回补充材料通知", n] and "县教育局：" in text
    body = "\n".join(text)
    assert "2026年3月2日报送的《宣汉县城区绿化管理办法》" in body and "1.起草说明" in body and "2.制定依据" in body
    assert "自材料齐全之日起计算" in body and text[-1] == "2026年3月4日" and text[-2] == "宣汉县司法局"
    assert doc.paragraphs[0].runs[0].font.name == "方正小标宋简体"
