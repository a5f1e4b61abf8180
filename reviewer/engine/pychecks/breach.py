"""Breach: liquidated damages likely to be cut as excessive."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check
from reviewer.text.quantities import cn_number


_DAILY = re.compile(r"每(?:逾期|迟延|延误|延迟)?(?:一|1)?(?:日|天)|按日|日(?:万分之|千分之|百分之)")
_MULTIPLE = re.compile(r"(?:费|价|款|金|额|租金)的?\s*(?P<n>\d+(?:\.\d+)?|[两二三四五六七八九十])\s*倍")
_CAP = re.compile(r"(?:累计|最高|总额|合计|上限|总计)[^。；]{0,12}(?:不超过|不得超过|不高于|以[^。；]{0,10}为限)|不超过[^。；]{0,10}(?:合同|总价|价款)[^。；]{0,6}的?\s*\d")


@check("penalty_level")
def penalty_level(ctx: Context, params: dict) -> list[Hit]:
    """Liquidated damages likely to be cut as excessive: a fixed share above 30% of the
    price, or a daily rate above 千分之一 with no cap."""
    hits = []
    # an overall cap anywhere ("违约金累计不超过合同价款的20%") covers every clause
    doc_cap = any(
        re.search(r"违约金|扣款|扣减", x.text) and re.search(r"(累计|合计|总额)[^。；]{0,10}不(得)?超过", x.text) and not re.search(r"本条|本款|前款|前[一二三两]项|上述|第（|每次|每日|每天|每逾期|每发现|每项", x.text)
        for x in ctx.sentences
    )
    for s in ctx.sentences_in(["breach"]):
        if not re.search(r"违约金|赔偿金|滞纳金|扣款|扣减|扣罚|罚款", s.text):
            continue
        same_block = ctx.sentences_of_block(s.block)
        clause_text = "".join(x.text for x in same_block)
        capped = bool(_CAP.search(clause_text)) or doc_cap
        uncapped = re.search(r"不设上限|不封顶|无上限|上不封顶", clause_text)
        if uncapped:  # the comment goes on the sentence that says so
            where = next(x for x in same_block if uncapped.group() in x.text)
            at = where.start + where.text.find(uncapped.group())
            hits.append(Hit(at, at + len(uncapped.group()), {"problem": f"违约金（扣款）约定“{uncapped.group()}”"}))
            continue
        daily = _DAILY.search(s.text)
        for q in ctx.quantities_in(s.start, s.end, "percent"):
            if daily and q.value > 0.1 + 1e-9 and not capped:
                hits.append(Hit(q.start, q.end, {"problem": f"按日计算的违约金比例为{q.text}（折合年化约{q.value * 365:g}%），且未约定累计上限"}))
                break
            if not daily and q.value > 30 + 1e-9 and re.search(r"合同(总)?(价|金额|价款|总额)|总价", s.text):
                hits.append(Hit(q.start, q.end, {"problem": f"违约金为合同价款的{q.text}，明显高于一般损失水平"}))
                break
        else:
            # "按当日服务费的5倍" — a multiple of the price of what was late, with no cap
            m = _MULTIPLE.search(s.text)
            n = cn_number(m.group("n")) if m else None
            if n and n >= float(params.get("max_multiple", 3)) and not capped and not re.search(r"定金|工资", s.text):
                hits.append(Hit(s.start + m.start(), s.start + m.end(), {"problem": f"违约金按“{m.group()}”计算（为对应价款的{n:g}倍），且未约定累计上限"}))
    return hits
