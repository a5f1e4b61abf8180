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


def _points() -> dict:
    import yaml

    from reviewer.paths import default_rules_dir

    return yaml.safe_load((default_rules_dir() / "points.yaml").read_text(encoding="utf-8"))


def test_points_table_is_well_formed():
    import re
    import typing

    from reviewer.engine.schema import DocKind
    from reviewer.findings import SEVERITIES

    data = _points()
    assert data["schema_version"] == 1 and data["groups"] == ["主体及权限", "程序", "内容", "文字表述"]
    assert len(data["points"]) >= 110
    for pid, p in data["points"].items():
        assert re.fullmatch(r"[A-Z]+(\.[A-Z0-9_]+)+", pid), pid
        assert {"title", "group", "section", "applies", "severities"} <= set(p) <= {"title", "group", "section", "applies", "severities", "decided_from"}, pid
        assert p.get("decided_from", "materials") in ("materials", "register"), pid
        assert re.fullmatch(r"[\u4e00-\u9fff、，]{4,24}", p["title"]), f"{pid}: a short Chinese title"
        assert p["group"] in data["groups"] and p["section"] in data["sections"], pid
        assert p["applies"] and set(p["applies"]) <= set(typing.get_args(DocKind)), pid
        assert p["severities"] and set(p["severities"]) <= set(SEVERITIES), pid


def test_rule_points_exist_and_keep_their_severities():
    points = _points()["points"]
    for rule in _RULESET.rules:
        if not rule.point:
            continue
        assert rule.point in points, f"{rule.id}: point {rule.point} is not in rules/points.yaml"
        p = points[rule.point]
        for severity in (rule.severity, rule.escalate.severity if rule.escalate else rule.severity):
            assert severity in p["severities"], f"{rule.id}: {severity} is not a level of point {rule.point} ({p['severities']})"
        assert set(rule.applies_to) & set(p["applies"]), f"{rule.id}: applies to none of the kinds of point {rule.point}"


def test_points_follow_the_catalogue_when_present():
    """The team's research catalogue (../shared/domain) names the points; a fresh clone has only our table."""
    import re
    from pathlib import Path

    catalogue = Path(__file__).resolve().parents[2] / "shared" / "domain" / "review-catalogue.md"
    if not catalogue.exists():
        return
    text = catalogue.read_text(encoding="utf-8")
    section = text[text.index("## 3."):text.index("## 4.")]
    ids = re.findall(r"^\| `([A-Z][A-Z0-9_.]+)` \|", section, re.M)
    assert ids and set(ids) <= set(_points()["points"]), sorted(set(ids) - set(_points()["points"]))


def test_bases_cited_by_rules_resolve_and_unverified_have_no_quote():
    for rule in _RULESET.rules:
        for ref in rule.basis:
            b = _RULESET.basis.resolve(ref)
            if b.verified:
                assert b.quote and b.article
            else:
                assert b.quote is None and b.citation.startswith("根据《")
