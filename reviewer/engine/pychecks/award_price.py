"""The contract price against the award price the same document states (中标价、成交价)."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.award import is_supplement
from reviewer.engine.pychecks.registry import check
from reviewer.text.quantities import Quantity, find_money

_PERIODIC = re.compile(r"每年|每月|每季|年度|各年|分年|/年|/月|元/|单价|费率|下浮|折扣|优惠率|综合单价")
_AWARD_PRICE = re.compile(r"(中标|成交)(价|金额|价格|总价|报价)(款)?\s*(为|是|：|:)?\s*(人民币)?")
_AWARD_AS = re.compile(r"以\s*(人民币)?\s*(?P<m>[^，。；]{2,40}?)\s*(的价格|的报价)?\s*(中标|成交)")
_PRICE_LABEL = re.compile(
    r"(?<!补充)(?<!变更)(?<![原施补])(合同(总)?(价|价款|总价|金额|价格)|签约合同价|总价款|合同总额"
    r"|(?<=本合同)(项下)?(?:(?!后|前|的|违约|保证|逾期|利息|押)[\u4e00-\u9fa5]){0,6}?(服务|管理|委托|技术|咨询|监理|设计|勘察|测绘|租赁|运维|维护)费(用)?(总额|合计|总计)?(?=\s*(为|是|：|:)))"
    r"(（[^）]{0,6}）)?\s*(为|是|：|:)?\s*(人民币)?"
)


def _money_after(text: str, at: int, span: int = 14) -> Quantity | None:
    for q in find_money(text[at : at + span + 40]):
        if q.start <= span and q.value and q.value >= 100:
            return q
    return None


def award_amount(ctx: Context) -> tuple[float | None, bool]:
    """(the award price stated in the text, whether it is uncertain): a price per
    year, a unit rate or a discount is not the contract's total."""
    found: list[float] = []
    for s in ctx.sentences:
        for m in list(_AWARD_PRICE.finditer(s.text)) + list(_AWARD_AS.finditer(s.text)):
            if m.re is _AWARD_AS:
                q = _money_after(m.group("m"), 0, 4)
            else:
                q = _money_after(s.text, m.end())
            if q is None:
                continue
            if m.re is _AWARD_PRICE and re.search(r"[%％的]|百分之|约|预计", s.text[m.end() : m.end() + q.start]):
                continue  # "金额为中标价的10%，即人民币4.26万元" is a share of the award price
            tail = s.text[m.end() : m.end() + (q.end if m.re is _AWARD_PRICE else 0) + 8]
            if _PERIODIC.search(s.text[max(0, m.start() - 8) : m.end()] + tail) or re.search(r"%|％", tail):
                return None, True
            found.append(q.value)
    fact = ctx.facts.get("award_amount")
    if fact and ctx.facts.source("award_amount") in ("user", "sidecar"):
        return fact, False
    values = {round(v, 2) for v in found}
    if fact:
        values.add(round(fact, 2))
    if len(values) > 1:
        return None, True
    return (values.pop() if values else None), False


def stated_prices(ctx: Context) -> list[tuple[float, int, int]]:
    """(value, start, end) of every amount the contract states as its own price."""
    out = []
    for s in ctx.sentences:
        for m in _PRICE_LABEL.finditer(s.text):
            q = _money_after(s.text, m.end())
            if q is None:
                continue
            gap = s.text[m.end() : m.end() + q.start]
            after = s.text[m.end() + q.end : m.end() + q.end + 6]
            if re.search(r"[%％的]|百分之|约|预计|估算|估计", gap) or _PERIODIC.search(gap + after) or re.search(r"暂定|暂估|暂列", s.text[max(0, m.start() - 4) : m.end() + q.start]):
                continue
            out.append((q.value, s.start + m.end() + q.start, s.start + m.end() + q.end))
    return out


# a price is a column or a row labelled with money: 单价, 合价, 金额, 总价, 费用, （元）, 万元
_PRICE_WORD = re.compile(r"价|金额|元|费|款")


def _table_header(ctx: Context, b) -> str:
    """The header of the table holding block b: its first row of cells, or, for a table
    laid out as lines of text, the first line of the run of lines ending at b."""
    blocks = ctx.doc.blocks
    if b.kind == "cell":
        rows = [x.row for x in blocks if x.kind == "cell" and x.table == b.table]
        return "\n".join(x.text for x in blocks if x.kind == "cell" and x.table == b.table and x.row == min(rows))
    i = b.index
    while i > 0 and i > b.index - 60 and blocks[i - 1].text.strip() and re.search(r"\S([\s　]{2,}|[｜|\t])\S", blocks[i - 1].text):
        i -= 1
    return blocks[i].text if i < b.index else ""


def _total_rows(ctx: Context) -> list[tuple[float, int, int]]:
    """The 合计 row of a price table (or a "合计：…" line): its largest number."""
    out = []
    for s in ctx.sentences:
        t = s.text
        if not re.match(r"\s*(合计|总计|合同总价)", t):
            continue
        b = ctx.doc.blocks[s.block]
        row = [x for x in ctx.doc.blocks if b.kind == "cell" and x.kind == "cell" and x.table == b.table and x.row == b.row] or [b]
        if not _PRICE_WORD.search("\n".join(x.text for x in row)) and not _PRICE_WORD.search(_table_header(ctx, b)):
            continue  # the total of quantities (lamps, persons, square metres) is no price
        for m in re.finditer(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d%％])|\d+\.\d{2}(?![\d%％])", "\n".join(x.text for x in row)):
            v = float(m.group().replace(",", ""))
            if v >= 100:
                out.append((v, s.start, s.end))
    return [max(out)] if out else []


def _fmt(v: float) -> str:
    return f"{v:,.2f}元"


@check("award_price")
def award_price(ctx: Context, params: dict) -> list[Hit]:
    """The contract price equals the award price stated in the same document."""
    if is_supplement(ctx):
        return []
    award, uncertain = award_amount(ctx)
    if not award or uncertain:
        return []
    prices = stated_prices(ctx) or _total_rows(ctx)
    if not prices:
        fact = ctx.facts.get("contract_amount")
        if fact and abs(fact - award) > 0.5:
            return [Hit(values={"contract": _fmt(fact), "award": _fmt(award), "diff": _fmt(abs(fact - award))})]
        return []
    for value, start, end in prices:
        if abs(value - award) > 0.5:
            return [Hit(start, end, {"contract": _fmt(value), "award": _fmt(award), "diff": _fmt(abs(value - award))})]
    return []
