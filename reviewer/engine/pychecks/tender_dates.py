"""A tender's periods and deposits, from its facts (reviewer/facts/tender.py): the
time to bid, the sale period, clarifications, objections, the order of its dates,
the bid bond against the budget and the bid validity.

Periods count as 民法典第二百零一条 says: the first day is not counted, so a notice of
1 March and a deadline of 21 March leave 20 days (以上/不少于 include the number,
民法典第一千二百五十九条). A sale period "3月4日至3月11日" runs both named days.
Where the text does not show whether the project is 政府采购 or a tender that must
be held by law, the finding is a 提示 and says what it assumed.
"""

from __future__ import annotations

import datetime as dt
import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.facts.tender import statements
from reviewer.workdays import between as working_days_between
from reviewer.text.quantities import cn_number, find_money, find_percents

_STRICT = ("政府采购", "工程招投标")
_NOTE = "（文中未能确定本项目属于政府采购项目或依法必须招标的项目，本意见按其假定；如均不属于，本项不适用）"


def _get(ctx: Context, key: str):
    value = ctx.facts.get(key)
    if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    return value


def _severity(ctx: Context, regimes=_STRICT) -> tuple[str | None, str]:
    """None (the rule's own severity) when the governing law is known to apply; else 提示 with the assumption."""
    if _get(ctx, "procurement_regime") in regimes:
        return None, ""
    return "提示", _NOTE


def _governs(ctx: Context, params: dict) -> bool:
    """The rule's law governs the project (params regime), or the regime is unknown and this
    rule is the one that speaks then (params default)."""
    if "regime" not in params:
        return True
    regime = _get(ctx, "procurement_regime")
    return regime == params["regime"] or (regime not in _STRICT and bool(params.get("default")))


def _span(ctx: Context, key: str) -> tuple[int | None, int | None]:
    s = ctx.fact_sentence(key)
    return (s.start, s.end) if s else (None, None)


def _hit(ctx: Context, key: str, values: dict, related: tuple[str, ...] = (), severity: str | None = None) -> Hit:
    a, b = _span(ctx, key)
    spans = [sp for sp in (_span(ctx, k) for k in related) if sp[0] is not None and sp != (a, b)]
    return Hit(a, b, values, severity=severity, related=spans)


def _fmt(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@check("tender_bid_period")
def tender_bid_period(ctx: Context, params: dict) -> list[Hit]:
    """Too little time from the issue of the documents to the deadline for bids."""
    if _get(ctx, "procurement_method") not in params["methods"]:
        return []
    deadline = _get(ctx, "bid_deadline")
    start_key = "sale_from" if _get(ctx, "sale_from") else "notice_on"
    start = _get(ctx, start_key)
    if not (isinstance(deadline, dt.date) and isinstance(start, dt.date)):
        return []  # without both dates nothing can be measured
    if params.get("workdays"):
        length, unit = working_days_between(start, deadline), "个工作日"
        short = length < params["workdays"]
        limit = params["workdays"]
    else:
        length, unit = (deadline - start).days, "日"
        short = length < params["days"]
        limit = params["days"]
    if not short:
        return []
    severity, note = _severity(ctx, params.get("regimes", _STRICT))
    values = {"start": _fmt(start), "deadline": _fmt(deadline), "length": f"{length}{unit}", "limit": f"{limit}{unit}", "note": note}
    return [_hit(ctx, "bid_deadline", values, (start_key,), severity)]


@check("tender_sale_period")
def tender_sale_period(ctx: Context, params: dict) -> list[Hit]:
    """A sale (获取) period shorter than the law's minimum, both named days counted."""
    if not _governs(ctx, params) or _get(ctx, "procurement_method") not in params["methods"]:
        return []
    start, end = _get(ctx, "sale_from"), _get(ctx, "sale_to")
    relative = ctx.facts.get("sale_days")  # "自本公告发布之日起3日内" with no date for the notice
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)) and isinstance(relative, str):
        m = re.fullmatch(r"(\d+)(工作日|日)", relative)
        n, unit = int(m.group(1)), m.group(2)
        if params.get("workdays"):
            if unit != "工作日" and n >= params["workdays"]:
                return []  # calendar days may or may not hold enough working days
            length, limit, unit = n, params["workdays"], "个工作日"
        else:
            length, limit, unit = n, params["days"], "日"  # working days are at least as many days
        if length >= limit:
            return []
        severity, note = _severity(ctx)
        values = {"start": "公告发布之日", "end": f"其后第{length}{unit}", "length": f"{length}{unit}", "limit": f"{limit}{unit}", "note": note}
        return [_hit(ctx, "sale_days", values, (), severity)]
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)) or end < start:
        return []
    if params.get("workdays"):
        length, limit, unit = working_days_between(start, end, inclusive=True), params["workdays"], "个工作日"
    else:
        length, limit, unit = (end - start).days + 1, params["days"], "日"
    if length >= limit:
        return []
    severity, note = _severity(ctx)
    values = {"start": _fmt(start), "end": _fmt(end), "length": f"{length}{unit}", "limit": f"{limit}{unit}", "note": note}
    return [_hit(ctx, "sale_from", values, (), severity)]


