"""A tender's bid validity, bid bond (amount or share, its validity) and performance bond,
read from its statements (reviewer/facts/tender.py `statements`: 前附表 rows and prose)."""

from __future__ import annotations

import re

from reviewer.facts.model import Fact, Facts
from reviewer.text.quantities import find_durations, find_money, find_percents

_BID_VALIDITY = re.compile(r"(投标|响应|报价|比选申请|申请)(文件)?(的)?有效期")
_BOND = re.compile(r"(投标|磋商|响应|谈判|询价|比选)保证金")
_BOND_VALIDITY = re.compile(r"(投标|磋商|响应|谈判|询价|比选)?保证金(的)?有效期|保函(的)?有效期")
_PERFORMANCE = re.compile(r"履约保证金|履约担保|履约保函")


def _days(text: str) -> int | None:
    for q in find_durations(text):
        if q.unit == "日":
            return int(q.value)
        if q.unit == "月":
            return int(q.value * 30)
    return None


def validity_and_bonds(stmts, facts: Facts) -> None:
    """bid_validity_days, bid_bond_validity_days, bid_bond_amount or bid_bond_percent, performance_bond."""
    put = facts.values.__setitem__
    for s in stmts:
        value = s.value
        bid_validity = _BID_VALIDITY.search(s.key)
        # the clause (between commas) that names the bid validity, not a bond's validity beside it
        clause = re.split(r"[，,]", s.key[bid_validity.start() :])[0] if bid_validity else ""
        lead = re.split(r"[，,]", s.key[: bid_validity.start()])[-1] if bid_validity else ""
        if "bid_validity_days" not in facts.values and bid_validity and "保证金" not in lead and not _BOND_VALIDITY.search(clause):
            rest = clause[len(bid_validity.group()) :][:40] if s.key == s.value else value[:40]
            days = _days(rest)
            if days and not re.match(r"\s*(截止|期满|届满)", rest):
                put("bid_validity_days", Fact(days, "text", value[:40], block=s.block))
        bv = _BOND_VALIDITY.search(value) if s.key == s.value else _BOND_VALIDITY.search(s.key)
        if bv and "bid_bond_validity_days" not in facts.values and not _PERFORMANCE.search(value[: bv.end()]):
            rest = value[bv.end() : bv.end() + 40] if s.key == s.value else value
            if re.match(r"[^。；]{0,6}(同|与)[^。；]{0,4}(投标|响应)有效期[^。；]{0,2}(一致|相同)?", rest) and facts.get("bid_validity_days"):
                put("bid_bond_validity_days", Fact(facts.get("bid_validity_days"), "text", value[:40], block=s.block))
            else:
                days = _days(re.split(r"[，,]", rest)[0])
                if days and not re.match(r"\s*(满|届满|截止|期满)", rest):
                    put("bid_bond_validity_days", Fact(days, "text", value[:40], block=s.block))
        bond = _BOND.search(s.key)
        if bond and "bid_bond_amount" not in facts.values and "bid_bond_percent" not in facts.values:
            rest = value[bond.end() : bond.end() + 50] if s.key == s.value else value[:50]
            if re.search(r"退还|利息|不予退还|没收|代理服务费|有效期", rest[:20]):
                continue
            if re.search(r"不收取|免收|无需|不需|^\s*(无|0\s*元)\s*($|[。；，])|(为|：|:)\s*(0|零)\s*元", rest):
                put("bid_bond_amount", Fact(0.0, "text", value[:40], block=s.block))
                continue
            pct = [q for q in find_percents(rest)]
            money = [q for q in find_money(rest) if q.value]
            if pct and (not money or pct[0].start < money[0].start):
                put("bid_bond_percent", Fact(pct[0].value, "text", value[:40], block=s.block))
            elif money:
                put("bid_bond_amount", Fact(money[0].value, "text", value[:40], block=s.block))
        perf = _PERFORMANCE.search(s.key)
        if perf and "performance_bond" not in facts.values:
            rest = value[perf.end() : perf.end() + 60] if s.key == s.value else value[:60]
            if re.search(r"不收取|无需|不需|免收|^\s*[:：]?\s*(无|不要求|否)\s*($|[。；，])", rest):
                put("performance_bond", Fact("不收取", "text", value[:40], block=s.block))
            elif find_percents(rest) or [q for q in find_money(rest) if q.value]:
                q = (find_percents(rest) or find_money(rest))[0]
                put("performance_bond", Fact(q.text, "text", value[:40], block=s.block))
