"""The concept lexicon (rules/concepts.yaml): named vocabularies that rule patterns
refer to as {名称}, so a variant added once serves every rule.

Expansion happens when a rule file is loaded: `{付款}` becomes `(?:支付至|付至|…)`,
`…` becomes a gap within the sentence. A concept marked `whole_word` is wrapped in
a named group `(?P<wN>…)`; Context accepts a match only where such groups start and
end on token boundaries (so {定金} never matches inside 审定金额).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from reviewer.errors import RuleFileError

GAP = "[^。；;\\n]{0,40}?"
_REF = re.compile(r"\{([\u4e00-\u9fa5A-Za-z_][^{}\d,]*)\}")
WORD_GROUP = re.compile(r"^w\d+$")


@dataclass(frozen=True)
class Concept:
    name: str
    terms: tuple[str, ...]
    whole_word: bool = False
    means: str = ""

    @property
    def pattern(self) -> str:
        return "(?:" + "|".join(self.terms) + ")"


@lru_cache(maxsize=4)
def load_concepts(path: str) -> dict[str, Concept]:
    p = Path(path)
    if not p.exists():
        return {}
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise RuleFileError(str(p), f"概念词表无法读取（{exc.__class__.__name__}）", line=line + 1 if line is not None else None) from None
    out = {}
    for name, spec in ((data or {}).get("concepts") or {}).items():
        if not isinstance(spec, dict) or not spec.get("terms"):
            raise RuleFileError(str(p), f"概念 {name} 缺少 terms", key=f"concepts.{name}")
        terms = tuple(str(t) for t in spec["terms"])
        for t in terms:
            try:
                re.compile(t)
            except re.error as exc:
                raise RuleFileError(str(p), f"概念 {name} 的写法 {t!r} 不是有效的正则（{exc}）", key=f"concepts.{name}") from None
        out[name] = Concept(name, terms, bool(spec.get("whole_word")), str(spec.get("means", "")))
    return out


def expand(pattern: str, concepts: dict[str, Concept]) -> str:
    """A rule pattern with its {概念} references and … gaps written out."""
    counter = [0]

    def sub(m: re.Match) -> str:
        name = m.group(1)
        c = concepts.get(name)
        if c is None:
            raise KeyError(name)
        if c.whole_word:
            counter[0] += 1
            return f"(?P<w{counter[0]}>{'|'.join(c.terms)})"
        return c.pattern

    return _REF.sub(sub, pattern).replace("…", GAP)


PATTERN_KEYS = {
    "patterns", "near", "unless", "unless_document", "any", "find", "after", "followed_by", "if", "then", "document_has", "document_lacks",
}


def expand_rule_data(rule: dict, concepts: dict[str, Concept]) -> list[tuple[tuple, str]]:
    """Expand every pattern list in a raw rule mapping in place; returns the
    (path, name) of each unknown concept."""
    unknown: list[tuple[tuple, str]] = []

    def walk(node, path: tuple):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in PATTERN_KEYS and isinstance(v, list):
                    for i, p in enumerate(v):
                        if isinstance(p, str):
                            try:
                                v[i] = expand(p, concepts)
                            except KeyError as exc:
                                unknown.append((path + (k, i), exc.args[0]))
                else:
                    walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    for key in ("check", "when", "escalate"):
        if key in rule:
            walk(rule[key], (key,))
    return unknown
