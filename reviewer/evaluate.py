"""`reviewer eval DIR`: precision and recall against expected-findings files.

Beside `x.docx` / `x.txt` / `x.pdf`, `x.expect.toml` holds `[[expect]]` entries
(point, severity, anchor) and optional `[[decoy]]` entries (point, anchor). A
finding matches an expectation when the points are equal and the anchor lies in
the finding's excerpt (an empty anchor matches any finding of the point: a
missing clause is a document-level finding). Only 必须修改 and 建议修改 findings
are counted; a 提示 finding is never a false alarm.

Labels of real documents live apart from the documents: `[document] realdoc =
"NAME"` names a file in `shared/realdocs` beside the checkout (skipped, and said
so, when that folder is absent), and `[facts]` states the document facts as a
reader states them; they are compared with what the engine inferred.

The nearest `scope.toml` above an expect file says which points its set labels
exhaustively (`[points]`); findings on other points are not counted. A scope with
`exhaustive = true` (the real documents) counts every finding.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.errors import InputError, UsageError

COUNTED = ("必须修改", "建议修改")
DOC_SUFFIXES = (".docx", ".txt", ".md", ".pdf", ".doc", ".wps")
FACT_FIELDS = ("title", "kind", "contract_kind", "buyer", "supplier", "buyer_type", "supplier_size", "contract_amount", "signed_on")


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

    def add(self, other: "PointScore") -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.decoys_hit += other.decoys_hit


@dataclass
class FactCheck:
    file: str
    field: str
    expected: str
    got: str

    @property
    def ok(self) -> bool:
        return self.expected == self.got


@dataclass
class EvalResult:
    documents: int = 0
    points: dict[str, PointScore] = field(default_factory=dict)
    kinds: dict[str, PointScore] = field(default_factory=dict)  # per document kind
    sets: dict[str, PointScore] = field(default_factory=dict)  # per sub-folder (corpus set)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # file, point, anchor
    false_alarms: list[tuple[str, str, str, bool]] = field(default_factory=list)  # file, rule/point, excerpt, is_decoy
    must_fix_false_alarms: list[tuple[str, str, str]] = field(default_factory=list)  # file, rule, excerpt
    facts: list[FactCheck] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def score(self, point: str) -> PointScore:
        return self.points.setdefault(point, PointScore())

    @property
    def total(self) -> PointScore:
        t = PointScore()
        for s in self.points.values():
            t.add(s)
        return t

    @property
    def facts_right(self) -> float | None:
        return sum(c.ok for c in self.facts) / len(self.facts) if self.facts else None


def shared_dir(start: Path) -> Path | None:
    """`shared/` beside the checkout (or $REVIEWER_SHARED)."""
    import os

    env = os.environ.get("REVIEWER_SHARED")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in start.resolve().parents:
        if (parent / "shared" / "realdocs").is_dir():
            return parent / "shared"
    return None


def _document_for(expect: Path, spec: dict) -> tuple[Path | None, str | None]:
    real = (spec.get("document") or {}).get("realdoc")
    if real:
        shared = shared_dir(expect)
        if shared is None or not (shared / "realdocs" / real).exists():
            return None, f"{expect.name}：找不到真实文件 shared/realdocs/{real}（检出目录旁没有 shared/），跳过"
        return shared / "realdocs" / real, None
    return _beside(expect), None


def _beside(expect: Path) -> Path | None:
    """The document an expect file sits beside (x.expect.toml -> x.docx / x.txt …)."""
    stem = expect.name[: -len(".expect.toml")]
    return next((expect.with_name(stem + s) for s in DOC_SUFFIXES if expect.with_name(stem + s).exists()), None)


def find_cases(root: Path) -> list[tuple[Path, Path]]:
    """(document, expect file) for every expect file with its document beside it."""
    return [(doc, expect) for expect in sorted(root.rglob("*.expect.toml")) if (doc := _beside(expect)) is not None]


def _scope_for(expect: Path, root: Path, cache: dict) -> set[str] | None:
    """The points the expect file's set labels exhaustively; None = all of them."""
    for parent in expect.parents:
        if parent in cache:
            return cache[parent]
        f = parent / "scope.toml"
        if f.exists():
            data = tomllib.loads(f.read_text(encoding="utf-8"))
            cache[parent] = None if data.get("exhaustive") else set(data.get("points", {}))
            return cache[parent]
        if parent == root.parent:
            break
    return None


def _norm(s: str) -> str:
    return re.sub(r"[\s《》“”\"]", "", str(s))


