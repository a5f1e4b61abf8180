"""Every label of every evaluation set is anchored in its document as the reviewer
reads it, names a review point of rules/points.yaml with a severity it allows, and
every real-document label names a file of ../shared/realdocs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from reviewer.evaluate import _document_for
from reviewer.ingest import load
from reviewer.paths import default_rules_dir

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTS = sorted(CORPUS.rglob("*.expect.toml"))
POINTS = yaml.safe_load((default_rules_dir() / "points.yaml").read_text(encoding="utf-8"))


def _points() -> dict[str, list[str]]:
    entries = POINTS.get("points", POINTS)
    if isinstance(entries, dict):
        return {k: (v or {}).get("severities", []) for k, v in entries.items()}
    return {e["id"]: e.get("severities", []) for e in entries}


ALLOWED = _points()


def test_there_are_labels():
    assert len(EXPECTS) >= 100


@pytest.mark.parametrize("expect", EXPECTS, ids=[str(p.relative_to(CORPUS)) for p in EXPECTS])
def test_labels_are_anchored(expect):
    spec = tomllib.loads(expect.read_text(encoding="utf-8"))
    doc_path, skipped = _document_for(expect, spec)
    if skipped:
        pytest.skip(skipped)
    assert doc_path is not None, f"{expect.name}: no document beside it"
    raw = load(doc_path).raw
    for kind in ("expect", "decoy"):
        for entry in spec.get(kind, []):
            assert entry["point"] in ALLOWED, f"{entry['point']} is not a review point"
            if kind == "expect" and ALLOWED[entry["point"]]:
                assert entry.get("severity") in ALLOWED[entry["point"]], entry
            anchor = entry.get("anchor", "")
            if anchor:
                assert anchor in raw, f"{kind} anchor not in {doc_path.name}: {anchor}"
