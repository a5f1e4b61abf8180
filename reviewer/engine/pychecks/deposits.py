"""Deposits: every deposit taken needs a term for giving it back."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check


_DEPOSIT_KINDS = {"履约保证金": r"履约保证金|履约保函|履约担保", "质量保证金": r"质量保证金|质保金|保修金"}


_RETURN = re.compile(r"(退还|返还|退回|释放)(?!的)")
# "按合同约定应退还的质量保证金" refers to a return term; a return term says within how many days.
_WHEN = re.compile(r"(\d+|[一二三四五六七八九十]+)\s*(个)?(工作日|日|天)(以)?内"
                   # a return "按第九条约定" takes the term of the clause it names
                   r"|(按|依|依照|按照|根据|适用)[^。；，]{0,6}第[一二三四五六七八九十百\d]+(条|款|项)[^。；，]{0,12}(退还|返还|退回|释放)"
                   # a guarantee returned when its stated validity runs out (有效期至验收合格之日后30日，期满后退还)
                   r"|有效期[^。；]{0,30}(\d+|[一二三四五六七八九十]+)\s*(个)?(工作日|日|天|个月)[^。；]{0,6}(期满|届满|到期)后")
# a deposit lodged as a guarantee or a bond is given back as that paper
_PAPER = r"保函|保证保险|保单"


@check("deposit_return")
def deposit_return(ctx: Context, params: dict) -> list[Hit]:
    """Every deposit the contract takes needs a term for giving it back."""
    hits = []
    for name, kind in _DEPOSIT_KINDS.items():
        taken = next(
            (m for m in re.finditer(rf"(缴纳|提交|交纳|预留|收取|扣留|提供)[^。；]{{0,10}}({kind})|({kind})[^。；]{{0,8}}(为|按|金额|比例)", ctx.text)
             if not re.search(r"(不|无需|免|不再|不另行)\S{0,3}$", ctx.text[max(0, m.start() - 5) : m.start()])),
            None,
        )
        if not taken:
            continue
        block = ctx.block_index(taken.start())
        article = ctx._article_keys[block] if block < len(ctx._article_keys) else None
        returns = [x for x in ctx.sentences if _RETURN.search(x.text) and (
            re.search(kind, x.text) or x.block == block
            or (re.search(_PAPER, x.text) and (re.search(_PAPER, ctx.text[taken.start() : taken.start() + 200]) or ctx._article_keys[x.block] == article)))]
        if any(_WHEN.search(x.text) for x in returns):
            continue
        # a return term without a time limit is the place to comment; else where it is taken
        at = (returns[0].start, returns[0].end) if returns else (taken.start(), taken.end())
        hits.append(Hit(at[0], at[1], {"deposit": name}))
    return hits
