"""Arrows point down the layers: text/ knows nothing above it; ingest/ knows only text and document."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "reviewer"

# what each layer may import from our own package (anything outside `reviewer` is free)
ALLOWED = {
    "text": ("reviewer.text", "reviewer.paths", "reviewer.errors"),
    "ingest": ("reviewer.ingest", "reviewer.text", "reviewer.document", "reviewer.paths", "reviewer.errors"),
}


def _package_of(path: Path) -> str:
    module = ".".join(path.relative_to(PKG.parent).with_suffix("").parts)
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _imports(source: str, package: str) -> list[tuple[int, str]]:
    """Every module a file imports from, top level or inside a function; relative imports resolved."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            if node.module:
                out.append((node.lineno, ".".join(base + [node.module])))
            else:  # from . import quantities
                out.extend((node.lineno, ".".join(base + [a.name])) for a in node.names)
    return out


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_nothing_above_it(layer):
    files = sorted((PKG / layer).rglob("*.py"))
    assert files
    wrong = []
    for path in files:
        for line, name in _imports(path.read_text(encoding="utf-8"), _package_of(path)):
            if name.split(".")[0] != "reviewer":
                continue
            if not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED[layer]):
                wrong.append(f"{path.relative_to(PKG.parent)}:{line} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_lazy_and_relative_imports():
    source = "import os\nfrom . import quantities\n\ndef f():\n    from ..engine.loader import load\n    import reviewer.report.json\n"
    assert [n for _, n in _imports(source, "reviewer.text")] == ["os", "reviewer.text.quantities", "reviewer.engine.loader", "reviewer.report.json"]
