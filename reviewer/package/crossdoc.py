"""Cross-document checks of a package (filled in below)."""

from __future__ import annotations


def cross_findings(result, ruleset) -> list:
    return []
