"""A self-contained HTML report: the findings, then the document with the findings'
sentences highlighted by severity; filters on screen, a clean work paper on paper.
Works offline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from reviewer.findings import SEVERITIES, SEVERITY_RANK

TOPICS = [
    ("CONTRACT.ESSENTIAL", "必备条款"),
    ("CONTRACT.BREACH", "违约责任"),
    ("CONTRACT.PAYMENT", "付款"),
    ("DEPOSIT", "保证金"),
    ("PRICE", "价款"),
    ("DISPUTE", "争议解决"),
    ("AMOUNT", "金额"),
    ("DATE", "日期"),
    ("NORM", "规范性文件内容"),
    ("REG", "登记编号"),
    ("PARTY", "当事人"),
    ("INGEST", "文件读取"),
]
SEV_CLASS = {"必须修改": "must", "建议修改": "should", "提示": "note"}
NUMERIC = re.compile(r"[\s\d,.，．%％¥￥+\-]{1,24}")
KIND = {"contract": "合同", "tender": "招标（采购、比选）文件", "normative": "行政规范性文件", "other": "其他文件"}


def topic_of(point: str | None, rule: str) -> str:
    key = point or rule
    return next((name for prefix, name in TOPICS if key.startswith(prefix) or rule.startswith(prefix)), "其他")


@dataclass
class Segment:
    text: str
    ids: list[str]  # finding ids covering this piece of text
    cls: str  # severity class of the most serious finding covering it
    anchors: list[str]  # element ids of the findings that start here
    numbers: list[int] = field(default_factory=list)  # their numbers, printed as [n] so paper readers can cross-reference


def _segments(block, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """Cut a block's text at every finding boundary; each piece knows its findings."""
    cuts = {0, len(block.text)}
    local = []
    for start, end, fid, sev in spans:
        a, b = max(start - block.start, 0), min(end - block.start, len(block.text))
        if a < b:
            local.append((a, b, fid, sev))
            cuts |= {a, b}
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        covering = [(fid, sev, s) for s, e, fid, sev in local if s <= a and b <= e]
        worst = min((SEVERITY_RANK[sev] for _, sev, _ in covering), default=None)
        starting = [fid for fid, _, s in covering if s == a]
        out.append(
            Segment(
                block.text[a:b],
                [fid for fid, _, _ in covering],
                SEV_CLASS[SEVERITIES[worst]] if worst is not None else "",
                [f"m-{fid}" for fid in starting],
                [int(fid[1:]) for fid in starting],
            )
        )
    return out


def _layout(blocks, spans_by_block: dict[int, list]) -> tuple[list[dict], list[dict]]:
    """The body in reading order as paragraphs, page marks and whole tables, plus the
    header/footer lines apart (they repeat on every page and would interrupt the text).

    The reader gives one block per non-empty table cell with its table, row and column;
    a table is drawn where its first cell comes, as a grid with the empty cells left
    blank. The reader does not pass on merged cells (a merged cell is one column wide
    here) nor where a nested table sits: a nested table is drawn as its own table
    next to the outer one, in the order their first cells come."""
    body: list[dict] = []
    margins: list[dict] = []
    tables: dict[int, dict] = {}
    page = None
    for b in blocks:
        item = {"b": b, "segments": _segments(b, spans_by_block.get(b.index, []))}
        if b.kind in ("header", "footer"):
            margins.append(item)
            continue
        if b.page and b.page != page:
            page = b.page
            body.append({"type": "page", "page": page})
        if b.kind == "cell" and b.table is not None:
            table = tables.get(b.table)
            if table is None:
                table = tables[b.table] = {"type": "table", "number": b.table, "cells": {}}
                body.append(table)
            # figures stay whole: long identifiers may break anywhere to fit the page, amounts may not
            item["num"] = bool(NUMERIC.fullmatch(b.text))
            table["cells"][(b.row or 1, b.col or 1)] = item
        else:
            body.append({"type": "block", **item})
    for table in tables.values():
        cells = table.pop("cells")
        n_rows = max(r for r, _ in cells)
        n_cols = max(c for _, c in cells)
        table["rows"] = [[cells.get((r, c)) for c in range(1, n_cols + 1)] for r in range(1, n_rows + 1)]
    return body, margins


def _css_string(text: str, limit: int = 40) -> Markup:
    """A CSS string literal for the printed running header; every character that could
    end the string or the <style> element is written as a CSS escape."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    out = "".join(f"\\{ord(c):x} " if c in "\\\"'<>&" else c for c in text)
    return Markup(f'"{out}"')


def _default_office() -> str:
    from reviewer.errors import UsageError
    from reviewer.report.opinion import load_template

    try:
        return str(load_template().get("office", ""))
    except UsageError:
        return ""  # a broken letter template must not stop the HTML report; the 审查机关 line stays blank to fill in


@lru_cache(maxsize=1)
def _environment():
    """One jinja environment per process: compiling the template costs more than
    filling it (a batch renders hundreds of reports)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("reviewer.report", "templates"), autoescape=select_autoescape(["html", "j2"]))


def render_html(rv, office: str | None = None, reviewer: str | None = None, date: dt.date | None = None) -> str:
    """`office` defaults to the letter template's 审查机关, `date` to today; a missing
    `reviewer` leaves a line to sign on the printed paper."""
    env = _environment()
    items = []
    spans_by_block: dict[int, list] = {}
    for n, f in enumerate(rv.findings, 1):
        fid = f"f{n}"
        loc = f.location
        # the rule id is shown once; the catalogue point only when the rule id does not already spell it out
        point = f.point if f.point and not f.rule.startswith(f.point) else None
        items.append({"id": fid, "n": n, "f": f, "cls": SEV_CLASS[f.severity], "topic": topic_of(f.point, f.rule), "located": loc.excerpt_start is not None, "point": point})
        if loc.excerpt_start is not None:
            block = rv.doc.block_at(loc.excerpt_start)
            if block is not None:
                spans_by_block.setdefault(block.index, []).append((loc.excerpt_start, loc.excerpt_end, fid, f.severity))
    body, margins = _layout(rv.doc.blocks, spans_by_block)
    counts = {s: sum(1 for f in rv.findings if f.severity == s) for s in SEVERITIES}
    names = [name for _, name in TOPICS]
    topics = sorted({i["topic"] for i in items}, key=lambda t: names.index(t) if t in names else 99)
    file_name = Path(rv.file).name  # the folder path means nothing on paper
    title = rv.facts.title or file_name
    date = date or dt.date.today()
    return env.get_template("report.html.j2").render(
        rv=rv,
        title=title,
        file_name=file_name,
        kind=KIND.get(rv.facts.get("kind"), rv.facts.get("kind")),
        items=items,
        body=body,
        margins=margins,
        counts=counts,
        severities=SEVERITIES,
        sev_class=SEV_CLASS,
        topics=topics,
        office=_default_office() if office is None else office,
        reviewer=reviewer or "",
        date=f"{date.year}年{date.month}月{date.day}日",
        running_title=_css_string(f"合法性审查报告 · {title}"),
    )
