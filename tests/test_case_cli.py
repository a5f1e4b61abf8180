"""`reviewer case …`, `reviewer opinion --case` and `reviewer batch --case` as an officer
runs them: numbers, statuses, the return notice, listings, attached findings, and bad
input as one Chinese line with exit code 2."""

from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document

from reviewer.ledger import cases
from reviewer.register.store import Store

N1, N2 = "宣法审〔2026〕1号", "宣法审〔2026〕2号"
NOTICE = """宣汉县城区绿化管理办法
第一条 为加强绿化管理，根据《城市绿化条例》，制定本办法。
第二条 本办法自2026年5月1日起施行，有效期5年。
宣汉县人民政府
2026年3月2日
"""
CONTRACT = """宣汉县教育局办公家具采购合同
甲方（采购人）：宣汉县教育局
乙方（供应商）：达州市恒信家具有限公司
乙方确认其为小型企业。
第一条 采购内容：办公桌80张。
第二条 合同总价为人民币壹拾贰万元整（¥120,000.00）。
第三条 付款方式：甲方在全部货物验收合格后90日内支付合同价款。
第四条 违约责任：乙方逾期交货的，每日按逾期部分金额的万分之五支付违约金，累计不超过合同总价的10%。
第五条 争议解决：协商不成的，向甲方所在地人民法院起诉。
签订日期：2025年8月12日
"""




def _case(tmp_path, number):
    return cases.get_case(Store(tmp_path / "r.db"), number)


def _one_line_error(r):
    assert r.code == 2, (r.out, r.err)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in r.err and lines[0].startswith("错误："), r.err
    return lines[0]


def test_new_reviews_files_and_shows_the_short_time_across_spring_festival(run, tmp_path):
    (tmp_path / "办法.txt").write_text(NOTICE, encoding="utf-8")
    r = run("case", "new", "--unit", "县住建局", "--kind", "规范性文件", "--received", "2026年2月10日", "--complete", "2026-2-12", "--due", "2026/2/25", "办法.txt")
    assert r.code == 0, r.err
    assert N1 in r.out and "审核中" in r.out and "PROC.REQ.MIN_TIME_ND" in r.out and "只有4个工作日" in r.out
    rec = _case(tmp_path, N1)
    assert rec["title"] == "宣汉县城区绿化管理办法" and rec["complete_on"] == "2026-02-12" and len(rec["documents"]) == 1
    assert rec["documents"][0]["path"] == str((tmp_path / "办法.txt").resolve())


