"""Clauses compared across the whole contract: the same obligation stated twice with
different numbers (two late-payment rates, two warranty periods) is one finding that
quotes both places, since neither party can tell which one binds."""

from __future__ import annotations

import re

from reviewer.engine.checks import Hit, _as_days
from reviewer.engine.context import Context
from reviewer.engine.pychecks.registry import check

_DAILY_AFTER = re.compile(r"^\s*(/日|/天|每日|每天)")


def _values(ctx: Context, s, kind: str, daily: bool) -> list:
    out = []
    for q in ctx.quantities_in(s.start, s.end, kind):
        if daily:
            before = ctx.text[max(s.start, q.start - 20) : q.start]
            after = ctx.text[q.end : q.end + 4]
            if not (re.search(r"(每日|每天|按日|每逾期一[日天]|每迟延一[日天]|每延迟一[日天])[^。；]{0,16}$|日$", before) or _DAILY_AFTER.match(after)):
                continue
        value = _as_days(q) if kind == "duration" else q.value
        out.append((round(value, 6), q))
    return out


@check("conflicting_terms")
def conflicting_terms(ctx: Context, params: dict) -> list[Hit]:
    """params: find (patterns the sentence must match), unless, quantity
    (percent | duration), daily (only per-day rates), topics."""
    find = params.get("find") or []
    unless = params.get("unless") or []
    kind = params.get("quantity", "percent")
    daily = bool(params.get("daily"))
    first = None  # (value, sentence, quantity)
    for s in ctx.sentences_in(params.get("topics") or []):
        if not ctx.any_match(find, s.text) or (unless and ctx.any_match(unless, s.text)):
            continue
        values = _values(ctx, s, kind, daily)
        if len({v for v, _ in values}) != 1:
            continue  # none, or a sentence that itself sets several levels (tiers) is not one term
        value, q = values[0]
        if first is None:
            first = (value, s, q)
        elif value != first[0]:
            clause = ctx.clause_of(first[1].block)
            where = clause.label if clause and clause.label else "前文"
            return [Hit(q.start, q.end, {"value": q.text, "other": first[2].text, "other_clause": where, "other_text": first[1].text.strip()[:60]}, related=[(first[1].start, first[1].end)])]
    return []
