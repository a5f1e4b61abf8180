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
    hits.extend(_term_span(ctx))
    return hits


_TERM = re.compile(r"(期限|租期|期间|服务期|有效期|承包期|合作期)")
_BOUND = re.compile(r"以上|以下|不少于|不超过|不得超过|最长|最短|至少|至多|以内|延长|续")


def _months_between(a, b) -> int | None:
    """Whole months from a to the day after b (2026-02-01..2031-01-31 -> 60), or None."""
    import datetime as dt

    end = b + dt.timedelta(days=1)
    months = (end.year - a.year) * 12 + end.month - a.month
    return months if end.day == a.day and months > 0 else None


def _term_span(ctx: Context) -> list[Hit]:
    """A term stated both as a length and as dates must agree (期限为陆年，自2026年2月1日起至2031年1月31日止)."""
    hits = []
    for s in ctx.sentences:
        if not _TERM.search(s.text) or _BOUND.search(s.text):
            continue
        dates = [q for q in ctx.quantities_in(s.start, s.end, "date") if q.extra["d"]]
        lengths = [q for q in ctx.quantities_in(s.start, s.end, "duration") if q.unit in ("年", "月") and float(q.value).is_integer()]
        if len(dates) != 2 or len(lengths) != 1:
            continue
        # the length before the dates, or right after them (…至2028年8月31日止，租期五年)
        if lengths[0].end > dates[0].start and not (
            lengths[0].start > dates[1].end
            and re.fullmatch(r"\s*(止)?\s*[，,]?\s*(即|共|计|共计|合计)?\s*(租期|租赁期|期限|服务期|承包期|有效期|为期)?\s*(为|共|计)?\s*", ctx.text[dates[1].end : lengths[0].start])
        ):
            continue
        if not re.fullmatch(r"\s*(起)?\s*(至|到|—|－|-|~|～)\s*", ctx.text[dates[0].end : dates[1].start]):
            continue
        a, b = date_value(dates[0]), date_value(dates[1])
        months = _months_between(a, b) if a and b else None
        stated = int(lengths[0].value) * (12 if lengths[0].unit == "年" else 1)
        if months and months != stated:
            span = f"{months // 12}年" if months % 12 == 0 else f"{months}个月"
            lo, hi = min(lengths[0].start, dates[0].start), max(lengths[0].end, dates[1].end)
            hits.append(Hit(lo, hi, {"date": ctx.text[lo:hi],
                                     "problem": f"约定期限为{lengths[0].text}，而{dates[0].text}至{dates[1].text}实为{span}"}))
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
            s = ctx.sentence_at(q.start)
            if s and _PART.search(ctx.text[s.start : q.start]):
                continue  # a milestone for part of the works, not the whole
            return date_value(q)
    return None


# a date for part of the works (中间交工, 节点工期, 一、二层…) is no start or finish of the whole
_PART = re.compile(r"中间|节点|阶段|部分|分部|分项|首批|第一批|一期|二期|[一二三四五六七八九十\d]+(层|栋|号楼|标段)")


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
            hits.append(Hit(m.start(), m.end(), {"match": m.group(), "effective": day.isoformat(), "issued": issued.isoformat()}))
    return hits