_BIDDER_ASKS = re.compile(r"(投标人|供应商|潜在投标人|申请人)[^。；]{0,16}(要求|提出|申请|提交|疑问|问题)|(要求|申请)澄清|澄清要求|疑问")
_BEFORE = re.compile(r"(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<unit>个工作日|日|天)\s*(以)?前")
_EXTENDED = re.compile(r"顺延|延长|推迟|延后|相应延期")
_NO_EXTENSION = re.compile(r"(截止(时间|日期)?|开标(时间)?)[^。；]{0,6}不(予|作|再)?(顺延|延长|推迟)|不受[^。；]{0,8}(15|十五|5|五)日[^。；]{0,4}限制")


@check("tender_clarification")
def tender_clarification(ctx: Context, params: dict) -> list[Hit]:
    """The buyer may clarify or amend the documents later than the law allows, without moving the deadline."""
    if _get(ctx, "procurement_method") not in params["methods"] or not _governs(ctx, params):
        return []
    severity, note = _severity(ctx)
    hits = []
    for s in ctx.sentences:
        if not re.search(r"澄清|修改", s.text) or not re.search(r"截止", s.text) or _BIDDER_ASKS.search(s.text):
            continue
        paragraph = ctx.scope_text(s, "paragraph")
        wrong = _NO_EXTENSION.search(s.text)
        if not wrong:
            for m in _BEFORE.finditer(s.text):
                n = cn_number(m.group("n")) or 0
                if n < params["days"] and "截止" in s.text[max(0, m.start() - 14) : m.start()] and not _EXTENDED.search(paragraph):
                    wrong = m
                    break
        if wrong:
            hits.append(Hit(s.start + wrong.start(), s.start + wrong.end(), {"match": wrong.group(), "limit": params["days"], "note": note}, severity=severity))
    # a stated last day for the buyer's clarifications ("澄清（修改）文件发出截止时间：3月15日")
    clarify, deadline = _get(ctx, "clarify_by"), _get(ctx, "bid_deadline")
    stated = ctx.fact_sentence("clarify_by")
    if not hits and isinstance(clarify, dt.date) and isinstance(deadline, dt.date) and stated is not None:
        by_buyer = re.search(r"(发出|发布|修改)", stated.text) and not _BIDDER_ASKS.search(stated.text)
        if by_buyer and 0 <= (deadline - clarify).days < params["days"] and not _EXTENDED.search(ctx.scope_text(stated, "paragraph")):
            values = {"match": stated.text.strip()[:40], "limit": params["days"], "note": note}
            hits.append(Hit(stated.start, stated.end, values, severity=severity, related=[_span(ctx, "bid_deadline")]))
    return hits


_OBJECTION = re.compile(r"异议[^。；]{0,40}?(投标|响应|递交)?截止(时间|日期)?(?P<n>\d+|[一二三四五六七八九十]+)\s*日\s*(以)?前")
# an 异议 window counted from another event ("获取招标文件截止之日起2日内提出") ends before the
# statutory one (10 days before the deadline) whatever the dates
_OBJECTION_FROM = re.compile(
    r"异议[^。；]{0,40}?((获取|发售|领取|下载|购买|收到|取得)[^。；，]{0,8}(文件|公告|通知书)|(公告|文件)[^。；，]{0,4}(发布|发出|刊登))"
    r"[^。；，]{0,8}?(之日|之时|后)[起]?[^。；]{0,4}?"
    r"(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<unit>个工作日|工作日|日|天|小时)(以)?内"
)
_CHALLENGE = re.compile(r"(提出|提交|递交)[^。；]{0,6}质疑|质疑[^。；]{0,6}(应|须|应当|可以|可)?[^。；]{0,30}(提出|提交|递交)")
_CHALLENGE_TERM = re.compile(r"(之日|之时|后|起)[^。；]{0,6}?(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<unit>个工作日|工作日|日|天|小时)(以)?内")


