"""Checks across the documents of a contract package: the contract's price against
the award notice's (AMOUNT.MATCH_AWARD), its signing date against the notice's date
(PROC.CT.SIGN_AFTER_AWARD), the supplier against the notice, the bid and the
license (CONTRACT.ESSENTIAL.PARTY_CONSISTENCY, see crossparty.py), and its deposit,
payment term and warranty against the tender (PROC.CT.MATCH_AWARD, see terms.py).

A check runs only when both documents state the fact; what the contract itself
already compares (an award it recites) is left to the single-document rules."""

from __future__ import annotations

import re

from reviewer.findings import Finding
from reviewer.package.evidence import Place, comparing_finding, fact_place, readable, sentences
from reviewer.package.model import FileResult, PackageResult
from reviewer.text.quantities import date_value, find_dates, find_money

SIGN_WITHIN_DAYS = 30  # 政府采购法第四十六条、招标投标法第四十六条："三十日内" includes the 30th day
_PERIODIC = re.compile(r"每年|每月|每季|年度|/年|/月|元/|单价|费率|下浮|折扣|优惠率")
_BARE_PRICE = re.compile(r"\s*[（(](?P<unit>万?元)[）)]\s*[:：]?\s*(?P<n>\d[\d,]*(\.\d+)?)(?![\d.])")
_AWARD_PRICE = re.compile(r"(中标|成交|中选)(价|金额|价格|总价|报价)(款)?|投标(总)?报价|以[^，。；]{2,40}?(中标|成交)")


def cross_findings(result: PackageResult, ruleset) -> list[Finding]:
    from reviewer.package.crossparty import party_findings
    from reviewer.package.terms import term_findings

    contracts = readable(result, "contract")
    if not contracts:
        return []
    contract = contracts[0]
    out: list[Finding] = []
    for award in readable(result, "award"):
        out += _price(contract, award, ruleset)
        out += _signing(contract, award, ruleset)
    out += party_findings(result, contract, ruleset)
    for tender in readable(result, "tender"):
        out += term_findings(contract, tender, ruleset)
    return out


# ------------------------------------------------------------------ price

def award_price(f: FileResult) -> tuple[float, Place] | None:
    """The price an award notice states; None when it states none, or a periodic
    price, or two different ones."""
    found: dict[float, Place] = {}
    for block, s in sentences(f):
        m = _AWARD_PRICE.search(s)
        if not m:
            continue
        money = [q.value for q in find_money(s[m.start() :]) if q.value and q.value >= 100]
        bare = _BARE_PRICE.match(s[m.end() :])  # "中标金额（万元）：12" in a table row
        if bare and not money:
            money = [float(bare.group("n").replace(",", "")) * (10000 if bare.group("unit") == "万元" else 1)]
        if not money:
            continue
        if _PERIODIC.search(s):
            return None
        found.setdefault(round(money[0], 2), Place(f, block, s[:160]))
    if len(found) != 1:
        return None
    return next(iter(found.items()))


def _price(contract: FileResult, award: FileResult, ruleset) -> list[Finding]:
    stated = award_price(award)
    here = fact_place(contract, "contract_amount")
    if stated is None or here is None:
        return []
    value, there = stated
    price = contract.review.facts.get("contract_amount")
    recited = contract.review.facts.get("award_amount")
    if abs(price - value) < 0.005 or (recited is not None and abs(recited - value) < 0.005 and abs(recited - price) >= 0.005):
        return []  # equal, or the contract recites this award itself (its own rule compares them)
    msg = (
        f"合同《{here.label}》载明的价款为{_yuan(price)}，中标（成交）通知书《{there.label}》载明的中标（成交）价为{_yuan(value)}，"
        f"相差{_yuan(abs(price - value))}；合同价款应当与招标（采购）文件、投标（响应）文件和中标（成交）通知书确定的一致。"
    )
    sug = f"按中标（成交）通知书载明的{_yuan(value)}填写合同价款；确有依法变更的，应附变更依据和审批手续。"
    return [comparing_finding("PACKAGE.AMOUNT.MATCH_AWARD", "AMOUNT.MATCH_AWARD", "合同价款与中标（成交）通知书不一致", msg, sug, here, there, ["TBLR-57#1", "GPL-46#1", "SPC-CONS-22"], ruleset)]


def _yuan(v: float) -> str:
    return f"{v:,.2f}元"


# ------------------------------------------------------------------ signing date

def award_date(f: FileResult) -> tuple[object, Place] | None:
    """The date the notice was issued: the award date its facts give, else the date
    standing at its foot (the last dated line)."""
    for key in ("award_on", "dated_on"):
        place = fact_place(f, key)
        if place is not None:
            return f.review.facts.get(key), place
    blocks = [b for b in f.review.doc.blocks if b.kind not in ("header", "footer") and b.text.strip()]
    for b in reversed(blocks[-5:]):
        text = b.text.strip()
        days = [d for q in find_dates(text) if q.extra.get("d") and (d := date_value(q))]
        if days and len(text) <= 24:
            return days[-1], Place(f, b.index, text)
    return None


def _signing(contract: FileResult, award: FileResult, ruleset) -> list[Finding]:
    issued = award_date(award)
    signed = contract.review.facts.get("signed_on")
    here = fact_place(contract, "signed_on")
    if issued is None or signed is None or here is None:
        return []
    day, there = issued
    if contract.review.facts.get("award_on") == day:
        return []  # the contract recites this notice: its own rule compares the dates
    days = (signed - day).days
    if 0 <= days <= SIGN_WITHIN_DAYS:
        return []
    if days < 0:
        problem = f"合同《{here.label}》的签订日期（{_cn(signed)}）早于中标（成交）通知书《{there.label}》的发出日期（{_cn(day)}）"
        title = "合同签订日期早于中标（成交）通知书"
    else:
        problem = f"中标（成交）通知书《{there.label}》于{_cn(day)}发出，合同《{here.label}》于{_cn(signed)}签订，相隔{days}日，超过{SIGN_WITHIN_DAYS}日"
        title = "未在中标（成交）通知书发出之日起30日内签订合同"
    msg = f"{problem}；按所列依据，合同应当自中标（成交）通知书发出之日起三十日内订立，且不得早于通知书。"
    sug = "核实中标（成交）通知书发出日期和合同签订日期；签订日期不得早于通知书发出日期，逾期签订的应在送审材料中说明原因。"
    return [comparing_finding("PACKAGE.SIGN_AFTER_AWARD", "PROC.CT.SIGN_AFTER_AWARD", title, msg, sug, here, there, ["GPL-46#1", "TBL-46#1"], ruleset)]


def _cn(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


__all__ = ["award_date", "award_price", "cross_findings"]
