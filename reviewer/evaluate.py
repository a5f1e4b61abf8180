"""`reviewer eval DIR`: precision and recall against expected-findings files.

Beside `x.docx` / `x.txt` / `x.pdf`, `x.expect.toml` holds `[[expect]]` entries
(point, severity, anchor) and optional `[[decoy]]` entries (point, anchor). A
finding matches an expectation when the points are equal and the anchor lies in
the finding's excerpt (an empty anchor matches any finding of the point: a
missing clause is a document-level finding). Only 必须修改 and 建议修改 findings
are counted; a 提示 finding is never a false alarm.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import InputError, UsageError

COUNTED = ("必须修改", "建议修改")
DOC_SUFFIXES = (".docx", ".txt", ".md", ".pdf", ".doc", ".wps")


@dataclass
class PointScore:
    tp: int = 0  # expectations found
    fn: int = 0  # expectations missed
    fp: int = 0  # counted findings that match no expectation
    decoys_hit: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class EvalResult:
    documents: int = 0
    points: dict[str, PointScore] = field(default_factory=dict)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # file, point, anchor
    false_alarms: list[tuple[str, str, str, bool]] = field(default_factory=list)  # file, rule/point, excerpt, is_decoy
    errors: list[str] = field(default_factory=list)

    def score(self, point: str) -> PointScore:
        return self.points.setdefault(point, PointScore())

    @property
    def total(self) -> PointScore:
        t = PointScore()
        for s in self.points.values():
            t.tp += s.tp
            t.fn += s.fn
            t.fp += s.fp
            t.decoys_hit += s.decoys_hit
        return t


def find_cases(root: Path) -> list[tuple[Path, Path]]:
    cases = []
    for expect in sorted(root.rglob("*.expect.toml")):
        stem = expect.name[: -len(".expect.toml")]
        doc = next((expect.with_name(stem + s) for s in DOC_SUFFIXES if expect.with_name(stem + s).exists()), None)
        if doc is not None:
            cases.append((doc, expect))
    return cases


def evaluate(root: Path, ruleset) -> EvalResult:
    from reviewer.api import check_file

    if not root.is_dir():
        raise UsageError(f"{root} 不是文件夹")
    result = EvalResult()
    for doc_path, expect_path in find_cases(root):
        try:
            spec = tomllib.loads(expect_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            result.errors.append(f"{expect_path}：格式错误（{exc}）")
            continue
        try:
            rv = check_file(doc_path, ruleset)
        except InputError as err:
            result.errors.append(err.message)
            continue
        result.documents += 1
        findings = [f for f in rv.findings if f.severity in COUNTED and f.point]
        used: set[int] = set()
        for exp in spec.get("expect", []):
            point, anchor = exp["point"], exp.get("anchor", "")
            if exp.get("severity", "建议修改") not in COUNTED:
                continue
            match = next((i for i, f in enumerate(findings) if f.point == point and i not in used and anchor in f.excerpt), None)
            if match is None:  # a second expectation on the same finding still counts as found
                match = next((i for i, f in enumerate(findings) if f.point == point and anchor in f.excerpt), None)
            if match is None:
                result.score(point).fn += 1
                result.misses.append((doc_path.name, point, anchor))
            else:
                used.add(match)
                result.score(point).tp += 1
        decoys = spec.get("decoy", [])
        for i, f in enumerate(findings):
            if i in used:
                continue
            is_decoy = any(d["point"] == f.point and d.get("anchor", "") in f.excerpt for d in decoys)
            s = result.score(f.point)
            s.fp += 1
            s.decoys_hit += int(is_decoy)
            result.false_alarms.append((doc_path.name, f"{f.rule}", f.excerpt[:60] or "（全文）", is_decoy))
    return result
