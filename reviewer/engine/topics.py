"""Clause topics (payment, breach, deposit, …) from headings and tokens.

A clause's heading decides first ("第五条 付款方式" is about payment whatever its
sentences mention); a block with no telling heading gets the topics whose words
appear among its tokens. The lexicon is data: rules/topics.yaml.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from reviewer.errors import RuleFileError


@lru_cache(maxsize=2)
def load_topics(path: str) -> dict[str, dict]:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(path, f"主题词表无法读取（{exc.__class__.__name__}）") from None
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, dict):
        raise RuleFileError(path, "主题词表缺少 topics")
    for name, spec in topics.items():
        if not isinstance(spec, dict) or not spec.get("heading") or not spec.get("words"):
            raise RuleFileError(path, f"主题 {name} 需要 heading 和 words", key=f"topics.{name}")
    return topics


def classify(ctx) -> list[set[str]]:
    from reviewer.paths import default_rules_dir
    from reviewer.text.tokens import get_tokenizer

    topics = load_topics(str(default_rules_dir() / "topics.yaml"))
    tok = get_tokenizer()
    out: list[set[str]] = []
    cache: dict[str, set[str]] = {}
    for i, block in enumerate(ctx.doc.blocks):
        clause = ctx.clause_of(i)
        heading = clause.heading if clause else ""
        found: set[str] = set()
        if heading:
            if heading not in cache:
                cache[heading] = {name for name, spec in topics.items() if any(h in heading for h in spec["heading"])}
            found |= cache[heading]
        words = set(tok.cut(block.text[:400]))
        found |= {name for name, spec in topics.items() if words & set(spec["words"])}
        out.append(found)
    return out