def test_return_writes_the_notice_then_complete_close_reopen(run, tmp_path):
    assert run("case", "new", "--unit", "县教育局", "--kind", "规范性文件", "--received", "2026-03-02", "--due", "2026-03-20", "--title", "宣汉县校外培训管理办法").code == 0
    r = run("case", "return", "宣法审[2026]1号", "--missing", "起草说明、制定依据", "--date", "2026-03-03")
    assert r.code == 0, r.err and "退回补充" in r.out
    doc = Document(tmp_path / f"{N1}-退回补充材料通知.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    for part in ("宣汉县司法局", "退回补充材料通知", N1, "县教育局：", "2026年3月2日报送的《宣汉县校外培训管理办法》", "1.起草说明", "2.制定依据", "自材料齐全之日起计算", "2026年3月3日"):
        assert part in text, part
    assert _case(tmp_path, N1)["status"] == "returned"
    assert run("case", "list", "--open").out.count(N1) == 1
    r = run("case", "complete", N1, "--date", "2026-03-09")
    assert r.code == 0 and "审核中" in r.out
    r = run("case", "close", N1, "--opinion", "宣司审〔2026〕3号", "--date", "2026-03-18")
    assert r.code == 0 and "用时 7 个工作日" in r.out
    assert "台账中没有符合条件的案件" in run("case", "list", "--open").out
    assert run("case", "reopen", N1, "--reason", "再次送审").code == 0
    r = run("case", "show", N1, "--date", "2026-03-20")
    assert r.code == 0
    for part in ("状态：审核中", "意见书编号：宣司审〔2026〕3号", "退回补充材料", "材料齐全", "办结", "重新办理（再次送审）", "已用工作日：9"):
        assert part in r.out, part
    events = json.loads(run("case", "show", N1, "-f", "json").out)["events"]
    assert [e["event"] for e in events] == ["opened", "returned", "completed", "closed", "reopened"]


def test_list_overdue_by_unit_kind_year_and_formats(run, tmp_path):
    run("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02", "--due", "2026-03-06")
    run("case", "new", "--unit", "县自然资源局", "--kind", "招标文件", "--received", "2026-03-02", "--due", "2026-04-30")
    run("case", "new", "--unit", "县自然资源局", "--kind", "合同", "--received", "2027-01-04")
    rows = json.loads(run("case", "list", "--overdue", "--date", "2026-03-09", "-f", "json").out)
    assert [r["number"] for r in rows] == [N1] and rows[0]["status_name"] == "审核中"
    assert [r["number"] for r in json.loads(run("case", "list", "--unit", "自然资源", "--kind", "合同", "-f", "json").out)] == ["宣法审〔2027〕1号"]
    assert [r["number"] for r in json.loads(run("case", "list", "--year", "2026", "-f", "json").out)] == [N1, N2]
    table = list(csv.reader(io.StringIO(run("case", "list", "-f", "csv").out)))
    assert table[0][:3] == ["案号", "送审单位", "类别"] and len(table) == 4
    assert run("case", "list", "-f", "csv", "-o", "台账.csv").code == 0
    assert (tmp_path / "台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    r = run("case", "list")
    assert "审查台账（3 件）" in r.out


def test_routing_and_substitution_are_recorded_as_case_findings(run, tmp_path):
    r = run("case", "new", "--unit", "县发改局", "--kind", "重大行政决策", "--received", "2026-09-28", "--due", "2026-10-12",
            "--routed-by", "某咨询公司", "--no-initial-review", "--consultation")
    assert r.code == 0, r.err
    assert "PROC.REQ.ROUTING" in r.out and "PROC.REQ.NO_SUBSTITUTION" in r.out and "PROC.REQ.MIN_TIME_MD" in r.out and "只有6个工作日" in r.out
    rec = _case(tmp_path, N1)
    assert sorted((f["point"], f["severity"]) for f in rec["case_findings"]) == [
        ("PROC.REQ.NO_SUBSTITUTION", "必须修改"), ("PROC.REQ.ROUTING", "提示"), ("PROC.REQ.ROUTING", "提示")]


def test_unknown_year_warning_is_shown(run):
    r = run("case", "new", "--unit", "县教育局", "--kind", "规范性文件", "--received", "2027-01-04", "--due", "2027-01-06")
    assert r.code == 0 and "2027年的法定节假日" in r.out and "PROC.REQ.MIN_TIME_ND" in r.out


def test_opinion_case_attaches_findings_number_and_says_the_short_time(run, tmp_path):
    (tmp_path / "合同.txt").write_text(CONTRACT, encoding="utf-8")
    assert run("case", "new", "--unit", "县教育局", "--kind", "规范性文件", "--received", "2026-02-10", "--complete", "2026-02-12", "--due", "2026-02-25").code == 0
    r = run("opinion", "合同.txt", "--case", N1, "-f", "md", "-o", "意见书.md", "--done", "2026-02-24")
    assert r.code == 0, r.err
    letter = (tmp_path / "意见书.md").read_text(encoding="utf-8")
    assert "县教育局" in letter and "审查时间不足5个工作日（实有4个工作日）" in letter  # the case's unit and dates reached the letter
    rec = _case(tmp_path, N1)
    assert rec["opinion_number"] == "宣司审〔2026〕1号" and len(rec["documents"]) == 1
    assert rec["findings"] and {f["severity"] for f in rec["findings"]} <= {"必须修改", "建议修改", "提示"}
    assert any(f["point"] == "CONTRACT.PAYMENT.SME_60_DAYS" for f in rec["findings"])


def test_batch_case_attaches_documents_and_returns_for_missing_materials(run, tmp_path):
    pkg = tmp_path / "甲包"
    pkg.mkdir()
    (pkg / "合同.txt").write_text(CONTRACT, encoding="utf-8")
    assert run("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02").code == 0
    r = run("batch", str(pkg), "-o", "结果", "-j", "1", "--case", N1)
    assert r.code == 1, r.err  # batch's own exit code: must-fix findings
    assert (tmp_path / "结果" / "summary.csv").is_file()
    rec = _case(tmp_path, N1)
    assert len(rec["documents"]) == 1 and rec["documents"][0]["role"] and rec["documents"][0]["sha256"]
    assert any(f["point"] == "CONTRACT.PAYMENT.SME_60_DAYS" for f in rec["documents"][0]["findings"])
    assert any(f["point"] == "MAT.CT.PACKAGE" for f in rec["case_findings"])
    assert rec["status"] == "returned" and "送审函" in rec["missing"]
    noted = len(rec["case_findings"])
    assert run("batch", str(pkg), "-o", "结果", "-j", "1", "--case", N1).code == 1  # kept from the last run
    again = _case(tmp_path, N1)
    assert len(again["documents"]) == 1 and len(again["case_findings"]) == noted  # attached once


def test_batch_case_with_a_zip_package(run, tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "乙包.zip", "w") as zf:
        zf.writestr("合同.txt", CONTRACT)
    assert run("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02").code == 0
    assert run("batch", "乙包.zip", "-o", "结果", "-j", "1", "--case", N1).code == 1
    doc = _case(tmp_path, N1)["documents"][0]
    assert doc["path"].endswith("乙包.zip:合同.txt") and len(doc["sha256"]) == 64 and doc["findings"]


@pytest.mark.parametrize("args, words", [
    (("case", "show", "宣法审〔2026〕9号"), "台账中没有案号"),
    (("case", "show", "九号"), "无法识别案号"),
    (("case", "new", "--unit", "县教育局", "--kind", "合约", "--received", "2026-03-02"), "类别“合约”无法识别"),
    (("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-05", "--due", "2026-03-01"), "日期先后有误"),
    (("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-02-30"), "不存在"),
    (("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02", "没有的文件.docx"), "没有的文件.docx"),
    (("case", "return", N1), "缺少的材料"),
    (("case", "close", N1, "--date", "2026-03-05"), "无需再次办结"),
    (("case", "complete", N1, "--date", "2026-03-05"), "已于"),
    (("case", "reopen", N2), "尚未办结"),
    (("opinion", "a.txt", "--case", N1), "已于 2026-03-04 办结"),
    (("batch", "a.txt", "-o", "out", "--case", "宣法审〔2026〕9号"), "台账中没有案号"),
])
def test_bad_input_is_one_chinese_line(run, tmp_path, args, words):
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    assert run("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02").code == 0
    assert run("case", "close", N1, "--date", "2026-03-04").code == 0
    assert run("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02").code == 0
    assert words in _one_line_error(run(*args))
    if args[0] == "case" and args[1] == "new":
        assert len(cases.list_cases(Store(tmp_path / "r.db"))) == 2  # nothing opened, no number taken


def test_return_refuses_to_overwrite_and_unknown_case_writes_nothing(run, tmp_path):
    assert "台账中没有案号" in _one_line_error(run("case", "return", N1, "--missing", "起草说明"))
    assert not list(tmp_path.glob("*.docx"))
    run("case", "new", "--unit", "县教育局", "--kind", "合同", "--received", "2026-03-02")
    (tmp_path / "通知.docx").write_bytes(b"x")
    assert "已存在" in _one_line_error(run("case", "return", N1, "--missing", "起草说明", "-o", "通知.docx"))
    assert _case(tmp_path, N1)["status"] == "reviewing"
