"""What the cross-document checks share: the package's documents by role, their
sentences, a quote of the place a fact stands, and the comparing finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reviewer.findings import Finding, Location
from reviewer.package.model import FileResult, PackageResult
from reviewer.text.normalize import norm_text


@dataclass
class Place:
    """A statement in one file of the package: which file, which block, what it says."""

    file: FileResult
    block: int | None
    text: str

    @property
    def label(self) -> str:
        return f"{Path(self.file.member.name).name}"


def readable(result: PackageResult, role: str) -> list[FileResult]:
    return [f for f in result.files if f.role == role and f.review is not None and not f.error]


def sentences(f: FileResult):
    """(block index, normalised sentence) of a file's body, in order. A table row
    reads as one sentence ("中标金额（元）：120000.00"), its cells joined by "："."""
    rows: dict[tuple, list[str]] = {}
    for c in f.review.doc.blocks:
        if c.kind == "cell" and c.table is not None and c.text.strip():
            rows.setdefault((c.table, c.row), []).append(c.text.strip())
    for b in f.review.doc.blocks:
        if b.kind in ("header", "footer"):
            continue
        if b.kind == "cell" and b.table is not None:
            row = rows.pop((b.table, b.row), None)  # once per row, at its first cell
            if row:
                yield b.index, norm_text("：".join(row))
            continue
        for s in re.split(r"(?<=[。；;])|\n", norm_text(b.text)):
            if s.strip():
                yield b.index, s.strip()


def block_text(f: FileResult, block: int | None, near: str = "") -> str:
    """The sentence of `block` holding `near` (the whole block when short)."""
    if block is None or block >= len(f.review.doc.blocks):
        return near
    text = norm_text(f.review.doc.blocks[block].text).strip()
    if len(text) <= 120 or not near:
        return text[:160]
    for s in re.split(r"(?<=[。；;])|\n", text):
        if near[:12] in s:
            return s.strip()[:160]
    return text[:160]


def fact_place(f: FileResult, key: str) -> Place | None:
    fact = f.review.facts.values.get(key)
    if fact is None or fact.value is None:
        return None
    return Place(f, fact.block, block_text(f, fact.block, fact.evidence) or fact.evidence)


def comparing_finding(rule: str, point: str, title: str, message: str, suggestion: str, here: Place, there: Place, basis: list, ruleset) -> Finding:
    """A package finding that quotes both places: `here` (the contract) as the
    excerpt, `there` (the award, the bid, the tender) in `related`."""
    refs = [ruleset.basis.resolve(k) for k in basis if ruleset.basis.has(k)]
    where = f"《{here.label}》" + (f"第{here.block + 1}段" if here.block is not None else "")
    return Finding(
        rule=rule,
        point=point,
        severity="必须修改",
        title=title,
        message=message,
        clause=f"《{here.label}》",
        excerpt=here.text,
        location=Location(block=here.block, where=where),
        basis=refs,
        suggestion=suggestion,
        related=[f"《{there.label}》：{there.text}"],
    )