@check("tender_objection_period")
def tender_objection_period(ctx: Context, params: dict) -> list[Hit]:
    """An 异议 window on the tender documents closing earlier than 10 days before the deadline,
    or a 质疑 window shorter than 7 working days."""
    hits = []
    for s in ctx.sentences:
        m = _OBJECTION.search(s.text)
        if m and "文件" in s.text and (cn_number(m.group("n")) or 0) > 10 and not re.search(r"资格预审", s.text):
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group(), "law": "招标投标法实施条例第二十二条（投标截止时间10日前）"}))
            continue
        m = _OBJECTION_FROM.search(s.text)
        if m and "文件" in s.text and not re.search(r"资格预审|答复|回复|结果|评标|开标", s.text[: m.end()]):
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group(), "law": "招标投标法实施条例第二十二条（投标截止时间10日前）"}))
            continue
        if not _CHALLENGE.search(s.text) or re.search(r"答复|回复|处理|投诉", s.text):
            continue
        t = _CHALLENGE_TERM.search(s.text)
        if not t:
            continue
        n = cn_number(t.group("n")) or 0
        short = n < 7 if "工作日" in t.group("unit") else (n < 9 if t.group("unit") in ("日", "天") else True)
        if short:
            hits.append(Hit(s.start + t.start(), s.start + t.end(), {"match": t.group(), "law": "政府采购法第五十二条（知道或者应知其权益受到损害之日起七个工作日内）"}))
    return hits


_ORDER = (
    # (earlier, later, the one the finding is placed on, what is wrong)
    ("sale_from", "sale_to", "sale_to", "文件发售（获取）的结束日期早于开始日期"),
    ("sale_to", "bid_deadline", "sale_to", "文件发售（获取）期在投标截止之后才结束"),
    ("notice_on", "bid_deadline", "notice_on", "投标截止日期早于公告发布日期"),
    ("bid_deadline", "opening_on", "opening_on", "开标日期早于投标截止日期"),
    ("clarify_by", "bid_deadline", "clarify_by", "澄清（修改）截止日期晚于投标截止日期"),
    ("notice_on", "sale_from", "sale_from", "文件发售（获取）早于公告发布"),
    ("bid_deadline", "result_on", "result_on", "中标（成交）结果公告日期早于投标（响应）截止日期"),
)
_CLOCK = re.compile(r"日\s*(上午|下午|晚上)?\s*(?P<h>\d{1,2})\s*(时|:|：|点)\s*(?P<m>\d{1,2})?")


def _clock(ctx: Context, key: str) -> tuple[int, int] | None:
    """The time of day a date fact states ("2026年5月18日9时30分", "下午2:30")."""
    s = ctx.fact_sentence(key)
    d = _get(ctx, key)
    if s is None or not isinstance(d, dt.date):
        return None
    for m in _CLOCK.finditer(s.text):
        if not re.search(rf"{d.day}\s*$", s.text[: m.start()]):
            continue
        h = int(m.group("h")) + (12 if m.group(2) == "下午" and int(m.group("h")) < 12 else 0)
        return h, int(m.group("m") or 0)
    return None


@check("tender_chronology")
def tender_chronology(ctx: Context, params: dict) -> list[Hit]:
    """The tender's own dates out of order."""
    hits = []
    for first, then, at, what in _ORDER:
        a, b = _get(ctx, first), _get(ctx, then)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and a > b:
            other = then if at == first else first
            hits.append(_hit(ctx, at, {"what": what, "first": _fmt(a), "then": _fmt(b)}, (other,)))
    # the same day, but the opening stated at an earlier hour than the deadline
    a, b = _get(ctx, "bid_deadline"), _get(ctx, "opening_on")
    if isinstance(a, dt.date) and a == b and ctx.fact_sentence("bid_deadline") != ctx.fact_sentence("opening_on"):
        ta, tb = _clock(ctx, "bid_deadline"), _clock(ctx, "opening_on")
        if ta and tb and tb < ta:
            when = lambda d, t: f"{_fmt(d)}{t[0]}时{t[1]:02d}分"  # noqa: E731
            hits.append(_hit(ctx, "opening_on", {"what": "开标（开启）时间早于投标（递交）截止时间", "first": when(a, ta), "then": when(b, tb)}, ("bid_deadline",)))
    return hits


_BOND_KEY = re.compile(r"(投标|磋商|响应|谈判|询价|比选)保证金")
_BOND_NOT_AMOUNT = re.compile(r"退还|返还|利息|不予退还|没收|代理服务费|赔偿|罚|违约")
_BIDDER_SPEAKS = re.compile(r"我方|我公司|我单位|本公司|本单位|本投标人|本人|随本函|(投标|响应|申请)函")
_CAP_WORDS = re.compile(r"(不超过|不得超过|不高于|最高|上限|以内|以下)\s*$")


