"""The library entry point: a file in, a Review out. The CLI only formats it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reviewer.coverage import Coverage, coverage_of
from reviewer.document import Document
from reviewer.engine.loader import RuleSet, load_rules
from reviewer.engine.run import ingest_notes, review
from reviewer.facts import Facts, apply_overrides, infer, sidecar_facts
from reviewer.findings import Finding
from reviewer.ingest import load


@dataclass
class Review:
    file: str
    doc: Document
    facts: Facts
    findings: list[Finding] = field(default_factory=list)
    coverage: Coverage | None = None  # which review points the rules examined for this kind of document


def review_document(doc: Document, ruleset: RuleSet, kind: str | None = None, user_facts: dict | None = None, use_sidecar: bool = True, facts: Facts | None = None) -> Review:
    """`facts`: those already inferred from this very document (a package reader has
    them), so they are not read twice; overrides are applied to them in place."""
    facts = facts if facts is not None else infer(doc)
    if use_sidecar:
        apply_overrides(facts, sidecar_facts(doc.path), "sidecar")
    if kind:
        apply_overrides(facts, {"kind": kind}, "user")
    apply_overrides(facts, user_facts or {}, "user")
    findings = ingest_notes(doc) + review(doc, facts, ruleset)
    if facts.get("kind") == "tender":
        from reviewer.engine.tender_contract import contract_part_findings

        findings += contract_part_findings(doc, facts, ruleset)
    findings.sort(key=Finding.sort_key)
    return Review(doc.path, doc, facts, findings, coverage_of(facts.get("kind") or "other", ruleset, ruleset.root))


def check_file(path: str | Path, ruleset: RuleSet | None = None, kind: str | None = None, user_facts: dict | None = None) -> Review:
    ruleset = ruleset or load_rules()
    return review_document(load(path), ruleset, kind=kind, user_facts=user_facts)
