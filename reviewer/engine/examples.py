"""Run each rule's own examples: `hit` texts must produce a finding of the rule,
`clean` texts must not. Used by `reviewer rules test` and by the test suite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reviewer.engine.loader import RuleSet
from reviewer.engine.run import review
from reviewer.engine.schema import Example, Rule
from reviewer.facts import apply_overrides, infer, parse_value
from reviewer.ingest import load_text


@dataclass
class ExampleResult:
    rule: str
    expect: str  # hit | clean
    text: str
    ok: bool
    got: int  # findings of this rule


def default_facts(rule: Rule) -> dict:
    """Facts that satisfy the rule's preconditions, so an example tests the check itself."""
    facts: dict = {"kind": rule.applies_to[0]}
    w = rule.when
    for key in ("buyer_type", "supplier_size", "contract_kind", "funding"):
        allowed = getattr(w, key)
        if allowed:
            facts[key] = allowed[0]
    lo = max([d for d in (w.signed_from, rule.effective_from) if d], default=None)
    hi = min([d for d in (w.signed_before, rule.effective_to) if d], default=None)
    if lo or hi:
        facts["signed_on"] = lo or (hi - dt.timedelta(days=1))
    return facts


def run_example(rule: Rule, ruleset: RuleSet, example: str | Example, expect: str) -> ExampleResult:
    text = example if isinstance(example, str) else example.text
    doc = load_text(text, name=f"<{rule.id} 示例>")
    facts = infer(doc)
    given = default_facts(rule)
    if isinstance(example, Example):
        given.update({k: parse_value(k, v, f"{rule.id} 示例") for k, v in example.facts.items()})
    apply_overrides(facts, given, "user")
    found = [f for f in review(doc, facts, ruleset, only={rule.id})]
    ok = bool(found) if expect == "hit" else not found
    return ExampleResult(rule.id, expect, text, ok, len(found))


def run_examples(ruleset: RuleSet, rules: list[Rule] | None = None) -> list[ExampleResult]:
    results = []
    for rule in rules or ruleset.rules:
        for ex in rule.examples.hit:
            results.append(run_example(rule, ruleset, ex, "hit"))
        for ex in rule.examples.clean:
            results.append(run_example(rule, ruleset, ex, "clean"))
    return results
