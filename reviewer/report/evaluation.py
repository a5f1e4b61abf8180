"""`reviewer eval` results as a terminal report (rich tables) or as JSON."""

from __future__ import annotations

from rich.table import Table

from reviewer.evaluate import EvalResult, PointScore

KIND_CN = {"contract": "合同", "tender": "招标采购文件", "normative": "规范性文件", "other": "其他"}
COLUMNS = ("命中", "漏报", "误报", "其中诱饵", "准确率", "召回率")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def _score(s: PointScore) -> dict:
    return {"tp": s.tp, "fn": s.fn, "fp": s.fp, "decoys_hit": s.decoys_hit, "precision": s.precision, "recall": s.recall}


def _row(s: PointScore) -> tuple[str, ...]:
    return (str(s.tp), str(s.fn), str(s.fp), str(s.decoys_hit), _pct(s.precision), _pct(s.recall))


def as_json(res: EvalResult) -> dict:
    return {
        "documents": res.documents,
        "overall": _score(res.total),
        "points": {p: _score(s) for p, s in sorted(res.points.items())},
        "kinds": {k: _score(s) for k, s in sorted(res.kinds.items())},
        "sets": {k: _score(s) for k, s in sorted(res.sets.items())},
        "facts": {"checked": len(res.facts), "right": sum(c.ok for c in res.facts), "wrong": [c.__dict__ for c in res.facts if not c.ok]},
        "misses": [dict(zip(("file", "point", "anchor"), m)) for m in res.misses],
        "false_alarms": [dict(zip(("file", "rule", "excerpt", "decoy"), m)) for m in res.false_alarms],
        "must_fix_false_alarms": [dict(zip(("file", "rule", "excerpt"), m)) for m in res.must_fix_false_alarms],
        "skipped": res.skipped,
        "errors": res.errors,
    }


def print_terminal(res: EvalResult, console, verbose: bool) -> None:
    table = Table(title=f"评测：{res.documents} 份文件（只计必须修改、建议修改）")
    for col in ("审查要点",) + COLUMNS:
        table.add_column(col, overflow="fold")
    for p, s in sorted(res.points.items()):
        table.add_row(p, *_row(s))
    table.add_row("合计", *_row(res.total), style="bold")
    console.print(table)
    for title, groups in (("按文件类型", res.kinds), ("按语料集", res.sets)):
        if len(groups) > 1:
            t = Table(title=title)
            for col in ("",) + COLUMNS:
                t.add_column(col)
            for k, s in sorted(groups.items()):
                t.add_row(KIND_CN.get(k, k), *_row(s))
            console.print(t)
    if res.facts:
        right = sum(c.ok for c in res.facts)
        console.print(f"文件事实（标题、类型、当事人、金额、日期等）：{right}/{len(res.facts)} 项与标注一致（{right / len(res.facts):.0%}）")
    if res.must_fix_false_alarms:
        console.print(f"[red]必须修改误报 {len(res.must_fix_false_alarms)} 处[/red]")
    if verbose:
        for f, p, a in res.misses:
            console.print(f"漏报 {f} {p}：{a or '（全文）'}")
        for f, r, e, d in res.false_alarms:
            console.print(f"误报{'（诱饵）' if d else ''} {f} {r}：{e}")
        for c in res.facts:
            if not c.ok:
                console.print(f"事实不符 {c.file} {c.field}：标注“{c.expected}”，识别为“{c.got}”")
    for e in res.skipped:
        console.print(f"[yellow]跳过[/yellow] {e}")
    for e in res.errors:
        console.print(f"[red]无法评测[/red] {e}")