def _base(ctx: Context) -> tuple[float | None, str]:
    values = [float(_get(ctx, k)) for k in ("budget_amount", "ceiling_amount", "estimate_amount") if _get(ctx, k)]
    return (max(values), _get(ctx, "limit_base") or "预算金额") if values else (None, "")


def _locate(ctx: Context, block: int, text: str) -> tuple[int, int] | None:
    for s in ctx.sentences_of_block(block):
        i = s.text.find(text)
        if i >= 0:
            return s.start + i, s.start + i + len(text)
    return None


@check("tender_bid_bond")
def tender_bid_bond(ctx: Context, params: dict) -> list[Hit]:
    """A bid bond above 2% of the base the document states (预算金额/最高限价/估算价); exactly 2% passes."""
    base, label = _base(ctx)
    hits = []
    seen: set[int] = set()
    for st in statements(ctx.doc):
        key = _BOND_KEY.search(st.key)
        if not key or st.block in seen or "履约" in st.key[: key.start() + 2]:
            continue
        if _BIDDER_SPEAKS.search(st.key[: key.start()]):
            continue  # a bidder's letter ("我方承诺…随本函提交投标保证金3万元") restates the amount it will lodge
        value = st.value[key.end() :] if st.key == st.value else st.value
        if _BOND_NOT_AMOUNT.search(value[:24]):
            continue
        for q in find_percents(value[:60]):
            if q.value > 2 + 1e-9:
                at = _locate(ctx, st.block, q.text)
                if at:
                    hits.append(Hit(at[0], at[1], {"value": q.text, "number": f"{q.value:g}", "base": "项目预算金额（估算价）"}))
                    seen.add(st.block)
                break
        else:
            if base is None:
                continue
            money = [q for q in find_money(value[:60]) if q.value and not _CAP_WORDS.search(value[: q.start])]
            if money and money[0].value / base * 100 > 2 + 1e-9:
                at = _locate(ctx, st.block, money[0].text)
                if at:
                    pct = money[0].value / base * 100
                    hits.append(Hit(at[0], at[1], {"value": money[0].text, "number": f"{pct:.2f}", "base": f"{label}{base:,.2f}元"}, related=[_span(ctx, "budget_amount")] if _span(ctx, "budget_amount")[0] is not None else []))
                    seen.add(st.block)
    return hits


@check("tender_bond_validity")
def tender_bond_validity(ctx: Context, params: dict) -> list[Hit]:
    """A bid bond valid for less time than the bid itself."""
    bond, bid = _get(ctx, "bid_bond_validity_days"), _get(ctx, "bid_validity_days")
    if not (isinstance(bond, (int, float)) and isinstance(bid, (int, float))) or bond >= bid:
        return []
    return [_hit(ctx, "bid_bond_validity_days", {"bond": f"{bond:g}日", "bid": f"{bid:g}日"}, ("bid_validity_days",))]


_PERF = re.compile(r"履约(保证金|保函|担保)")
# "中标人应在签订合同前向采购人提交履约保证金": the requirement itself, not a consequence
# ("应提交履约保证金而未提交"), a return term ("交纳了履约保证金后") or a reference to a table
_PERF_REQUIRED = re.compile(r"(中标人|中标供应商|成交供应商|成交人|乙方|承包人)[^。；，]{0,24}(应|须|应当|必须)[^。；，]{0,16}(提交|缴纳|交纳|提供|递交)履约(保证金|保函|担保)")
_PERF_NOT_RULE = re.compile(r"未提交|未按|不按|而未|拒绝|之后|后[^。；]{0,4}(退还|返还)|规定|约定|前附表|资料表|如|若")


@check("tender_performance_unstated")
def tender_performance_unstated(ctx: Context, params: dict) -> list[Hit]:
    """A performance bond required with no amount or rate anywhere in the document."""
    required = None
    for s in ctx.sentences:
        if not _PERF.search(s.text):
            continue
        if re.search(r"不收取|无需|不需|免收|不要求", s.text):
            return []
        if find_percents(s.text) or any(q.value for q in find_money(s.text)):
            return []
        m = _PERF_REQUIRED.search(s.text)
        if required is None and m and not _PERF_NOT_RULE.search(s.text):
            required = (s, m)
    if required is None:
        return []
    s, m = required
    return [Hit(s.start + m.start(), s.start + m.end(), {"match": m.group()})]
