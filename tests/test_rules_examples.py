"""Every rule's own examples: hit texts must hit, clean texts must stay clean."""

from __future__ import annotations

import pytest

from reviewer.engine.examples import run_example
from reviewer.engine.loader import load_rules

_RULESET = load_rules()
_CASES = [
    pytest.param(rule, ex, expect, id=f"{rule.id}-{expect}{i}")
    for rule in _RULESET.rules
    for expect, items in (("hit", rule.examples.hit), ("clean", rule.examples.clean))
    for i, ex in enumerate(items)
]


@pytest.mark.parametrize("rule,example,expect", _CASES)
def test_rule_example(rule, example, expect):
    result = run_example(rule, _RULESET, example, expect)
    text = example if isinstance(example, str) else example.text
    assert result.ok, f"{rule.id} {'应命中' if expect == 'hit' else '不应命中'}：{text}（命中 {result.got} 次）"


def test_every_rule_has_hit_and_clean_examples_and_docs():
    for rule in _RULESET.rules:
        assert rule.examples.hit and rule.examples.clean, rule.id
        assert rule.why, f"{rule.id} needs a `why` for `reviewer explain`"
        assert rule.message and rule.title


def test_rule_points_exist_in_catalogue():
    from pathlib import Path

    catalogue = Path(__file__).resolve().parents[2] / "shared" / "domain" / "review-catalogue.md"
    if not catalogue.exists():
        pytest.skip(f"catalogue not found at {catalogue}")
    text = catalogue.read_text(encoding="utf-8")
    for rule in _RULESET.rules:
        if rule.point:
            assert f"`{rule.point}`" in text, f"{rule.id}: point {rule.point} is not a catalogue id"


def test_bases_cited_by_rules_resolve_and_unverified_have_no_quote():
    for rule in _RULESET.rules:
        for ref in rule.basis:
            b = _RULESET.basis.resolve(ref)
            if b.verified:
                assert b.quote and b.article
            else:
                assert b.quote is None and b.citation.startswith("根据《")
