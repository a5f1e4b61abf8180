"""Late payment: interest waived or below the 1-year LPR."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check


_LOW_RATE = re.compile(r"活期存款利率|放弃[^。；]{0,12}(?:利息|资金占用费)|不(?:计|支付|承担)[^。；]{0,6}(?:利息|资金占用费)|免(?:除|予|收)?[^。；]{0,4}利息|利息[^。；]{0,6}(?:不予|不作|不)支付")


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
