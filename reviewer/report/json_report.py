"""JSON report, schema version 1 (documented in docs/json-report.md)."""

from __future__ import annotations

import json

from reviewer import __version__
from reviewer.findings import SEVERITIES

SCHEMA_VERSION = "1"


def review_to_dict(rv) -> dict:
    counts = {s: sum(1 for f in rv.findings if f.severity == s) for s in SEVERITIES}
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "reviewer", "version": __version__},
        "file": rv.file,
        "document": {
            "kind": rv.facts.get("kind"),
            "title": rv.facts.title,
            "doc_number": rv.facts.doc_number or None,
            "format": rv.doc.format,
            "encoding": rv.doc.encoding,
            "pages": rv.doc.pages,
            "blocks": len(rv.doc.blocks),
            "characters": rv.doc.char_count,
            "signature_block": {"block": rv.facts.signature.index, "where": rv.facts.signature.where()} if rv.facts.signature else None,
            "parties": [{"role": p.role, "name": p.name, **({"alias": p.alias} if p.alias else {}), "fields": p.fields} for p in rv.facts.parties],
        },
        "facts": rv.facts.to_dict(),
        "summary": {"total": len(rv.findings), "by_severity": counts},
        "findings": [f.model_dump(mode="json") for f in rv.findings],
    }


def error_to_dict(err) -> dict:
    return {"schema_version": SCHEMA_VERSION, "error": err.to_dict()}


def render(reviews: list, errors: list) -> str:
    items = [review_to_dict(r) for r in reviews] + [error_to_dict(e) for e in errors]
    payload = items[0] if len(items) == 1 else {"schema_version": SCHEMA_VERSION, "results": items}
    return json.dumps(payload, ensure_ascii=False, indent=2)
