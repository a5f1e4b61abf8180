"""Dates: dates that do not exist, periods that end before they start, 总工期 vs dates, effective dates."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.text.quantities import date_value, find_dates


_RANGE = re.compile(r"(?:自|从)?\s*(?P<a>\S{6,16}?[日号])\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*(?P<b>\S{6,16}?[日号])")


@check("date_valid")
def date_valid(ctx: Context, params: dict) -> list[Hit]:
    """Dates that do not exist (2月30日, 13月), and periods that end before they start."""
    hits = []
    for q in ctx.quantities:
        if q.kind != "date":
            continue
        y, m, d = q.extra["y"], q.extra["m"], q.extra["d"]
        if not (1900 <= y <= 2100):
            continue
        if d is None:
            if not 1 <= m <= 12:
                hits.append(Hit(q.start, q.end, {"date": q.text, "problem": f"不存在{m}月"}))
            continue
        if date_value(q) is None:
            problem = f"不存在{m}月" if not 1 <= m <= 12 else f"{y}年{m}月没有{d}日"
            hits.append(Hit(q.start, q.end, {"date": q.text, "problem": problem}))
    for s in ctx.sentences:
        if not re.search(r"至|到|—|－|~|～|-", s.text):
            continue
        dates = [q for q in ctx.quantities_in(s.start, s.end, "date") if q.extra["d"]]
        for a, b in zip(dates, dates[1:]):
            between = ctx.text[a.end : b.start]
            if not re.fullmatch(r"\s*(起)?\s*(至|到|—|－|-|~|～)\s*", between):
                continue
            da, db = date_value(a), date_value(b)
            if da and db and db < da:
                hits.append(Hit(a.start, b.end, {"date": f"{a.text}至{b.text}", "problem": "终止日期早于起始日期"}))
    hits.extend(_period_days(ctx))
    return hits


_START = re.compile(r"(开工|开始|起始|服务开始)日期\s*[:：为]?\s*")
_END = re.compile(r"(完工|竣工|结束|终止|交工)日期\s*[:：为]?\s*")
_TOTAL = re.compile(r"(总工期|工期|服务期限?)[^。；，\d]{0,8}(?P<n>\d+)\s*(个)?(日历天|天|日)")


def _date_after(ctx: Context, pattern: re.Pattern, verb: str):
    """开工日期：2026年7月20日 — or — 2026年7月20日开工."""
    m = pattern.search(ctx.text)
    if m:
        for q in ctx.quantities_in(m.end(), m.end() + 20, "date"):
            if q.start - m.end() <= 2:
                return date_value(q)
    for q in ctx.quantities:
        if q.kind == "date" and q.extra["d"] and re.match(rf"\s*(前)?({verb})", ctx.text[q.end : q.end + 4]):
            return date_value(q)
    return None


def _period_days(ctx: Context) -> list[Hit]:
    """总工期 N 日历天 must match the planned start and finish dates (both days counted)."""
    total = _TOTAL.search(ctx.text)
    start, end = _date_after(ctx, _START, "开工|开始施工"), _date_after(ctx, _END, "完工|竣工|交工")
    if not (total and start and end) or end < start:
        return []
    n = int(total.group("n"))
    span = (end - start).days
    if n in (span, span + 1):
        return []
    return [Hit(total.start(), total.end(), {"date": total.group(), "problem": f"按开工日期{start.isoformat()}至完工日期{end.isoformat()}计算为{span + 1}日历天（含首尾），与约定的{n}日历天不符"})]


_EFFECTIVE = re.compile(r"自\s*(?P<when>[^，。；]{6,16}?)\s*起\s*(施行|实施|执行)")


@check("nd_validity_window")
def nd_validity_window(ctx: Context, params: dict) -> list[Hit]:
    """A normative document should not take effect before the date it is issued."""
    issued = ctx.facts.get("dated_on")
    if not issued:
        return []
    hits = []
    for m in _EFFECTIVE.finditer(ctx.text):
        dates = [date_value(q) for q in find_dates(m.group("when"))]
        day = next((d for d in dates if d), None)
        if day and day < issued:
            hits.append(Hit(m.start(), m.end(), {"effective": day.isoformat(), "issued": issued.isoformat()}))
    return hits
