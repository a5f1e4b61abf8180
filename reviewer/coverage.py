"""What a review examined: the catalogue's review points for the document's kind
that the rules can decide from the text, which of them have a rule, and which do not.

A letter may call a document lawful only when every such point was examined; the
rest is listed as needing a manual review. Points that the rest of the submission or
the filing register decides (`decided_from` in rules/points.yaml) are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

KIND_NAMES = {"contract": "合同", "tender": "招标（采购、比选）文件", "normative": "行政规范性文件", "other": "文件"}
# kinds with a pack of their own; an `other` document only gets the general checks
SPECIFIC_KINDS = ("contract", "tender", "normative")


@dataclass
class SectionCoverage:
    section: str  # the catalogue's subsection title: 付款 / 招标采购的公平竞争
    covered: list[str]  # point ids with a rule
    missing: list[str]  # point ids without one

    @property
    def status(self) -> str:
        return "全部" if not self.missing else "部分" if self.covered else "未审查"


@dataclass
class Coverage:
    kind: str
    sections: list[SectionCoverage] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # point id -> its short title

    @property
    def missing(self) -> list[str]:
        return [p for s in self.sections for p in s.missing]

    @property
    def complete(self) -> bool:
        return self.kind in SPECIFIC_KINDS and not self.missing

    def examined(self) -> list[SectionCoverage]:
        return [s for s in self.sections if s.covered]

    def not_examined(self) -> list[SectionCoverage]:
        return [s for s in self.sections if not s.covered]

    def _name(self, s: SectionCoverage, ids: list[str]) -> str:
        # a section reached through one point is named by that point (引用的法律法规现行有效…)
        return self.titles[ids[0]] if len(ids) == 1 else s.section

    def summary(self) -> str:
        """One sentence for the letter and the reports: what was and was not examined."""
        kind = KIND_NAMES.get(self.kind, "文件")
        if self.kind not in SPECIFIC_KINDS:
            return "未能确定送审文件的类别，本次仅对金额、日期、引用的法律法规等通用事项进行了审查，其余内容需另行人工审查。"
        if self.complete:
            return f"本次审查涵盖{kind}文本可以审查的全部{sum(len(s.covered) for s in self.sections)}项审查要点。"
        done = "；".join(self._name(s, s.covered) + ("（部分）" if s.missing else "") for s in self.examined())
        left = []
        for s in self.sections:
            if s.missing:
                titles = [self.titles[p] for p in s.missing]
                left.append(self._name(s, s.missing) if len(titles) == 1 else f"{s.section}（{'、'.join(titles[:3])}{'等' if len(titles) > 3 else ''}）")
        return f"本次审查对以下事项进行了审查：{done or '通用事项'}。以下{len(self.missing)}项审查要点未作审查，需另行人工审查：{'；'.join(left)}。"


@lru_cache(maxsize=8)
def _points(path: str) -> tuple[dict, dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return data.get("points", {}), data.get("sections", {})


def coverage_of(kind: str, ruleset, rules_dir: Path | None = None) -> Coverage:
    from reviewer.paths import default_rules_dir

    path = (Path(rules_dir) if rules_dir else default_rules_dir()) / "points.yaml"
    if not path.exists():
        path = default_rules_dir() / "points.yaml"
    points, sections = _points(str(path))
    with_rule = {r.point for r in ruleset.rules if kind in r.applies_to and r.point}
    cov = Coverage(kind)
    by_section: dict[str, SectionCoverage] = {}
    for pid, p in points.items():
        if kind not in p.get("applies", []) or p.get("decided_from"):
            continue
        cov.titles[pid] = p.get("title", pid)
        sec = by_section.setdefault(p["section"], SectionCoverage(sections.get(p["section"], p["section"]), [], []))
        (sec.covered if pid in with_rule else sec.missing).append(pid)
    # catalogue order (3.2 before 3.10)
    cov.sections = [by_section[k] for k in sorted(by_section, key=lambda s: [int(x) for x in s.split(".")])]
    return cov
