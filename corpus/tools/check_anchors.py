"""Check the corpus: every expected finding and decoy is anchored in its document.

    /work/venv/bin/python corpus/tools/check_anchors.py        # exit 0 = all good, 1 = problems

For every document ``corpus/{contracts,normative}/NAME.{txt,docx}`` it checks that
``NAME.expect.toml`` exists (and no expect file lacks its document), that the expect
file has only the allowed keys, that each point id is in ``corpus/scope.toml`` with
an allowed severity, and that each non-empty anchor

* is 4–20 characters long and contains no sentence end (。；) or line break,
* occurs in exactly one paragraph / table cell of the document, exactly once.

Text units: a .txt file is read with its real encoding (UTF-8 or GB18030, decided
by charset-normalizer) and split into lines; a .docx is read with python-docx:
body paragraphs and the paragraphs of every table cell (automatic 第X条 labels are
not part of the paragraph text, exactly as python-docx reports it).
It also validates ``NAME.facts.toml`` sidecars.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import docx
from charset_normalizer import from_bytes

CORPUS = Path(__file__).resolve().parent.parent
FOLDERS = ("contracts", "normative")
SEVERITIES = {"必须修改", "建议修改", "提示"}
ENTRY_KEYS = {"point", "severity", "anchor", "note"}
FACT_VALUES = {
    "buyer_type": {"机关", "事业单位", "国有企业", "大型企业", "其他"},
    "supplier_size": {"大型", "中型", "小型", "微型"},
    "funding": {"财政资金", "政府投资", "自有资金"},
    "contract_kind": {"goods", "services", "construction", "lease", "technology",
                      "investment", "labor_dispatch", "other"},
}


def read_units(path: Path) -> list[str]:
    """The paragraphs / table cells of a document, as the engine should see them."""
    if path.suffix == ".txt":
        data = path.read_bytes()
        best = from_bytes(data, cp_isolation=["utf_8", "gb18030"]).best()
        if best is None:
            raise ValueError(f"{path}: cannot determine the text encoding")
        text = data.decode(best.encoding)
        return text.lstrip("\ufeff").splitlines()
    document = docx.Document(str(path))
    units = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                units.extend(p.text for p in cell.paragraphs)
    return units


def text_encoding(path: Path) -> str:
    best = from_bytes(path.read_bytes(), cp_isolation=["utf_8", "gb18030"]).best()
    return best.encoding if best else "?"


def check_facts(path: Path, problems: list[str]) -> None:
    try:
        facts = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path.name}: not valid TOML: {exc}")
        return
    for key, value in facts.items():
        if key == "signed_on":
            if not hasattr(value, "isoformat") or hasattr(value, "hour"):
                problems.append(f"{path.name}: signed_on must be a TOML date YYYY-MM-DD")
        elif key in FACT_VALUES:
            if value not in FACT_VALUES[key]:
                problems.append(f"{path.name}: {key} = {value!r} not one of {sorted(FACT_VALUES[key])}")
        else:
            problems.append(f"{path.name}: unknown key {key!r}")


def main() -> int:
    scope = tomllib.loads((CORPUS / "scope.toml").read_text(encoding="utf-8"))
    allowed: dict[str, list[str]] = scope["points"]
    decoy_only = set(scope.get("decoy_only_points", []))
    problems: list[str] = []
    n_docs = n_expect = n_decoy = 0

    for folder in FOLDERS:
        directory = CORPUS / folder
        docs = sorted(p for p in directory.iterdir() if p.suffix in (".txt", ".docx"))
        stems = {p.stem for p in docs}
        for expect_file in sorted(directory.glob("*.expect.toml")):
            if expect_file.name.removesuffix(".expect.toml") not in stems:
                problems.append(f"{folder}/{expect_file.name}: no document beside it")
        for facts_file in sorted(directory.glob("*.facts.toml")):
            if facts_file.name.removesuffix(".facts.toml") not in stems:
                problems.append(f"{folder}/{facts_file.name}: no document beside it")
            check_facts(facts_file, problems)

        for doc_path in docs:
            n_docs += 1
            rel = f"{folder}/{doc_path.name}"
            expect_path = directory / f"{doc_path.stem}.expect.toml"
            if not expect_path.exists():
                problems.append(f"{rel}: missing {expect_path.name}")
                continue
            try:
                spec = tomllib.loads(expect_path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                problems.append(f"{expect_path.name}: not valid TOML: {exc}")
                continue
            extra = set(spec) - {"expect", "decoy"}
            if extra:
                problems.append(f"{expect_path.name}: unknown top-level keys {sorted(extra)}")
            units = read_units(doc_path)
            for kind in ("expect", "decoy"):
                for i, entry in enumerate(spec.get(kind, []), start=1):
                    where = f"{expect_path.name} [[{kind}]] #{i}"
                    if kind == "expect":
                        n_expect += 1
                    else:
                        n_decoy += 1
                    bad_keys = set(entry) - ENTRY_KEYS
                    if bad_keys:
                        problems.append(f"{where}: unknown keys {sorted(bad_keys)}")
                    point = entry.get("point", "")
                    if point not in allowed and not (kind == "decoy" and point in decoy_only):
                        problems.append(f"{where}: point {point!r} not in scope.toml")
                    severity = entry.get("severity")
                    if kind == "expect":
                        if severity not in SEVERITIES:
                            problems.append(f"{where}: severity {severity!r} invalid")
                        elif point in allowed and severity not in allowed[point]:
                            problems.append(f"{where}: {point} cannot be {severity} (scope.toml: {allowed[point]})")
                    elif severity is not None:
                        problems.append(f"{where}: a decoy carries no severity")
                    if not entry.get("note"):
                        problems.append(f"{where}: note is empty")
                    anchor = entry.get("anchor")
                    if anchor is None:
                        problems.append(f"{where}: anchor missing (use \"\" for a missing clause)")
                        continue
                    if anchor == "":
                        if kind == "decoy":
                            problems.append(f"{where}: a decoy needs a non-empty anchor")
                        continue
                    if not 4 <= len(anchor) <= 20:
                        problems.append(f"{where}: anchor {anchor!r} is {len(anchor)} chars (want 4–20)")
                    if any(c in anchor for c in "。；\n"):
                        problems.append(f"{where}: anchor {anchor!r} spans a sentence end")
                    hits = [u for u in units if anchor in u]
                    if not hits:
                        problems.append(f"{where}: anchor {anchor!r} not found in {rel}")
                    elif len(hits) > 1 or hits[0].count(anchor) > 1:
                        problems.append(f"{where}: anchor {anchor!r} is not unique in {rel} "
                                        f"({sum(u.count(anchor) for u in hits)} occurrences)")

    for line in problems:
        print(line)
    status = "FAILED" if problems else "ok"
    print(f"{status}: {n_docs} documents, {n_expect} expected findings, {n_decoy} decoys, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
