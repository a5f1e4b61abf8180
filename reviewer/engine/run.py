"""Run rules over a document: Document + Facts -> findings (deterministic order)."""

from __future__ import annotations

import datetime as dt
import string

from reviewer.document import Document
from reviewer.engine import checks
from reviewer.engine.checks import Hit
from reviewer.engine.context import Context
from reviewer.engine.loader import RuleSet
from reviewer.engine.schema import Rule
from reviewer.facts import FACT_KEYS, Facts
from reviewer.facts.truth import assumption, truth
from reviewer.findings import SEVERITIES, SEVERITY_RANK, Finding, Location

_RUNNERS = {
    "forbid": checks.run_forbid,
    "require": checks.run_require,
    "threshold": checks.run_threshold,
    "conditional": checks.run_conditional,
    "consistency": checks.run_consistency,
}
_EXCERPT_MAX = 160


class _Values(dict):
    def __missing__(self, key):  # an unknown placeholder stays visible rather than crashing
        return "{" + key + "}"


def _render(template: str, values: dict) -> str:
    try:
        return string.Formatter().vformat(template, (), _Values(values))
    except (ValueError, IndexError, KeyError):
        return template


def _relevant_date(facts: Facts) -> tuple[dt.date, bool]:
    for key in ("signed_on", "dated_on"):
        d = facts.get(key)
        if d:
            return d, facts.source(key) != "text"
    return dt.date.today(), True


def _when_holds(w, facts: Facts, assumed: dict[str, str], unknown: list[str]) -> bool:
    """False only when a known fact contradicts the condition; an unknown fact is
    assumed (and said so in `assumed`), its key added to `unknown`."""
    for key in ("buyer_type", "supplier_size", "contract_kind", "funding"):
        wanted = getattr(w, key)
        if wanted is None:
            continue
        answer = truth(facts, key, wanted)
        if answer is False:
            return False
        if answer is None:
            label, sentence = assumption(facts, key, wanted)
            assumed[label] = sentence
            unknown.append(key)
        elif facts.source(key) != "text":
            assumed[FACT_KEYS[key]] = f"{facts.get(key)}（{'用户指定' if facts.source(key) == 'user' else '事实文件'}）"
    return True


def _in_window(lo, hi, facts: Facts, assumed: dict[str, str]) -> bool:
    if not (lo or hi):
        return True
    day, was_assumed = _relevant_date(facts)
    if (lo and day < lo) or (hi and day >= hi):
        return False
    if was_assumed:
        stated = facts.get("signed_on") or facts.get("dated_on")
        assumed["日期"] = f"{day.isoformat()}（{'用户指定' if stated else '文中未载明签订或成文日期，按审查当日计'}）"
    return True


def lowered(severity: str) -> str:
    return SEVERITIES[min(SEVERITY_RANK[severity] + 1, len(SEVERITIES) - 1)]


def applies(rule: Rule, facts: Facts) -> tuple[bool, dict[str, str], list[str]]:
    """Whether the rule's preconditions can hold, the facts it assumed, and the keys
    of the facts that were unknown (the rule then reports with its assumption)."""
    assumed: dict[str, str] = {}
    unknown: list[str] = []
    if facts.get("kind") not in rule.applies_to:
        return False, assumed, unknown
    w = rule.when
    if not _when_holds(w, facts, assumed, unknown):
        return False, assumed, unknown
    if unknown and w.if_unknown == "skip":
        return False, assumed, unknown
    lo = max([d for d in (w.signed_from, rule.effective_from) if d], default=None)
    hi = min([d for d in (w.signed_before, rule.effective_to) if d], default=None)
    return _in_window(lo, hi, facts, assumed), assumed, unknown


def escalated(rule: Rule, facts: Facts, assumed: dict[str, str], ctx: Context) -> str | None:
    """The escalated severity when the rule's `escalate.when` holds. An escalation
    that waits on an unknown fact does not happen; the report says what would
    change the severity."""
    if rule.escalate is None:
        return None
    extra: dict[str, str] = {}
    unknown: list[str] = []
    w = rule.escalate.when
    if w.document_has and not ctx.any_match(w.document_has, ctx.text):
        return None
    if w.document_lacks and ctx.any_match(w.document_lacks, ctx.text):
        return None
    if not (_when_holds(w, facts, extra, unknown) and _in_window(w.signed_from, w.signed_before, facts, extra)):
        return None
    if unknown:
        assumed["严重程度"] = "；".join(extra[k] for k in extra if k not in assumed) + f"。如属实，本项应为“{rule.escalate.severity}”"
        return None
    assumed.update(extra)
    return rule.escalate.severity


