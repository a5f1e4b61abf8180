"""A supplementary agreement's share of the original contract (政府采购法第四十九条),
and the reminder of what follows signing a government procurement contract."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.award import is_supplement
from reviewer.engine.pychecks.award_price import _fmt, _money_after
from reviewer.engine.pychecks.registry import check

_ORIGINAL = re.compile(r"原合同(的)?(总)?(金额|价款|总价|价格|采购金额|合同价)\s*(为|是|：|:)?\s*(人民币)?")
_ORIGINAL_LATER = re.compile(r"(合同(总)?(金额|价款|总价|价格)|采购金额|签约合同价)\s*(为|是|：|:)\s*(人民币)?")
_ADDED = re.compile(r"(追加|增加|新增|补充|增购|添购)[^。；，]{0,20}?(金额|价款|采购金额|合同价|费用|总价)\s*(为|是|：|:|合计|共计)?\s*(人民币)?")
_EXTENDED = re.compile(r"(延长|延续|续展|顺延)\s*(?P<n>[0-9一二三四五六七八九十两]+)\s*个?(?P<u>月|年)")
_EXTENSION_TOTAL = re.compile(r"(延长期|延续期|续期|延期)(间|内)?(的)?[^。；，\d]{0,6}?(服务费|费用|价款|金额|租金)(合计|共计|总额|总计)?\s*(为|是|：|:)?\s*(人民币)?")
_MONTHLY = re.compile(r"每月[^。；，\d]{0,8}?")


def _original_amount(ctx: Context) -> float | None:
    for s in ctx.sentences:
        m = _ORIGINAL.search(s.text)
        q = _money_after(s.text, m.end()) if m else None
        if q:
            return q.value
    for s in ctx.sentences:  # "原合同……，合同金额为人民币1,152,000.00元（每月96,000.00元）"
        if "原合同" not in s.text:
            continue
        for m in _ORIGINAL_LATER.finditer(s.text):
            q = _money_after(s.text, m.end())
            if q and not re.search(r"[%％的]|百分之|每|/", s.text[m.end() : m.end() + q.start]):
                return q.value
    return None


def _extension(ctx: Context) -> tuple | None:
    """A supplement that prolongs the original term (延长6个月) adds the fee of the
    added period: (value, start, end, text) at the prolonging words."""
    from reviewer.text.quantities import cn_number

    for s in ctx.sentences:
        m = _EXTENDED.search(s.text)
        if not m or not re.search(r"期限|期间|服务期|租期|合同期|履行期|期", s.text[max(0, m.start() - 8) : m.start()]):
            continue
        n = cn_number(m.group("n")) if not m.group("n").isdigit() else int(m.group("n"))
        months = (n or 0) * (12 if m.group("u") == "年" else 1)
        if not months:
            continue
        total = monthly = None
        for t in ctx.sentences:
            e = _EXTENSION_TOTAL.search(t.text)
            q = _money_after(t.text, e.end()) if e else None
            if q and total is None and not re.search(r"每|/", t.text[e.end() : e.end() + q.start]):
                total = q.value
            w = _MONTHLY.search(t.text)
            q = _money_after(t.text, w.end(), 20) if w else None
            if q and monthly is None and re.search(r"服务费|费用|租金|价款|金额|单价|标准", t.text[max(0, w.start() - 20) : w.end()]):
                monthly = q.value
        value = total if total else (monthly * months if monthly else None)
        if value:
            where = f"{m.group()}（延长期费用{_fmt(value)}）"
            return (value, s.start + m.start(), s.start + m.end(), where)
    return None


def _added_amount(ctx: Context) -> tuple | None:
    """(value, start, end, text) of the amount a supplement adds: stated (追加金额为…),
    or the fee of the period it adds to the original term."""
    for s in ctx.sentences:
        for m in _ADDED.finditer(s.text):
            if re.search(r"原合同", s.text[max(0, m.start() - 4) : m.end()]):
                continue
            q = _money_after(s.text, m.end())
            if q:
                return (q.value, s.start + m.end() + q.start, s.start + m.end() + q.end, q.text)
    return _extension(ctx)


@check("add_on_amount")
def add_on_amount(ctx: Context, params: dict) -> list[Hit]:
    """A 补充合同/补充协议 that states the original contract amount and the amount it
    adds (or the fee of the period it adds to the original term): the added amount
    may not exceed 10% of the original (GPL-49)."""
    if not is_supplement(ctx):
        return []
    original = _original_amount(ctx)
    added = _added_amount(ctx)
    if not (original and added):
        return []
    share = added[0] / original * 100
    limit = float(params.get("max", 10))
    if share <= limit + 1e-9:
        return []
    values = {"value": added[3], "number": f"{share:.2f}", "original": _fmt(original), "quantity": ""}
    goods = _added_goods(ctx)
    if goods is None:
        return [Hit(added[1], added[2], values)]
    # the finding stands where the supplement decides what it adds, and quotes the amount
    s, q_share = goods
    if q_share is not None:
        values["quantity"] = f"（追加数量为原合同数量的{q_share:g}%）"
    return [Hit(s.start, s.end, values, related=[(added[1], added[2])])]


_GOODS_ADDED = re.compile(
    r"(追加|增购|添购|加购|增加采购)[^。；，\d]{0,20}?(?P<n>\d[\d,]*)\s*(?P<u>套|台|件|个|张|把|辆|组|批|块|只|株|吨|米|平方米|册|份|盏|部)(?![\u4e00-\u9fa5])"
)
_SHARE_OF_ORIGINAL = re.compile(r"原(合同|采购)[^。；，]{0,12}?(数量|总量|规模)[^。；，]{0,6}?的\s*(?P<p>\d+(\.\d+)?)\s*[%％]")


def _added_goods(ctx: Context):
    """(sentence, share of the original quantity or None) where a supplement states
    the goods it adds ("追加单人课桌椅180套，为原合同采购数量的15%"); the share is the
    stated one, or the added quantity over the original quantity of the same unit."""
    for s in ctx.sentences:
        m = _GOODS_ADDED.search(s.text)
        if not m or re.search(r"原合同", s.text[max(0, m.start() - 4) : m.start()]):
            continue
        stated = _SHARE_OF_ORIGINAL.search(s.text)
        if stated:
            return s, float(stated.group("p"))
        n = float(m.group("n").replace(",", ""))
        for t in ctx.sentences:
            if "原合同" not in t.text or t is s:
                continue
            o = re.search(r"(\d[\d,]*)\s*" + m.group("u") + r"(?![\u4e00-\u9fa5]{0,2}(单价|价))", t.text)
            if o and float(o.group(1).replace(",", "")) > n:
                return s, round(n / float(o.group(1).replace(",", "")) * 100, 2)
        return s, None
    return None


@check("gp_aftercare")
def gp_aftercare(ctx: Context, params: dict) -> list[Hit]:
    """A government procurement contract: a reminder to publish and file it after
    signing (catalogue: a post-signing reminder), saying which of the two the
    contract itself leaves out."""
    items: dict = params.get("items") or {}
    missing = [name for name, patterns in items.items() if not ctx.any_match(patterns, ctx.text)]
    if missing:
        situation = f"未约定{'、'.join(missing)}"
    else:
        situation = "合同已约定公告和备案，签订后请按期办理"
    return [Hit(values={"situation": situation})]
