"""The review-time checks of a case (catalogue section 3.2), as findings-like dicts.

The clock starts when the materials are complete (complete_on), never at receipt: a
case returned for missing materials has no clock. Counts are working days from
reviewer.workdays (holidays and make-up days of the State Council's notices); for a
year that calendar does not know, the count is weekends-only and a warning says so.

Each item: rule, point, severity (提示), message (Chinese, with the dates and the
count), basis (ids of rules/basis.yaml; an unverified one is cited by name only, as the
opinion letter does, never quoted).
"""

from __future__ import annotations

import datetime as dt

from reviewer import workdays
from reviewer.report.opinion import cn_date

# 国办发〔2018〕115号: 审核时间一般不少于5个工作日，最长不超过15个工作日 (unverified: by name only)
ND_BASIS = "GBF2018-115"
ND_CITE = "根据《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）有关规定"
# 重大行政决策程序暂行条例第二十六条第二款: 一般不少于7个工作日 (verified)
MD_BASIS = "MAJDEC-26#2"
MD_CITE = "《重大行政决策程序暂行条例》第二十六条第二款"
MIN_DAYS = {"规范性文件": (5, "PROC.REQ.MIN_TIME_ND", ND_BASIS, ND_CITE), "重大行政决策": (7, "PROC.REQ.MIN_TIME_MD", MD_BASIS, MD_CITE)}
MAX_DAYS = 15


def _d(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def _item(rule: str, point: str | None, message: str, basis: list[str]) -> dict:
    return {"rule": rule, "point": point, "severity": "提示", "message": message, "basis": basis}


def days_used(case: dict, today: dt.date | None = None) -> int | None:
    """Working days of review so far: from materials complete to closing (or today)."""
    start = _d(case.get("complete_on"))
    if start is None:
        return None
    end = _d(case.get("closed_on")) or today or dt.date.today()
    return workdays.between(start, end)


def checks(case: dict, today: dt.date | None = None) -> list[dict]:
    """PROC.REQ.MIN_TIME_ND / MIN_TIME_MD (too little time asked for), PROC.REQ.REVIEW_TIME
    (review longer than 15 working days) and the unknown-year warning."""
    today = today or dt.date.today()
    start, due, closed = _d(case.get("complete_on")), _d(case.get("due_on")), _d(case.get("closed_on"))
    out: list[dict] = []
    if start is None:
        return out
    rule = MIN_DAYS.get(case.get("kind"))
    if rule and due:
        least, point, basis, cite = rule
        n = workdays.between(start, due)
        if n < least:
            out.append(_item(point, point, (
                f"材料齐全日（{cn_date(start)}）至要求完成日（{cn_date(due)}）只有{n}个工作日，少于{least}个工作日：审查时间不足，"
                f"{cite}，应保证必要的审查时间（一般不少于{least}个工作日）；意见书应说明审查时间不足，仅就送审文本提出意见。"), [basis]))
    end = closed or today
    used = workdays.between(start, end)
    if used > MAX_DAYS:
        state = f"至办结日（{cn_date(closed)}）" if closed else f"至今（{cn_date(today)}）尚未办结，"
        out.append(_item("PROC.REQ.REVIEW_TIME", "PROC.REQ.REVIEW_TIME", (
            f"材料齐全日（{cn_date(start)}）{state}已审查{used}个工作日，超过{MAX_DAYS}个工作日；"
            f"{ND_CITE}，审核时间最长不超过{MAX_DAYS}个工作日（突发事件应对等情形除外）。"), [ND_BASIS]))
    years = workdays.unknown_years(start, due, end)
    if years:
        out.append(_item("WORKDAYS.UNKNOWN_YEAR", None, workdays.warning(years), []))
    return out


def submission_checks(unit: str, *, routed_by: str | None = None, no_initial_review: bool = False, consultation: bool = False) -> list[dict]:
    """PROC.REQ.ROUTING and PROC.REQ.NO_SUBSTITUTION, from what the officer records of how
    the submission arrived (options of `case new`): the tool cannot see routing in a
    document's text, so nothing is inferred here."""
    out = []
    if routed_by and routed_by.strip() and routed_by.strip() != unit.strip():
        out.append(_item("CASE.ROUTING", "PROC.REQ.ROUTING", (
            f"送审材料由{routed_by.strip()}报送，而非起草单位{unit}：应由起草单位按规定渠道送请合法性审查，请核实起草单位是否知情并同意送审。"), []))
    if no_initial_review:
        out.append(_item("CASE.ROUTING", "PROC.REQ.ROUTING", (
            f"送审材料未附起草单位（{unit}）法制机构或负责人的初审意见：请起草单位先行内部合法性初审并由负责人签署后送审。"), []))
    if consultation:
        item = _item("CASE.NO_SUBSTITUTION", "PROC.REQ.NO_SUBSTITUTION", (
            "送审单位以征求意见、会签方式送来，而非正式送请合法性审查：《重大行政决策程序暂行条例》第二十五条第一款规定不得以征求意见等方式代替合法性审查，"
            "请送审单位以正式送审函送请合法性审查。"), ["MAJDEC-25#1"])
        item["severity"] = "必须修改"
        out.append(item)
    return out