def _excerpt(doc: Document, ctx: Context, hit: Hit) -> tuple[str, int, int, int, int]:
    """The sentence holding the hit, as it stands in the document (original text):
    (excerpt, hit start, hit end, sentence start, sentence end) in document.raw."""
    s = ctx.sentence_at(hit.start)
    norm = doc.norm
    if s is None:
        a, b = hit.start, hit.end
    else:
        a, b = s.start, max(s.end, hit.end)
    oa, ob = norm.to_orig(a), norm.to_orig(max(b - 1, a)) + 1
    while oa < ob and doc.raw[oa].isspace():
        oa += 1
    while ob > oa and doc.raw[ob - 1].isspace():
        ob -= 1
    text = doc.raw[oa:ob]
    if len(text) > _EXCERPT_MAX:
        ha, hb = norm.to_orig(hit.start), norm.to_orig(max(hit.end - 1, hit.start)) + 1
        lo, hi = _phrase_window(doc.raw, oa, ob, ha, hb)
        text = ("…" if lo > oa else "") + doc.raw[lo:hi].strip() + ("…" if hi < ob else "")
    return text.replace("\n", " "), norm.to_orig(hit.start), norm.to_orig(max(hit.end - 1, hit.start)) + 1, oa, ob


def _phrase_window(raw: str, oa: int, ob: int, ha: int, hb: int) -> tuple[int, int]:
    """Around the hit [ha, hb) of a long sentence [oa, ob), a window that starts and ends
    at a comma or semicolon, so a quote is never cut mid-phrase ("…相应顺延，不视为")."""
    marks = [i + 1 for i in range(oa, ob) if raw[i] in "，,；;：:"]
    before = [m for m in marks if m <= ha]
    lo = min([m for m in before if ha - m <= 60], default=max(before, default=oa))  # up to ~60 characters of lead-in
    after = [m for m in marks if m >= hb]
    hi = max([m for m in after if m - lo <= _EXCERPT_MAX], default=min(after, default=ob))
    return lo, min(hi, ob)


def applicable_basis(rule: Rule, facts: Facts, ruleset: RuleSet, assumed: dict[str, str]) -> list[str]:
    """The rule's bases whose law applies on the known facts (a law's `applies_when`
    in basis.yaml): one the facts contradict is not cited; one that rests on an
    unknown fact is cited with the assumption stated."""
    kept = []
    for ref in rule.basis:
        law = ruleset.basis.law_of(ref) or {}
        conditions = law.get("applies_when") or {}
        answers = {key: truth(facts, key, wanted) for key, wanted in conditions.items()}
        if any(a is False for a in answers.values()):
            continue
        for key, a in answers.items():
            if a is None:
                label, sentence = assumption(facts, key, conditions[key])
                assumed.setdefault(label, sentence)
        kept.append(ref)
    return kept


def make_finding(rule: Rule, hit: Hit, ctx: Context, ruleset: RuleSet, assumed: dict[str, str]) -> Finding:
    doc = ctx.doc
    values = dict(hit.values)
    clause = ""
    excerpt = ""
    loc = Location()
    if hit.start is not None:
        excerpt, start, end, ex_start, ex_end = _excerpt(doc, ctx, hit)
        block = doc.block_at(start)
        c = ctx.clause_of(block.index) if block else None
        clause = c.label if c else ""
        line = doc.raw.count("\n", 0, start) + 1
        column = start - (doc.raw.rfind("\n", 0, start) + 1) + 1
        loc = Location(
            block=block.index if block else None, where=block.where() if block else "", page=block.page if block else None,
            start=start, end=end, excerpt_start=ex_start, excerpt_end=ex_end, line=line, column=column,
        )
    related = _related(rule, hit, ctx, excerpt)
    values.setdefault("excerpt", excerpt)
    values.setdefault("clause", clause or "文件")
    values.setdefault("title", ctx.facts.title)
    return Finding(
        rule=rule.id,
        point=rule.point,
        severity=hit.severity or rule.severity,
        title=rule.title,
        message=_render(rule.message, values),
        clause=clause,
        excerpt=excerpt,
        location=loc,
        basis=[ruleset.basis.resolve(b) for b in applicable_basis(rule, ctx.facts, ruleset, assumed)],
        suggestion=_render(rule.suggestion, values),
        assumed=assumed,
        related=related,
    )


