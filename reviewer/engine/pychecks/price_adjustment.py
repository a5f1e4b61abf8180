"""Price adjustment: a works contract, and a long goods or services contract whose
price is fixed for its whole term, needs a price-adjustment mechanism."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.text.quantities import date_value


_FIXED_PRICE = re.compile(r"(价格|单价|综合单价|合同价|总价|价款|费用|服务费)[^。；]{0,10}(不作|不予|不再|均不|一律不)[^。；]{0,6}调整|不因[^。；]{0,10}(价格|市场)[^。；]{0,10}(波动|变化|涨跌)[^。；]{0,4}(作|进行)?(任何)?调整")

# The contract's term: 期限/有效期 sentences with a date range or a length.
_TERM = re.compile(r"期限|有效期|服务期|合同期|供货期|履行期|协议期|运营期|托管期|延长期|租期|延长")
_RANGE_SEP = re.compile(r"\s*(起)?\s*(至|到|—|－|-|~|～)\s*")
_MONTHS = {"年": 12.0, "月": 1.0, "日": 1 / 30.4, "周": 7 / 30.4}


def _term_months(ctx: Context) -> float:
    """The longest term the document states, in months (0 when none is stated)."""
    return max(_term_months_all(ctx), default=0.0)


def _term_months_all(ctx: Context) -> list[float]:
    """Every term the document states (期限/有效期 sentences: a date range or a length), in months."""
    found: list[float] = []
    for s in ctx.sentences:
        if not _TERM.search(s.text):
            continue
        dates = [q for q in ctx.quantities_in(s.start, s.end, "date") if q.extra.get("d")]
        for a, b in zip(dates, dates[1:]):
            if not _RANGE_SEP.fullmatch(ctx.text[a.end : b.start]):
                continue
            da, db = date_value(a), date_value(b)
            if da and db and db > da:
                found.append(round(((db - da).days + 1) / 30.44, 2))
        for q in ctx.quantities_in(s.start, s.end, "duration"):
            before = ctx.text[max(s.start, q.start - 8) : q.start]
            if _TERM.search(before) and q.value:
                found.append(q.value * _MONTHS.get(q.unit, 0.0))
    return found


def _is_mechanism(ctx: Context, params: dict, text: str) -> bool:
    """A sentence sets an adjustment mechanism when it names one, unless all it says is
    that the price is not adjusted (a negation with no range beyond which it is)."""
    if not ctx.any_match(params.get("any", []), text):
        return False
    negation = ctx.any_match(params.get("unless", []), text)
    if not negation:
        return True
    rest = text[: negation.start()] + "，" + text[negation.end() :]
    return bool(ctx.any_match(params.get("beyond", []), rest)) and bool(ctx.any_match(params.get("any", []), rest))


@check("adjustment_clause")
def adjustment_clause(ctx: Context, params: dict) -> list[Hit]:
    """No price-adjustment mechanism; the finding sits on the "不作调整" clause when there
    is one, else on the document. With `fixed_term_months` (goods, services) only a
    price declared fixed (`find`) over a term longer than that is reported."""
    if any(_is_mechanism(ctx, params, x.text) for x in ctx.sentences):
        return []
    fixed = next(((x, m) for x in ctx.sentences if (m := ctx.any_match(params.get("find", []), x.text))), None)
    months = params.get("fixed_term_months")
    if months is not None:
        # goods and services: only a price declared fixed over a term longer than
        # `months` (0.5: 2026-03-01 to 2027-02-28 is not longer than 12 months). A long
        # contract that says nothing on price is not reported: in blind sets it was as
        # often a deliberate fixed fee as a gap.
        if fixed and _term_months(ctx) > months + 0.5:
            x, m = fixed
            return [Hit(x.start + m.start(), x.start + m.end(), {"months": str(round(_term_months(ctx))), "match": m.group()})]
        return []
    m = _FIXED_PRICE.search(ctx.text)
    if m:
        return [Hit(m.start(), m.end())]
    if fixed:
        x, m = fixed
        return [Hit(x.start + m.start(), x.start + m.end())]
    return [Hit()]
