"""Price adjustment: a works contract needs a price-adjustment mechanism."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check


_FIXED_PRICE = re.compile(r"(价格|单价|综合单价|合同价|总价|价款|费用|服务费)[^。；]{0,10}(不作|不予|不再|均不|一律不)[^。；]{0,6}调整|不因[^。；]{0,10}(价格|市场)[^。；]{0,10}(波动|变化|涨跌)[^。；]{0,4}(作|进行)?(任何)?调整")


_NO_ADJUSTMENT_AT_ALL = re.compile(r"不因[^。；]{0,10}(价格|市场)[^。；]{0,10}(波动|变化|涨跌)[^。；]{0,4}(作|进行)?(任何)?调整|不作任何调整")


@check("adjustment_clause")
def adjustment_clause(ctx: Context, params: dict) -> list[Hit]:
    """A works contract needs a price-adjustment mechanism; the finding sits on its
    "不作调整" clause when there is one, else on the document."""
    if any(ctx.any_match(params.get("mechanism", []), x.text) and not _NO_ADJUSTMENT_AT_ALL.search(x.text) for x in ctx.sentences):
        return []
    m = _FIXED_PRICE.search(ctx.text)
    return [Hit(m.start(), m.end())] if m else [Hit()]