def _fact_values(rv) -> dict[str, str]:
    f = rv.facts
    kind = f.get("kind") or ""
    parties = getattr(f, "parties", []) or []
    buyer_name = getattr(f, "buyer_name", None)
    supplier_name = getattr(f, "supplier_name", None)
    if buyer_name is None:  # an engine from before facts named the parties
        buyer_name = next((p.name for p in parties if p.is_buyer), "")
        supplier_name = next((p.name for p in parties if not p.is_buyer), "")
    date = f.get("signed_on") if kind == "contract" else (f.get("dated_on") or f.get("signed_on"))
    amount = f.get("contract_amount")
    return {
        "title": _norm(f.title),
        "kind": kind,
        "contract_kind": f.get("contract_kind") or "",
        "buyer": _norm(buyer_name),
        "supplier": _norm(supplier_name),
        "buyer_type": f.get("buyer_type") or "",
        "supplier_size": f.get("supplier_size") or "",
        "contract_amount": f"{float(amount):.2f}" if amount else "",
        "signed_on": date.isoformat() if isinstance(date, dt.date) else "",
    }


def _expected_value(key: str, value) -> str:
    if value in ("", None):
        return ""
    if key == "contract_amount":
        return f"{float(value):.2f}"
    if key == "signed_on":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return _norm(value) if key in ("title", "buyer", "supplier") else str(value)


def _quotes(finding, anchor: str) -> bool:
    """The finding quotes the labelled place: in its own excerpt, or, for a finding
    that compares two places (signing against award, price against budget), in one
    of the places it quotes beside it."""
    return anchor in finding.excerpt or any(anchor in r for r in getattr(finding, "related", []))


def evaluate(root: Path, ruleset, exclude: tuple[str, ...] = ()) -> EvalResult:
    from reviewer.api import check_file

    if not root.is_dir():
        raise UsageError(f"{root} 不是文件夹")
    result = EvalResult()
    scopes: dict = {}
    for expect_path in sorted(root.rglob("*.expect.toml")):
        parts = expect_path.relative_to(root).parts
        set_name = parts[0] if len(parts) > 1 else root.name
        if set_name in exclude:
            continue
        try:
            spec = tomllib.loads(expect_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            result.errors.append(f"{expect_path}：格式错误（{exc}）")
            continue
        doc_path, skipped = _document_for(expect_path, spec)
        if skipped:
            result.skipped.append(skipped)
            continue
        if doc_path is None:
            continue
        try:
            rv = check_file(doc_path, ruleset)
        except InputError as err:
            result.errors.append(err.message)
            continue
        result.documents += 1
        name = doc_path.name
        scope = _scope_for(expect_path, root, scopes)
        labelled = spec.get("facts") or {}
        kind = labelled.get("kind") or rv.facts.get("kind") or "other"
        per_doc = PointScore()
        if labelled:
            got = _fact_values(rv)
            for key in FACT_FIELDS:
                if key in labelled:
                    result.facts.append(FactCheck(name, key, _expected_value(key, labelled[key]), got[key]))
        findings = [f for f in rv.findings if f.severity in COUNTED and f.point and (scope is None or f.point in scope)]
        used: set[int] = set()
        for exp in spec.get("expect", []):
            point, anchor = exp["point"], exp.get("anchor", "")
            if exp.get("severity", "建议修改") not in COUNTED or (scope is not None and point not in scope):
                continue
            match = next((i for i, f in enumerate(findings) if f.point == point and i not in used and _quotes(f, anchor)), None)
            if match is None:  # a second expectation on the same finding still counts as found
                match = next((i for i, f in enumerate(findings) if f.point == point and _quotes(f, anchor)), None)
            if match is None:
                result.score(point).fn += 1
                per_doc.fn += 1
                result.misses.append((name, point, anchor))
            else:
                used.add(match)
                result.score(point).tp += 1
                per_doc.tp += 1
        decoys = spec.get("decoy", [])
        for i, f in enumerate(findings):
            if i in used:
                continue
            is_decoy = any(d["point"] == f.point and d.get("anchor", "") in f.excerpt for d in decoys)  # a decoy is hit where the finding itself stands
            s = result.score(f.point)
            s.fp += 1
            s.decoys_hit += int(is_decoy)
            per_doc.fp += 1
            per_doc.decoys_hit += int(is_decoy)
            result.false_alarms.append((name, f"{f.rule}", f.excerpt[:60] or "（全文）", is_decoy))
            if f.severity == "必须修改":
                result.must_fix_false_alarms.append((name, f.rule, f.excerpt[:60] or "（全文）"))
        result.kinds.setdefault(kind, PointScore()).add(per_doc)
        result.sets.setdefault(set_name, PointScore()).add(per_doc)
    return result
