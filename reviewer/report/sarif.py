"""SARIF 2.1.0 with code-point columns and stable fingerprints."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from reviewer import __version__

_LEVEL = {"必须修改": "error", "建议修改": "warning", "提示": "note"}


def _fingerprint(f) -> str:
    # Stable across runs and across edits elsewhere in the document: rule + the quoted text.
    return hashlib.sha256(f"{f.rule}\x00{f.excerpt}\x00{f.message if not f.excerpt else ''}".encode()).hexdigest()[:32]


def render(reviews: list, errors: list, ruleset) -> str:
    used = sorted({f.rule for rv in reviews for f in rv.findings})
    rules_meta = []
    for rid in used:
        r = ruleset.get(rid)
        rules_meta.append(
            {
                "id": rid,
                "name": rid,
                "shortDescription": {"text": r.title if r else rid},
                "fullDescription": {"text": (r.why if r and r.why else (r.title if r else rid))},
                "properties": {"point": r.point if r else None, "severity": r.severity if r else "提示"},
            }
        )
    index = {rid: i for i, rid in enumerate(used)}
    results = []
    artifacts = []
    for n, rv in enumerate(reviews):
        artifacts.append({"location": {"uri": Path(rv.file).as_posix()}})
        for f in rv.findings:
            region = {}
            if f.location.start is not None:
                region = {
                    "startLine": f.location.line,
                    "startColumn": f.location.column,
                    "charOffset": f.location.start,
                    "charLength": f.location.end - f.location.start,
                    "snippet": {"text": f.excerpt},
                }
            loc = {"physicalLocation": {"artifactLocation": {"uri": Path(rv.file).as_posix(), "index": n}}}
            if region:
                loc["physicalLocation"]["region"] = region
            results.append(
                {
                    "ruleId": f.rule,
                    "ruleIndex": index[f.rule],
                    "level": _LEVEL[f.severity],
                    "message": {"text": f.message + (f" 建议：{f.suggestion}" if f.suggestion else "")},
                    "locations": [loc],
                    "partialFingerprints": {"reviewer/v1": _fingerprint(f)},
                    "properties": {"severity": f.severity, "point": f.point, "clause": f.clause, "basis": [b.citation for b in f.basis]},
                }
            )
    notifications = [{"level": "error", "message": {"text": e.message}} for e in errors]
    run = {
        "tool": {"driver": {"name": "reviewer", "version": __version__, "rules": rules_meta}},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2)
