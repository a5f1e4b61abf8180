"""The contract's performance bond rate, payment term and warranty against what the
tender (招标/采购文件) states, where both state them (PROC.CT.MATCH_AWARD).

A tender often states a bound rather than a value: "质保期不少于2年" is a minimum
(a longer warranty offered by the bidder is no departure), "履约保证金不超过合同金额
的10%" and "验收合格后30日内支付" are maxima. A document stating two different values
for the same term is left alone (unknown, not false)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.findings import Finding
from reviewer.package.evidence import Place, comparing_finding, sentences
from reviewer.package.model import FileResult
from reviewer.text.quantities import find_durations, find_percents

_MIN = re.compile(r"不少于|不低于|不短于|至少|以上|起码")
_MAX = re.compile(r"不超过|不高于|不得超过|不大于|最高|最多|以内|以下|之内|内")
_PAY = re.compile(r"支付|付清|付款|拨付|结清")
_PENALTY = re.compile(r"违约金|逾期|利息|罚|赔偿")
_EVENTS = {
    "验收合格后": r"验收合格|验收通过|终验",
    "收到发票后": r"收到[^，。；]{0,8}发票",
    "合同签订后": r"(合同|协议)(签订|签署|生效)",
    "交付后": r"到货|交付|交货",
    "竣工后": r"竣工",
}


@dataclass
class Term:
    what: str  # 履约保证金比例, 验收合格后付款期限, 质量保证期
    value: float
    unit: str  # % | 日 | 工作日 | 月
    bound: str  # exact | min | max
    place: Place

    def shown(self) -> str:
        n = f"{self.value:g}"
        years = f"{self.value / 12:g}年" if self.unit == "月" and self.value % 12 == 0 else f"{n}个月"
        text = {"%": f"{n}%", "月": years}.get(self.unit, f"{n}{self.unit}")
        return {"min": f"不少于{text}", "max": f"不超过{text}"}.get(self.bound, text)


def _bound(before: str, after: str) -> str:
    if _MIN.search(before[-6:]) or _MIN.match(after):
        return "min"
    if _MAX.search(before[-6:]) or _MAX.match(after):
        return "max"
    return "exact"


def stated_terms(f: FileResult) -> dict[str, Term | None]:
    """Each term the document states once (None when it states two values)."""
    found: dict[str, list[Term]] = {}
    for block, s in sentences(f):
        place = Place(f, block, s[:160])
        m = re.search(r"履约(保证金|担保|保函)", s)
        if m and not re.search(r"投标保证金|退还|返还|利息", s[m.end() : m.end() + 12]):
            pct = next((q for q in find_percents(s[m.end() :]) if q.start <= 30), None)
            at = m.end() + pct.start if pct is not None else 0
            if pct is None:  # "按合同总价的10%提交履约保证金": the rate before the word
                lo = max(0, m.start() - 25)
                before = [q for q in find_percents(s[lo : m.start()]) if not re.search(r"[，,；]", s[lo + q.end : m.start()])]
                pct, at = (before[-1], lo + before[-1].start) if before else (None, 0)
            if pct is not None:
                found.setdefault("履约保证金比例", []).append(Term("履约保证金比例", pct.value, "%", _bound(s[:at], s[at + len(pct.text) :]), place))
        m = re.search(r"质保期|保修期|质量保证期|免费保修期|免费质保期|质保服务期|质保|保修", s)
        if m:
            q = next((q for q in find_durations(s[m.end() :]) if q.start <= 12 and q.unit in ("年", "月")), None)
            if q is not None:
                months = q.value * 12 if q.unit == "年" else q.value
                found.setdefault("质量保证期", []).append(Term("质量保证期", months, "月", _bound(s[: m.end() + q.start], s[m.end() + q.end :]), place))
        if _PAY.search(s) and not _PENALTY.search(s):
            for label, pattern in _EVENTS.items():
                e = re.search(pattern, s)
                if not e:
                    continue
                q = next((q for q in find_durations(s[e.end() :]) if q.start <= 16 and q.unit in ("日", "工作日")), None)
                if q is not None and not re.search(r"%|％|百分之", s[e.end() : e.end() + q.start]) and _PAY.search(s[e.end() + q.end : e.end() + q.end + 12]):
                    at = e.end() + q.start
                    tail = s[e.end() + q.end :]
                    found.setdefault(f"{label}付款期限", []).append(Term(f"{label}付款期限", q.value, q.unit, _bound(s[:at], tail), place))
    return {k: v[0] if len({(t.value, t.unit) for t in v}) == 1 else None for k, v in found.items()}


def _departs(contract: Term, tender: Term, what: str) -> bool:
    if contract.unit != tender.unit:
        return False  # 日 against 工作日: not compared here
    if what == "质量保证期":  # a longer warranty is the bidder's offer, never a departure
        return contract.value < tender.value
    if tender.bound == "max":
        return contract.value > tender.value
    if tender.bound == "min":
        return contract.value < tender.value
    return contract.value != tender.value


def term_findings(contract: FileResult, tender: FileResult, ruleset) -> list[Finding]:
    ours, theirs = stated_terms(contract), stated_terms(tender)
    out = []
    for what, c in ours.items():
        t = theirs.get(what)
        if c is None or t is None or not _departs(c, t, what):
            continue
        msg = (
            f"合同《{c.place.label}》约定的{what}为{c.shown()}，招标（采购）文件《{t.place.label}》载明{t.shown()}，二者不一致。"
            "合同的标的、价款、质量、履行期限、付款方式等实质性内容应当与招标（采购）文件和中标人的投标（响应）文件一致。"
        )
        sug = f"按招标（采购）文件载明的{what}（{t.shown()}）修改合同；确需变更的，应说明依据，并不得背离招标（采购）文件的实质性内容。"
        out.append(comparing_finding("PACKAGE.MATCH_AWARD", "PROC.CT.MATCH_AWARD", f"合同的{what}与招标（采购）文件不一致", msg, sug, c.place, t.place, ["TBLR-57#1", "GPL-46#1", "TBL-46#1"], ruleset))
    return out
