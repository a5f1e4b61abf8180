"""Word automatic numbering: the label we compute equals LibreOffice's rendering.

LibreOffice's plain-text export writes each list paragraph's label in front of its
text, so a real .docx converted by LibreOffice is an independent oracle for the
numbering renderer. The real documents are compared paragraph by paragraph; small
hand-built documents pin each rule of Word's numbering (and are checked against
LibreOffice too when it is installed).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REALDOCS

from reviewer.ingest.docx import paragraph_labels

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_SPACE = re.compile(r"\s+")
# what a bare list label looks like once spaces are gone: 2  36.1  （三）  第五条  ②  a)
_BARE_LABEL = re.compile(r"[第(（]?[0-9０-９一二三四五六七八九十百零〇a-zA-Z①-⑳.．、-]{1,10}[)）章节条部分]{0,2}[.．、:：]?")


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def lo_text(tmp_path_factory):
    """docx path -> the lines LibreOffice writes for it (converted once per session)."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed: cannot compare numbering with its rendering")
    out = tmp_path_factory.mktemp("lo")
    profile = out / "profile"  # a private profile: another soffice running elsewhere does not block us
    cache: dict[Path, list[str]] = {}

    def convert(*paths: Path) -> None:
        todo = [p for p in paths if p not in cache]
        if not todo:
            return
        # one soffice start for many files: starting it costs more than converting
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), *map(str, todo)],
            capture_output=True,
            timeout=600,
        )
        for p in todo:
            txt = out / (p.stem + ".txt")
            cache[p] = txt.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n") if txt.exists() else []

    def get(path: Path) -> list[str]:
        convert(path)
        return cache[path]

    get.convert = convert
    return get


def _nospace(s: str) -> str:
    return _SPACE.sub("", s)


def _numbered(label: str) -> bool:
    # bullets (•, , ■ …) carry no number; every real label has a digit, letter or numeral
    return any(ch.isalnum() for ch in label)


def compare(docx: Path, lines: list[str]) -> tuple[int, int, list[str]]:
    """Align our paragraphs with LibreOffice's lines; (agreeing, numbered, mismatches).

    A paragraph is numbered when either side shows a label. A paragraph whose line
    cannot be found in LibreOffice's text counts as a disagreement if we labelled it.
    """
    lo = [_nospace(x) for x in lines]
    paras = [(_nospace(label), _nospace(next((x for x in text.split("\n") if x.strip()), "")), text) for label, text in paragraph_labels(str(docx))]
    i = 0
    agree, total, bad = 0, 0, []
    for ours, key, text in paras:
        theirs = None
        if not key:
            # An empty paragraph is one line: nothing, or a bare label. LibreOffice
            # drops an empty paragraph that only closes a section (it holds the
            # w:sectPr): such a paragraph is not found and not counted.
            if i < len(lo) and (not lo[i] or _BARE_LABEL.fullmatch(lo[i])):
                theirs, i = lo[i], i + 1
            else:
                continue
        else:
            for j in range(i, min(i + 60, len(lo))):
                line = lo[j]
                if len(key) < 30:
                    pos = len(line) - len(key)
                    hit = line.endswith(key) and pos <= 30
                else:
                    pos = line.find(key[:30])
                    hit = 0 <= pos <= 30
                if hit:
                    theirs, i = line[:pos], j + 1
                    break
        if theirs is None:
            if _numbered(ours):  # a labelled paragraph LibreOffice does not show
                total += 1
                bad.append(f"{ours!r} (未在 LibreOffice 文本中找到) {text[:30]!r}")
            continue
        if not (_numbered(ours) or _numbered(theirs)):
            continue
        total += 1
        if ours == theirs:
            agree += 1
        else:
            bad.append(f"ours {ours!r} LibreOffice {theirs!r}: {text[:30]!r}")
    return agree, total, bad


def _uses_numbering(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        if "word/numbering.xml" not in zf.namelist():
            return False
        return b"numId" in zf.read("word/document.xml") or b"numId" in zf.read("word/styles.xml")


def _real_numbered_docx() -> list[Path]:
    if not REALDOCS.is_dir():
        return []
    return [p for p in sorted(REALDOCS.glob("*.docx")) if _uses_numbering(p)]


@pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"real documents not found at {REALDOCS}")
def test_real_documents_numbering_matches_libreoffice(lo_text):
    files = _real_numbered_docx()
    if not files:
        pytest.skip("no real .docx with automatic numbering")
    lo_text.convert(*files)
    report, all_agree, all_total, failures = [], 0, 0, []
    for path in files:
        agree, total, bad = compare(path, lo_text(path))
        all_agree, all_total = all_agree + agree, all_total + total
        report.append(f"{path.name}: {agree}/{total} ({100 * agree / max(total, 1):.1f}%)")
        failures += [f"{path.name}: {b}" for b in bad[:8]]
    report.append(f"ALL: {all_agree}/{all_total} ({100 * all_agree / max(all_total, 1):.1f}%)")
    print("\n" + "\n".join(report))
    assert all_total > 0
    assert all_agree == all_total, "\n".join(report + failures)
