"""Refresh the bundled statute library (rules/statutes/) and its MANIFEST.toml.

    python tools/update_statutes.py [SRC] [--add FILE.md ...]

SRC is a folder of LawRefBook/Laws texts (default: $REVIEWER_STATUTES, else ../shared/statutes).
Every file already in the library is copied again from SRC byte for byte, plus the --add
files; the manifest is then rewritten from the files themselves (title, date, bytes, sha256).
Where SRC has a README.md with the table "| file | bytes | sha256 | source path | last commit |"
(as ../shared/statutes does), each file's path and commit in LawRefBook/Laws are taken from it;
otherwise the manifest keeps what it had. The [source] section (repository, commit) is kept:
edit it by hand when the texts come from a new snapshot. After adding a law, give it an entry
in rules/basis.yaml `laws` (tests/test_basis_quotes.py fails until every file belongs to one).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "rules" / "statutes"
MANIFEST = LIB / "MANIFEST.toml"

HEADER = """\
# 内置法规库清单 (bundled statute library manifest), rewritten by tools/update_statutes.py.
# The texts beside this file are copied byte for byte; tests/test_basis_quotes.py checks each
# file's sha256 below and, when the team's folder ../shared/statutes is present, that the
# copies are identical to it. Laws, administrative regulations and judicial interpretations
# are official documents, excluded from copyright by Article 5 of the PRC Copyright Law.
# date: the date in the source file name (the text's latest promulgation / amendment), or
# for 民法典's books the date it was adopted.
"""


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _readme_table(src: Path) -> dict[str, tuple[str, str]]:
    readme = src / "README.md"
    out: dict[str, tuple[str, str]] = {}
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
            if len(cells) == 5 and cells[0].endswith(".md"):
                out[cells[0]] = (cells[3], cells[4])
    return out


def _facts(path: Path) -> dict:
    data = path.read_bytes()
    text = data.decode("utf-8")
    title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
    m = re.search(r"\((\d{4}-\d{2}-\d{2})\)", path.name)
    if m:
        date = m.group(1)
    else:
        y, mo, d = map(int, re.search(r"^(\d{4})年(\d{1,2})月(\d{1,2})日", text, re.M).groups())
        date = f"{y:04d}-{mo:02d}-{d:02d}"
    return {"title": title, "date": date, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", nargs="?", default=os.environ.get("REVIEWER_STATUTES") or str(ROOT.parent / "shared" / "statutes"))
    ap.add_argument("--add", nargs="*", default=[], metavar="FILE.md")
    args = ap.parse_args()
    src = Path(args.src)
    old = tomllib.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else {"source": {}, "file": []}
    known = {f["name"]: f for f in old.get("file", [])}
    names = sorted(set(known) | set(args.add) | {p.name for p in LIB.glob("*.md")})
    table = _readme_table(src)
    LIB.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (src / name).is_file():
            shutil.copyfile(src / name, LIB / name)
        elif not (LIB / name).is_file():
            raise SystemExit(f"{name}: not in {src} nor in {LIB}")
    out = [HEADER, "[source]"]
    for k, v in old.get("source", {}).items():
        out.append(f"{k} = {_q(str(v))}")
    for name in names:
        prev = known.get(name, {})
        path, commit = table.get(name, (prev.get("source_path", ""), prev.get("source_commit", "")))
        f = _facts(LIB / name)
        out += ["", "[[file]]", f"name = {_q(name)}", f"title = {_q(f['title'])}", f"date = {f['date']}",
                f"source_path = {_q(path)}", f"source_commit = {_q(commit)}", f"bytes = {f['bytes']}", f"sha256 = {_q(f['sha256'])}"]
    MANIFEST.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(names)} files in {LIB.relative_to(ROOT)}; {MANIFEST.name} rewritten")


if __name__ == "__main__":
    main()
