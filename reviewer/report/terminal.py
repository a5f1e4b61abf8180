"""The terminal report in Chinese, grouped by severity (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from reviewer.findings import SEVERITIES

_STYLE = {"必须修改": "bold red", "建议修改": "bold yellow", "提示": "cyan"}
_KIND = {"contract": "合同", "tender": "招标（采购、比选）文件", "normative": "行政规范性文件", "other": "其他文件"}


def _quote(text: str, limit: int = 180) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def render(console: Console, rv) -> None:
    facts = rv.facts
    head = Text()
    head.append(f"{rv.file}\n", style="bold")
    head.append(f"文件类型：{_KIND.get(facts.get('kind'), facts.get('kind'))}")
    if facts.title:
        head.append(f"    标题：{facts.title}")
    if facts.doc_number:
        head.append(f"    文号：{facts.doc_number}")
    head.append(f"\n共 {rv.doc.char_count} 字，{len(rv.doc.blocks)} 段" + (f"，{rv.doc.pages} 页" if rv.doc.pages else ""))
    console.print(Panel(head, title="合法性审查", expand=True))
    if not rv.findings:
        console.print("未发现问题。")
    number = 0
    for severity in SEVERITIES:
        group = [f for f in rv.findings if f.severity == severity]
        if not group:
            continue
        console.print(Text(f"\n【{severity}】{len(group)} 项", style=_STYLE[severity]))
        for f in group:
            number += 1
            where = f.clause or f.location.where or "全文"
            console.print(Text.assemble((f"{number}. ", "bold"), (f"{where}  ", "bold"), (f.title, _STYLE[severity]), (f"  [{f.rule}]", "dim")))
            if f.excerpt:
                console.print(f"   原文：“{escape(_quote(f.excerpt))}”")
            for r in f.related:
                console.print(f"   对照：“{escape(r)}”")
            console.print(f"   问题：{escape(f.message)}")
            for b in f.basis:
                if b.verified:
                    quote = (b.quote or "").replace("\n", "")  # an article's paragraphs read on as one line here
                    console.print(f"   依据：{escape(b.citation)}：“{escape(_quote(quote, 240))}”", style="dim")
                else:
                    console.print(f"   依据：{escape(b.citation)}（原文待核实）", style="dim")
            if f.suggestion:
                console.print(f"   建议：{escape(f.suggestion.removeprefix('建议'))}")
            if f.assumed:
                console.print("   假定：" + escape("；".join(f"{k}：{v}" for k, v in f.assumed.items())), style="dim")
    counts = {s: sum(1 for f in rv.findings if f.severity == s) for s in SEVERITIES}
    console.print(
        Text(f"\n共 {len(rv.findings)} 项：必须修改 {counts['必须修改']} 项，建议修改 {counts['建议修改']} 项，提示 {counts['提示']} 项。", style="bold")
    )


def render_error(console: Console, err) -> None:
    console.print(Text(f"错误：{err.message}", style="bold red"))
