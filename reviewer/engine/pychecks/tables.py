"""Tables as rows of cells (Word tables and pipe-separated lines), numbers in cells, offsets."""

from __future__ import annotations

import re

from reviewer.engine.context import Context


_NUM = re.compile(r"^\s*[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(元)?\s*$")


def _num(cell: str) -> float | None:
    m = _NUM.match(cell.replace(" ", ""))
    if not m:
        return None
    return float(m.group(1).replace(",", "") + (("." + m.group(2)) if m.group(2) else ""))


def _tables(ctx: Context):
    """Rows of cells with their normalised offsets: Word tables and pipe-separated text lines."""
    doc, norm = ctx.doc, ctx.doc.norm
    tables: dict[object, dict[int, list]] = {}
    for b in doc.blocks:
        if b.kind == "cell":
            tables.setdefault(b.table, {}).setdefault(b.row, []).append((b.text, b.start))
    current: list = []
    key = 0
    for b in doc.blocks:
        line = b.text.replace("｜", "|")  # a full-width bar separates cells too
        if b.kind in ("line", "paragraph") and line.count("|") >= 3:
            cells, pos = [], b.start
            for part in line.split("|"):
                cells.append((part.strip(), pos + (len(part) - len(part.lstrip()))))
                pos += len(part) + 1
            current.append(cells)
        elif current:
            key += 1
            tables[f"t{key}"] = dict(enumerate(current, 1))
            current = []
    if current:
        tables[f"t{key + 1}"] = dict(enumerate(current, 1))
    return tables, norm


def _orig_to_norm(norm, orig: int) -> int:
    # inverse of the piecewise map: find the segment whose original start is <= orig
    from bisect import bisect_right

    k = bisect_right(norm.seg_orig, orig) - 1
    return norm.seg_norm[k] + (orig - norm.seg_orig[k])