def _related(rule: Rule, hit: Hit, ctx: Context, excerpt: str) -> list[str]:
    """The other places a comparing finding rests on, quoted as they stand: those the
    check names, and the sentences stating the facts the rule compares."""
    spans = list(hit.related)
    for key in rule.quotes_facts:
        s = ctx.fact_sentence(key)
        if s is not None:
            spans.append((s.start, s.end))
    out: list[str] = []
    for a, b in spans:
        text, *_ = _excerpt(ctx.doc, ctx, Hit(a, b))
        if text and text != excerpt and text not in out:
            out.append(text)
    return out


def run_rule(rule: Rule, ctx: Context) -> list[Hit]:
    if rule.when.document_has and not ctx.any_match(rule.when.document_has, ctx.text):
        return []
    if rule.when.document_lacks and ctx.any_match(rule.when.document_lacks, ctx.text):
        return []
    if rule.check.kind == "python":
        from reviewer.engine.pychecks import REGISTRY

        return REGISTRY[rule.check.function](ctx, rule.check.params)
    return _RUNNERS[rule.check.kind](rule.check, ctx)


def _one_per_paragraph(hits: list[Hit], ctx: Context) -> list[Hit]:
    """One finding per rule and paragraph (or table cell): a reviewer comments on a
    clause once. Of several hits in one paragraph the one in the longest sentence
    is kept, so a clause heading such as "廉政保证金。" yields to the sentence that
    says what is required."""
    best: dict[tuple, tuple[int, Hit]] = {}
    order: list[tuple] = []
    for hit in hits:
        if hit.start is None:
            key: tuple = ("doc", hit.values.get("missing"))
            length = 0
        else:
            sentence = ctx.sentence_at(hit.start)
            key = ("block", ctx.block_index(hit.start))
            length = (sentence.end - sentence.start) if sentence else 0
        if key not in best:
            order.append(key)
            best[key] = (length, hit)
        elif length > best[key][0]:
            best[key] = (length, hit)
    return [best[k][1] for k in order]


def review(doc: Document, facts: Facts, ruleset: RuleSet, only: set[str] | None = None) -> list[Finding]:
    ctx = Context(doc, facts)
    findings: list[Finding] = []
    readings: dict[int, dict[str, frozenset]] = {}  # id(finding) -> the unknown facts it assumed
    for rule in ruleset.rules:
        if only and rule.id not in only:
            continue
        ok, assumed, unknown = applies(rule, facts)
        if not ok or (rule.basis and not applicable_basis(rule, facts, ruleset, {})):
            continue  # every law the rule rests on is contradicted by the known facts
        severity = escalated(rule, facts, assumed, ctx)
        for hit in _one_per_paragraph(run_rule(rule, ctx), ctx):
            if severity and not hit.severity:
                hit.severity = severity
            finding = make_finding(rule, hit, ctx, ruleset, dict(assumed))
            if unknown and rule.when.if_unknown == "lower":
                finding.severity = lowered(finding.severity)
            readings[id(finding)] = {k: frozenset(getattr(rule.when, k)) for k in unknown}
            findings.append(finding)
    findings = _one_reading(findings, readings)  # in rule order: the first-listed reading wins
    findings.sort(key=Finding.sort_key)
    return _one_per_point_and_paragraph(findings)


def _one_reading(findings: list[Finding], readings: dict[int, dict[str, frozenset]]) -> list[Finding]:
    """Where a fact is unknown, two rules may read one clause under assumptions that
    exclude each other (the buyer is a 机关 / the buyer is a 大型企业): the officer
    gets one finding on the clause, from the rule listed first."""
    kept: list[Finding] = []
    for f in findings:
        mine = readings.get(id(f), {})
        clash = mine and f.location.block is not None and any(
            g.location.block == f.location.block
            and any(k in readings.get(id(g), {}) and not (mine[k] & readings[id(g)][k]) for k in mine)
            for g in kept
        )
        if not clash:
            kept.append(f)
    return kept


def _one_per_point_and_paragraph(findings: list[Finding]) -> list[Finding]:
    """Two rules of the same point on the same paragraph make one comment: the
    more serious (first, as findings are sorted by severity) is kept."""
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.point, f.location.block) if f.point and f.location.block is not None else None
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        out.append(f)
    return out


def ingest_notes(doc: Document) -> list[Finding]:
    """What the reader noticed (tracked changes, comments) as 提示 findings."""
    out = []
    for note in doc.notes:
        out.append(Finding(rule=f"INGEST.{note.code.upper()}", point=None, severity="提示", title="文件读取提示", message=note.message))
    return out


