"""A self-contained HTML report: the document with the findings' sentences
highlighted by severity, and a findings panel with filters; works offline."""

from __future__ import annotations

from dataclasses import dataclass

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
        anchors = [f"m-{fid}" for fid, _, s in covering if s == a]
        out.append(Segment(block.text[a:b], [fid for fid, _, _ in covering], SEV_CLASS[SEVERITIES[worst]] if worst is not None else "", anchors))
    return out


def render_html(rv) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("reviewer.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    items = []
    spans_by_block: dict[int, list] = {}
    for n, f in enumerate(rv.findings, 1):
        fid = f"f{n}"
        loc = f.location
        items.append({"id": fid, "n": n, "f": f, "cls": SEV_CLASS[f.severity], "topic": topic_of(f.point, f.rule), "located": loc.excerpt_start is not None})
        if loc.excerpt_start is not None:
            block = rv.doc.block_at(loc.excerpt_start)
            if block is not None:
                spans_by_block.setdefault(block.index, []).append((loc.excerpt_start, loc.excerpt_end, fid, f.severity))
    blocks = [{"b": b, "segments": _segments(b, spans_by_block.get(b.index, []))} for b in rv.doc.blocks]
    counts = {s: sum(1 for f in rv.findings if f.severity == s) for s in SEVERITIES}
    topics = sorted({i["topic"] for i in items}, key=lambda t: [name for _, name in TOPICS].index(t) if t in [n for _, n in TOPICS] else 99)
    return env.get_template("report.html.j2").render(
        rv=rv, kind=KIND.get(rv.facts.get("kind"), rv.facts.get("kind")), items=items, blocks=blocks, counts=counts, severities=SEVERITIES, sev_class=SEV_CLASS, topics=topics
    )
