"""Late payment: interest waived or below the 1-year LPR."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check


_LOW_RATE = re.compile(r"活期存款利率|放弃[^。；]{0,12}(?:利息|资金占用费)|不(?:向[^。；，]{0,8})?(?:主张|要求|索要|请求|追究)[^。；]{0,10}(?:利息|资金占用费)|不(?:计|支付|承担)[^。；]{0,6}(?:利息|资金占用费)|免(?:除|予|收)?[^。；]{0,4}利息|利息[^。；]{0,6}(?:不予|不作|不)支付")


@check("late_payment_interest")
def late_payment_interest(ctx: Context, params: dict) -> list[Hit]:
    """The buyer's late-payment interest may not be waived or set below the 1-year LPR."""
    import datetime as dt

    from reviewer.text.quantities import find_percents

    day = ctx.facts.get("signed_on") or dt.date.today()
    lpr = _lpr_on(day, params.get("lpr", []))
    hits = []
    for s in ctx.sentences:
        if not re.search(r"(逾期|迟延|延迟|延期|拖延)[^。；]{0,8}(付款|支付|拨付)|(付款|支付|拨付)[^。；]{0,4}(逾期|迟延|延迟|延期)", s.text):
            continue
        m = _LOW_RATE.search(s.text)
        if m:
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"problem": f"约定“{m.group()}”"}))
            continue
        if lpr is None or not re.search(r"利息|资金占用费", s.text):
            continue
        for pattern, per_year in ((_ANNUAL, 1), (_DAILY_RATE, 365)):
            r = pattern.search(s.text)
            if not r:
                continue
            rates = find_percents(r.group("rate"))
            if rates and rates[0].value * per_year < lpr - 1e-9:
                annual = rates[0].value * per_year
                hits.append(Hit(s.start + r.start("rate"), s.start + r.end("rate"), {"problem": f"约定利率“{r.group('rate')}”（折合年利率约{annual:.2f}%），低于合同订立时1年期贷款市场报价利率{lpr:.2f}%"}))
                break
    return hits


_ANNUAL = re.compile(r"年(利)?率[^。；\d百千万]{0,4}(?P<rate>\d+(?:\.\d+)?\s*%|百分之[零一二三四五六七八九十点]+)")
_DAILY_RATE = re.compile(r"(每日|按日|日(利)?率|每天)[^。；\d百千万]{0,6}(?P<rate>万分之[零一二三四五六七八九十点\d.]+|千分之[零一二三四五六七八九十点\d.]+|\d+(?:\.\d+)?\s*‱|\d+(?:\.\d+)?\s*‰)")


def _lpr_on(day, table: list) -> float | None:
    import datetime as dt

    rate = None
    for since, value in sorted((dt.date.fromisoformat(str(a)), float(b)) for a, b in table):
        if since <= day:
            rate = value
    return rate


# A payment deadline written as a point in the calendar rather than a number of days:
# "于下一季度的最后一个月内拨付上一季度服务费" allows about three months after the quarter;
# "验收合格后…于2025年12月31日前结清" is measured from the latest day acceptance can fall on.
_NEXT_QUARTER = re.compile(r"(下一?|次|后一)(个)?季度的?(最后一个?月|末|季末|月底|最后一?[周旬])")
_PAY = re.compile(r"支付|付款|付清|拨付|结清|结付|给付")
_TRIGGER = re.compile(r"验收|交付|交货|完工|竣工|服务期满|期满|结束|完成")
_PERIOD = re.compile(r"(服务|作业|履行|合同|承包|劳务|工作|实施)(期限?|期间|时间)")
_CHECK_WINDOW = re.compile(r"(结束|期满|届满|完成|完工|交付)[^。；，]{0,4}(后|之日起)\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<u>个工作日|工作日|日|天)(以)?内[^。；]{0,20}验收")
_EXTENSION = re.compile(r"(顺延|延长)[^。；]{0,24}(不超过|最长|最多)\s*(?P<n>\d+)\s*(日|天)")


def _days(n: str, unit: str) -> int:
    """A short count of days (10, 十, 7个工作日 ~ 10 calendar days)."""
    if n.isdigit():
        value = int(n)
    else:
        digits = "一二三四五六七八九"
        tens, _, ones = n.partition("十")
        value = (digits.find(tens) + 1 if tens else 1) * 10 + (digits.find(ones) + 1 if ones else 0) if "十" in n else digits.find(n) + 1
    return value * 7 // 5 + 1 if "工作日" in unit else value


@check("sme_payment_calendar")
def sme_payment_calendar(ctx: Context, params: dict) -> list[Hit]:
    """Payment deadlines given as a calendar point that lies more than 60 days after the
    event payment waits for."""
    from reviewer.text.quantities import date_value

    hits = []
    payment = ctx.sentences_in(["payment"])
    for s in payment:
        m = _NEXT_QUARTER.search(s.text)
        # the buyer pays (an SME paying rent or a fee to the buyer is not protected here)
        if m and _PAY.search(s.text[m.end() : m.end() + 12]) and not re.search(r"(乙方|承租|供应商|承包人)[^。；，]{0,4}(应|须|需)?[^。；，]{0,4}(于|在)$", s.text[max(0, m.start() - 14) : m.start()]):
            hits.append(Hit(s.start + m.start(), s.start + m.end() + min(12, len(s.text) - m.end()),
                            {"match": s.text[m.start() : m.end() + 8], "problem": "下一季度的最后一个月或季末距上一季度结束约两至三个月"}))
    period_end = None
    for s in ctx.sentences:
        if not _PERIOD.search(s.text):
            continue
        dates = [date_value(q) for q in ctx.quantities_in(s.start, s.end, "date") if q.extra["d"]]
        dates = [d for d in dates if d]
        if len(dates) >= 2 and re.search(r"至|到", s.text):
            period_end = max(dates) if period_end is None else max(period_end, max(dates))
    if period_end is None:
        return hits
    window = _CHECK_WINDOW.search(ctx.text)
    lag = _days(window.group("n"), window.group("u")) if window else 0
    ext = _EXTENSION.search(ctx.text)
    # the period may run on by an agreed extension: measure from its latest end
    latest = period_end.toordinal() + lag + (int(ext.group("n")) if ext else 0)
    for s in payment:
        if not _TRIGGER.search(s.text) or re.search(r"质保|保修|保证金|违约|逾期", s.text):
            continue
        for q in ctx.quantities_in(s.start, s.end, "date"):
            day = date_value(q) if q.extra["d"] else None
            after = ctx.text[q.end : q.end + 16]
            if not day or not re.match(r"\s*(前|之前|以前)", after) or not _PAY.search(after):
                continue
            gap = day.toordinal() - latest
            if gap > 60:
                tail = re.match(r"\s*(前|之前|以前)[^。；，]{0,10}", after).group()
                hits.append(Hit(q.start, q.end + len(tail), {
                    "match": ctx.text[q.start : q.end] + tail,
                    "problem": f"履行期限{period_end.isoformat()}届满" + (f"（可顺延{ext.group('n')}日）" if ext else "") + (f"、其后{lag}日内验收" if lag else "")
                    + f"，付款最迟日仍在验收之后约{gap}日"}))
    return hits
