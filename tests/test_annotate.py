"""Findings as Word comments: every comment lies on text that contains the finding's excerpt."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def anchored_texts(docx: Path) -> dict[str, str]:
    """Comment id -> the document text between its range start and end."""
    with zipfile.ZipFile(docx) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    open_ids: set[str] = set()
    texts: dict[str, list[str]] = {}
    skip = {W + "del", W + "moveFrom", W + "instrText"}

    def walk(el):
        for child in el:
            if child.tag in skip:
                continue
            if child.tag == W + "commentRangeStart":
                open_ids.add(child.get(W + "id"))
                texts.setdefault(child.get(W + "id"), [])
            elif child.tag == W + "commentRangeEnd":
                open_ids.discard(child.get(W + "id"))
            elif child.tag == W + "t":
                for cid in open_ids:
                    texts[cid].append(child.text or "")
            else:
                walk(child)

    walk(root)
    return {k: "".join(v) for k, v in texts.items()}


def comments(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as zf:
        root = etree.fromstring(zf.read("word/comments.xml"))
    return {c.get(W + "id"): "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p")) for c in root.iter(W + "comment")}


@pytest.mark.parametrize(
    "name",
    ["contracts/construction-school-renovation-long.docx", "contracts/goods-medical-equipment.docx", "contracts/goods-office-furniture.txt", "normative/norm-market-management.txt", "contracts/services-cleaning-school.txt"],
)
def test_every_comment_lies_on_its_excerpt(tmp_path, cli, name):
    src = ROOT / "corpus" / name
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "批注.docx"
    r = cli("check", src, "--annotate", out, "--format", "json")
    assert r.code in (0, 1), r.err
    findings = json.loads(r.out)["findings"]
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # the original is untouched
    anchored, notes = anchored_texts(out), comments(out)
    assert len(notes) == len(findings) > 0
    for f in findings:
        cid = next(k for k, v in notes.items() if v.startswith(f"【{f['severity']}】{f['title']}（{f['rule']}）") and f["message"] in v)
        assert notes[cid].count("依据：") == len(f["basis"])
        if f["excerpt"]:
            for part in f["excerpt"].split("…"):
                assert part.strip() in anchored[cid].replace("\n", " "), (f["rule"], part, anchored[cid])
        else:
            assert anchored[cid]  # a whole-document finding sits on the title


def test_annotated_copy_still_reads_and_refuses_to_overwrite(tmp_path, cli):
    src = tmp_path / "合同.docx"
    src.write_bytes((ROOT / "corpus" / "contracts" / "goods-medical-equipment.docx").read_bytes())
    out = tmp_path / "批注.docx"
    assert cli("check", src, "--annotate", out).code == 1
    again = json.loads(cli("check", out, "--format", "json").out)
    original = json.loads(cli("check", src, "--format", "json").out)
    assert [f["rule"] for f in again["findings"] if not f["rule"].startswith("INGEST")] == [f["rule"] for f in original["findings"]]
    assert any(f["rule"] == "INGEST.COMMENTS" for f in again["findings"])
    r = cli("check", src, "--annotate", src)
    assert r.code == 2 and "不能覆盖原文件" in r.err
