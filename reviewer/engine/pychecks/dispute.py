"""Disputes: arbitration or litigation left to a later choice, the chosen court."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check


_CHOOSE = re.compile(r"(申请方|申请人|提起方|任何一方|任一方|一方|起诉方|守约方|甲方|乙方)[^。；]{0,6}(选定|选择|自行选择|择一)")


@check("arb_or_litigation_choice")
def arb_or_litigation_choice(ctx: Context, params: dict) -> list[Hit]:
    """"由申请方选定的方式解决：（1）仲裁（2）诉讼" leaves arbitration or court to a
    party's later choice: the arbitration agreement is void, as with 或裁或诉."""
    hits = []
    for s in ctx.sentences_in(["dispute"]):
        m = _CHOOSE.search(s.text)
        if not m:
            continue
        window = ctx.text[s.start : s.end + 200]
        if re.search(r"仲裁", window) and re.search(r"诉讼|起诉|人民法院", window):
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group()}))
    return hits


_COURT = re.compile(r"(?P<place>[\u4e00-\u9fa5]{2,14}?)人民法院")
# "甲方所在地" names a party's seat; "乙方母公司所在地" does not.
_RELATIVE_PLACE = re.compile(
    r"(甲方|乙方|原告|被告|采购人|供应商|发包人|承包人|出租人|承租人|出租方|承租方|买方|卖方|委托人|受托人)(所在地|住所地)"
    r"|合同签订地|签订地|履行地|工程所在地|项目所在地|房屋所在地|不动产所在地|标的物所在地"
)


def _place_stem(place: str) -> str:
    place = re.split(r"[向由在至交归到的]", place)[-1]
    parts = re.findall(r"[\u4e00-\u9fa5]+?(?:自治州|自治县|省|市|县|区|州|旗)", place)
    if not parts:
        return ""  # "起诉人民法院" names no place
    last = parts[-1]
    return re.sub(r"(自治州|自治县|省|市|县|区|州|旗)$", "", last)


_HIGHER_COURT = re.compile(r"(中级|高级|最高)人民法院$")


def _level_problem(ctx: Context, court: str, params: dict) -> str:
    """A court above the basic level chosen for a claim far below the amount from which
    it hears first-instance civil cases: the agreement breaks level jurisdiction.
    Technology (IP) disputes may be assigned to intermediate courts: not judged here."""
    if not _HIGHER_COURT.search(court) or ctx.facts.get("contract_kind") == "technology":
        return ""
    amount = ctx.facts.get("contract_amount")
    floor = float(params.get("intermediate_from", 1e8))
    if not amount or amount >= floor:
        return ""
    return (f"合同金额{amount / 1e4:,.2f}万元，远低于中级人民法院管辖第一审民事案件的诉讼标的额标准（{floor / 1e8:g}亿元以上），"
            "此类纠纷应由基层人民法院一审，协议管辖不得违反级别管辖")


@check("jurisdiction")
def jurisdiction(ctx: Context, params: dict) -> list[Hit]:
    """A chosen court must have a real connection with the dispute; construction and
    real-property lease disputes belong to the court where the property lies."""
    hits = []
    exclusive = ctx.facts.get("contract_kind") == "construction" or (
        ctx.facts.get("contract_kind") == "lease" and re.search(r"房屋|用房|厂房|场地|门面|商铺", ctx.facts.title or "")
    )
    for s in ctx.sentences_in(["dispute"]):
        if not re.search(r"起诉|诉讼|管辖", s.text):
            continue
        for m in _COURT.finditer(s.text):
            before = s.text[max(0, m.start() - 4) : m.start() + len(m.group("place"))]
            relative = _RELATIVE_PLACE.search(before)
            if exclusive and relative and re.search(r"(所在地|住所地)$", relative.group()) and not re.search(r"工程|项目|房屋|不动产|标的物", relative.group()):
                hits.append(Hit(s.start + m.start(), s.start + m.end(), {"court": m.group(), "problem": "本合同纠纷属于专属管辖，应由工程（不动产）所在地人民法院管辖，不能约定由一方住所地法院管辖"}))
                continue
            level = _level_problem(ctx, m.group(), params)
            if level:
                court = re.split(r"[向由在至交归到的可]", m.group())[-1]
                hits.append(Hit(s.start + m.end() - len(court), s.start + m.end(), {"court": court, "problem": level}))
                continue
            if relative or re.search(r"有管辖权|当地", m.group("place")):
                continue
            stem = _place_stem(m.group("place"))
            if len(stem) < 2:
                continue
            rest = ctx.text[: s.start] + ctx.text[s.end :]
            if exclusive:
                site = re.search(r"(工程|项目|建设|房屋|租赁物|坐落)(地点|地址|位置|坐落)?[^。；\n]{0,6}[:：为于在]\s*(?P<where>[^。；\n]{2,40})", ctx.text)
                where = site.group("where") if site else ctx.facts.title
                if stem not in (where or ""):
                    hits.append(Hit(s.start + m.start(), s.start + m.end(), {"court": m.group(), "problem": "本合同纠纷属于专属管辖，应由工程（不动产）所在地人民法院管辖"}))
                continue
            # the parties' names carry their place too (宣汉县教育局), and a tender's draft
            # contract knows its buyer from the rest of the tender
            known = rest + (ctx.facts.buyer_name or "") + (ctx.facts.supplier_name or "")
            if stem not in known:
                hits.append(Hit(s.start + m.start(), s.start + m.end(), {"court": m.group(), "problem": "约定的法院所在地与双方住所地、合同签订地、履行地等均无实际联系"}))
    return hits
