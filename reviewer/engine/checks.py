"""The closed set of check kinds. Each returns hits; the runner makes findings.

Offsets in a Hit are in the normalised text (Context.text).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from reviewer.engine.context import Context
from reviewer.engine.schema import ConditionalCheck, ConsistencyCheck, ForbidCheck, RequireCheck, ThresholdCheck


@dataclass
class Hit:
    start: int | None = None  # None: the finding is about the whole document (a missing clause)
    end: int | None = None
    values: dict = field(default_factory=dict)
    severity: str | None = None  # overrides the rule's severity (python checks)
    related: list = field(default_factory=list)  # (start, end) of other places the finding compares


def run_forbid(check: ForbidCheck, ctx: Context) -> list[Hit]:
    if check.unless_document and ctx.any_match(check.unless_document, ctx.text):
        return []
    patterns = ctx.present(check.patterns)
    if not patterns:
        return []
    hits = []
    for s in ctx.sentences_in(check.topics):
        m = ctx.any_match(patterns, s.text)
        if not m:
            continue
        if check.near and not ctx.any_match(check.near, s.text):
            continue
        if check.unless:
            if ctx.any_match(check.unless, ctx.scope_text(s, check.unless_in)):
                continue  # e.g. a penalty restated from the upper law cited earlier in the paragraph
        hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group()}))
    return hits


def _present(ctx: Context, patterns: list[str], topics: list[str]) -> bool:
    if patterns and ctx.any_match(patterns, ctx.text):
        return True
    if topics:
        wanted = set(topics)
        return any(t & wanted for t in ctx.topics)
    return False


def run_require(check: RequireCheck, ctx: Context) -> list[Hit]:
    hits = []
    if (check.any or check.topics) and not _present(ctx, check.any, check.topics):
        hits.append(Hit(values={"missing": ""}))
    missing = [item.name for item in check.items if not ctx.any_match(item.any, ctx.text)]
    if check.combine and missing:
        hits.append(Hit(values={"missing": "、".join(missing)}))
    else:
        hits.extend(Hit(values={"missing": name}) for name in missing)
    return hits


def _as_days(q) -> float:
    return {"日": 1, "工作日": 7 / 5, "周": 7, "月": 30, "年": 365}[q.unit] * q.value


def _fragments_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The comma-separated fragment holding text[start:end] and the one after it:
    "剩余3%作为质量保证金" is about the deposit, "支付至结算价款的97%" before it is not."""
    lo = max(text.rfind(c, 0, start) for c in "，,：:") + 1
    cuts = [i for i, c in enumerate(text) if c in "，," and i >= end]
    hi = cuts[1] if len(cuts) > 1 else len(text)
    # "提交履约保证金，甲方于15日内支付合同总价的30%作为预付款": the next fragment is a payment
    if cuts and _OTHER_PAYMENT.search(text, cuts[0], hi):
        hi = cuts[0]
    return lo, hi


_OTHER_PAYMENT = re.compile(r"预付款|进度款|结算款|尾款|首付款|(支付|付)[^，,]{0,12}(价款|合同总价|合同价|合同金额)")


def run_threshold(check: ThresholdCheck, ctx: Context) -> list[Hit]:
    base = ctx.facts.get(check.relative_to) if check.relative_to else None
    if check.relative_to and not base:
        return []
    find = ctx.present(check.find)
    if not find:
        return []
    hits = []
    for s in ctx.sentences_in(check.topics):
        m = ctx.any_match(find, s.text)
        if not m or (check.unless and ctx.any_match(check.unless, ctx.scope_text(s, check.unless_in))):
            continue
        if check.after:
            a = ctx.any_match(check.after, s.text)
            if not a:
                continue
            lo, hi = s.start + a.start(), s.end
        else:
            lo, hi = _fragments_around(s.text, m.start(), m.end())
            lo, hi = s.start + lo, s.start + hi
        kind = "money" if check.quantity == "money" else check.quantity
        for q in ctx.quantities_in(lo, hi, kind):
            if check.followed_by and not any(ctx.regex(p).match(ctx.text, q.end, s.end) for p in check.followed_by):
                continue  # "提前三个月书面通知" is a notice period, not a time to pay
            if check.quantity == "money" and check.relative_to:
                value = round(q.value / base * 100, 4)
            elif check.quantity == "duration":
                value = _as_days(q)
            else:
                value = q.value
            if (check.max is not None and value > check.max + 1e-9) or (check.min is not None and value < check.min - 1e-9):
                hits.append(Hit(q.start, q.end, {"value": q.text, "number": f"{round(value, 2):g}", "limit": check.max if check.max is not None else check.min, "base": base}))
                break
    return hits


def run_conditional(check: ConditionalCheck, ctx: Context) -> list[Hit]:
    if check.scope == "document":
        if ctx.any_match(check.then, ctx.text):
            return []
        for s in ctx.sentences_in(check.topics):  # per sentence, so a match never spans lines
            m = ctx.any_match(check.if_, s.text)
            if m:
                return [Hit(s.start + m.start(), s.start + m.end(), {"match": m.group()})]
        return []
    if_ = ctx.present(check.if_)
    if not if_:
        return []
    hits = []
    for s in ctx.sentences_in(check.topics):
        m = ctx.any_match(if_, s.text)
        if not m:
            continue
        scope_text = ctx.scope_text(s, {"clause": "paragraph"}.get(check.scope, check.scope))
        if not ctx.any_match(check.then, scope_text):
            hits.append(Hit(s.start + m.start(), s.start + m.end(), {"match": m.group()}))
    return hits


def run_consistency(check: ConsistencyCheck, ctx: Context) -> list[Hit]:
    from reviewer.engine import pychecks

    return pychecks.CONSISTENCY[check.of](ctx, {})
