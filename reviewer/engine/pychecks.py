"""Named Python checks: the escape hatch for what rule data cannot express.

Each function takes (ctx, params) and returns hits. Register with @check("name");
a rule names it as `check: {kind: python, function: name}`.
"""

from __future__ import annotations

import re
from typing import Callable

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.text.quantities import date_value, find_dates

REGISTRY: dict[str, Callable[[Context, dict], list[Hit]]] = {}


def check(name: str):
    def register(fn):
        REGISTRY[name] = fn
        return fn

    return register


def _fmt_money(v: float) -> str:
    return f"{v:,.2f}元"


@check("amount_upper_lower")
def amount_upper_lower(ctx: Context, params: dict) -> list[Hit]:
    """Every 大写 amount must equal the 小写 amount written beside it (same sentence)."""
    hits = []
    money = [q for q in ctx.quantities if q.kind == "money"]
    for s in ctx.sentences:
        here = [q for q in money if s.start <= q.start < s.end]
        uppers = [q for q in here if q.extra.get("form") == "upper"]
        lowers = [q for q in here if q.extra.get("form") == "lower"]
        used: set[int] = set()
        for up in uppers:
            candidates = [q for q in lowers if id(q) not in used]
            if not candidates:
                continue
            low = min(candidates, key=lambda q: min(abs(q.start - up.end), abs(up.start - q.end)))
            used.add(id(low))
            if abs(low.value - up.value) < 0.005:
                continue
            ratio = (up.value / low.value) if low.value else 0
            slip = "（疑为“元”与“万元”单位混用）" if ratio and (abs(ratio - 10000) < 1e-6 or abs(ratio - 1e-4) < 1e-12) else ""
            start, end = min(up.start, low.start), max(up.end, low.end)
            hits.append(
                Hit(start, end, {"upper": up.text, "lower": low.text, "upper_value": _fmt_money(up.value), "lower_value": _fmt_money(low.value), "slip": slip})
            )
    return hits


CONSISTENCY = {"upper_lower": amount_upper_lower}

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
    return hits


_DOCNO = re.compile(
    r"(?P<org>[\u4e00-\u9fa5]{1,12}?)(?P<open>[〔\[（(【［{])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]）)】］}])\s*(?P<di>第)?\s*(?P<seq>\d+)\s*号"
)


_ORG_CUT = re.compile(r".*(?:按照|依照|依据|根据|符合|参照|执行|印发|转发|见|和|及|与|的|按|照|据|是|为)")


def _org_code(org: str) -> str:
    """The issuing-organ code of a cited number: 建市 in "资质内容按照建市[2014]159号"."""
    return _ORG_CUT.sub("", org) or org


@check("docno_format")
def docno_format(ctx: Context, params: dict) -> list[Hit]:
    """发文字号 = 机关代字〔四位年份〕顺序号号: 六角括号, no 第, no leading zero, full year."""
    hits = []
    own = ctx.facts.doc_number
    dated = ctx.facts.get("dated_on")
    for m in _DOCNO.finditer(ctx.text):
        problems = []
        if m.group("open") != "〔" or m.group("close") != "〕":
            problems.append(f"年份应用六角括号“〔〕”，不应用“{m.group('open')}{m.group('close')}”")
        if len(m.group("year")) != 4:
            problems.append("年份应写全四位")
        if m.group("di"):
            problems.append("顺序号前不加“第”字")
        if m.group("seq").startswith("0"):
            problems.append("顺序号不编虚位（如“3号”不写作“03号”）")
        is_own = own and m.group().strip() == own
        if is_own and dated and len(m.group("year")) == 4 and int(m.group("year")) != dated.year:
            problems.append(f"文号年份{m.group('year')}与成文日期年份{dated.year}不一致")
        if problems:
            org = _org_code(m.group("org"))
            seq = str(int(m.group("seq")))
            year = m.group("year") if len(m.group("year")) == 4 else ""
            fixed = f"{org}〔{year or '四位年份'}〕{seq}号"
            start = m.start("org") + len(m.group("org")) - len(org)
            hits.append(Hit(start, m.end(), {"number": ctx.text[start : m.end()], "problems": "；".join(problems), "fixed": fixed}))
    return hits


_USCC = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*(?:[（(][^）)]{0,10}[）)])?\s*[:：]?\s*(?P<code>[0-9A-Za-z]{15,20})(?![0-9A-Za-z])")


@check("uscc_checksum")
def uscc_checksum(ctx: Context, params: dict) -> list[Hit]:
    """A 统一社会信用代码 must pass its check digit (GB 32100-2015), via python-stdnum."""
    from stdnum.cn import uscc
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    hits = []
    for m in _USCC.finditer(ctx.text):
        code = m.group("code").upper()
        try:
            uscc.validate(code)
            continue
        except InvalidChecksum:
            problem = f"校验码错误（按 GB 32100-2015 计算，末位应为“{uscc.calc_check_digit(code[:-1])}”）"
        except InvalidLength:
            problem = f"位数不对（应为18位，实为{len(code)}位）"
        except (InvalidFormat, InvalidComponent):
            problem = "含有统一社会信用代码不允许的字符（不使用 I、O、S、V、Z）"
        hits.append(Hit(m.start("code"), m.end("code"), {"code": code, "problem": problem}))
    return hits
