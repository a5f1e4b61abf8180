"""An unfilled template: parties, prices or dates still blank. Its clauses can be
reviewed, but it is not a text anyone can sign yet, and the letter must say so."""

from __future__ import annotations

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.facts.infer import BLANK_PLACE


@check("unfilled_template")
def unfilled_template(ctx: Context, params: dict) -> list[Hit]:
    if not ctx.facts.template:
        return []
    places = [m.group() for m in BLANK_PLACE.finditer(ctx.text)]
    missing = [name for name, known in (("当事人名称", ctx.facts.buyer_name), ("合同价款", ctx.facts.get("contract_amount"))) if not known]
    return [Hit(None, None, {"count": str(len(places)), "missing": "、".join(missing) or "部分内容"})]
