"""Summarise the corpus: one row per document, then expects/decoys per review point.

    /work/venv/bin/python corpus/tools/stats.py
"""
from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent


def main() -> None:
    scope = tomllib.loads((CORPUS / "scope.toml").read_text(encoding="utf-8"))
    expects: Counter[str] = Counter()
    decoys: Counter[str] = Counter()
    print(f"{'file':48} {'expects':>7} {'decoys':>6}")
    for folder in ("contracts", "normative"):
        for doc in sorted(p for p in (CORPUS / folder).iterdir() if p.suffix in (".txt", ".docx")):
            spec = tomllib.loads((CORPUS / folder / f"{doc.stem}.expect.toml").read_text(encoding="utf-8"))
            e, d = spec.get("expect", []), spec.get("decoy", [])
            expects.update(x["point"] for x in e)
            decoys.update(x["point"] for x in d)
            print(f"{folder + '/' + doc.name:48} {len(e):>7} {len(d):>6}")
    print()
    print(f"{'point':42} {'expects':>7} {'decoys':>6}")
    for point in list(scope["points"]) + scope.get("decoy_only_points", []):
        print(f"{point:42} {expects[point]:>7} {decoys[point]:>6}")
    print(f"{'total':42} {sum(expects.values()):>7} {sum(decoys.values()):>6}")


if __name__ == "__main__":
    main()
