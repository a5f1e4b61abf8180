"""Findings as Word comments (批注) in a copy of the reviewed document.

The comment is anchored on the quoted sentence itself: the runs that hold it are
split at the sentence's first and last character so the highlighted text is
exactly the sentence. The original file is never written to. A PDF or text input
gets a .docx rendering of its text (one paragraph per block) with the comments.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reviewer.errors import UsageError
# the reader's own rules for which elements hold accepted text, so offsets agree
from reviewer.ingest.docx import SKIP_TAGS as _SKIP
from reviewer.ingest.docx import TEXT_TAGS as _TEXT

AUTHOR = "合法性审查"
INITIALS = "审"


def _piece_len(el) -> int:
    if el.tag == qn("w:t"):
        return len(el.text or "")
    if el.tag == qn("w:sym"):
        ch = el.get(qn("w:char"))
        try:
            return 1 if ch and int(ch, 16) < 0xF000 else 0
        except ValueError:
            return 0
    return 1


def _runs(p) -> list[tuple[object, int]]:
    """The text-bearing runs of a paragraph with their text lengths, in the order
    and under the rules the reader used (deleted text and fallbacks skipped)."""
    out = []

    def walk(el):
        for child in el:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == qn("w:r"):
                n = sum(_piece_len(c) for c in child if c.tag in _TEXT)
                out.append((child, n))
            else:
                walk(child)

    walk(p)
    return out


def _split_run(r, k: int):
    """Split run `r` after its k-th character; return the new second run."""
    second = copy.deepcopy(r)
    pos = 0
    firsts = [c for c in r if c.tag in _TEXT]
    seconds = [c for c in second if c.tag in _TEXT]
    for a, b in zip(firsts, seconds):
        n = _piece_len(a)
        if pos + n <= k:
            second.remove(b)
        elif pos >= k:
            r.remove(a)
        else:  # the split falls inside this w:t
            cut = k - pos
            a.text, b.text = a.text[:cut], a.text[cut:]
            for t in (a, b):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        pos += n
    r.addnext(second)
    return second


def _split_at(p, offset: int) -> None:
    """Make `offset` of paragraph `p` fall on a run boundary."""
    pos = 0
    for r, n in _runs(p):
        if pos < offset < pos + n:
            _split_run(r, offset - pos)
            return
        pos += n


def _anchor_runs(p, start: int, end: int):
    """Split runs so that exactly characters [start, end) of paragraph `p` are whole runs."""
    _split_at(p, start)
    _split_at(p, end)
    covered, pos = [], 0
    for r, n in _runs(p):
        if n and pos >= start and pos + n <= end:
            covered.append(r)
        pos += n
    return covered


def _comment_paragraphs(f) -> list[str]:
    lines = [f"【{f.severity}】{f.title}（{f.rule}）", f.message]
    for b in f.basis:
        lines.append(f"依据：{b.citation}" + (f"：“{b.quote}”" if b.verified else "（原文待核实）"))
    if f.suggestion:
        lines.append(f"建议：{f.suggestion.removeprefix('建议')}")
    if f.assumed:
        lines.append("假定：" + "；".join(f"{k}：{v}" for k, v in f.assumed.items()))
    return lines


def _locate(doc, block, offset: int) -> tuple[int, int] | None:
    """(paragraph ordinal, offset in that paragraph) for an offset inside a block."""
    pos = 0
    for ordinal, length in block.sources:
        if offset <= pos + length:
            return ordinal, offset - pos
        pos += length + 1  # the "\n" joining a cell's paragraphs
    return None


def render_text_docx(doc, path: str) -> None:
    """A .docx rendering of a PDF or text document: one paragraph per block."""
    out = open_docx()
    for b in doc.blocks:
        p = out.add_paragraph()
        lines = b.text.split("\n")
        run = p.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run = p.add_run(line)
    out.save(path)


def annotate(review, out_path: str | Path) -> int:
    """Write a commented copy of the reviewed document; return the number of comments."""
    from reviewer.ingest import load

    src = Path(review.file)
    out_path = Path(out_path)
    if out_path.exists() and src.exists() and out_path.resolve() == src.resolve():
        raise UsageError("批注文件不能覆盖原文件，请用 --annotate 指定另一个文件名")
    doc = review.doc
    if not doc.blocks or not any(b.sources for b in doc.blocks):
        # PDF, text, or a converted file: annotate a rendering of the same text
        render_text_docx(doc, str(out_path))
        doc = load(out_path)
        word = open_docx(str(out_path))
    else:
        word = open_docx(str(src))
    body = word.element.body
    paragraphs = list(body.iter(qn("w:p")))
    title_block = next((b for b in doc.blocks if b.sources and b.kind == "paragraph"), None)
    count = 0
    for f in review.findings:
        loc = f.location
        target = None
        if loc.excerpt_start is not None:
            block = doc.block_at(loc.excerpt_start)
            if block is not None and block.sources and block.kind in ("paragraph", "cell"):
                a = _locate(doc, block, loc.excerpt_start - block.start)
                b = _locate(doc, block, loc.excerpt_end - block.start)
                if a and b and a[0] == b[0] and a[0] >= 0:
                    target = (a[0], a[1], b[1])
        if target is None and title_block is not None:  # a whole-document finding: on the title
            ordinal, length = title_block.sources[0]
            target = (ordinal, 0, length)
        if target is None:
            continue
        p = paragraphs[target[0]]
        runs = _anchor_runs(p, target[1], target[2])
        if not runs:
            continue
        para = Paragraph(p, word._body)
        lines = _comment_paragraphs(f)
        comment = word.add_comment([Run(runs[0], para), Run(runs[-1], para)], text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)
        count += 1
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    try:
        word.save(str(tmp))
        tmp.replace(out_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"无法写入批注文件 {out_path}（{exc.strerror}）") from None
    return count
