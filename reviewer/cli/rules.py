"""`reviewer rules list|test|schema` and `reviewer explain`."""

from __future__ import annotations

import difflib
import json
import re
import sys
from pathlib import Path

import click
from rich.markup import escape

from reviewer.cli.common import CONTEXT, _console, _write_csv, _write_output
from reviewer.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from reviewer.findings import SEVERITIES

KIND_NAMES = {"contract": "合同", "tender": "招标采购文件", "normative": "规范性文件", "other": "其他文件"}
CHECK_KINDS = {"forbid": "不得出现的表述", "require": "必须具备的内容", "threshold": "数量界限", "consistency": "前后一致",
               "conditional": "有此须有彼", "python": "专门的检查程序"}
CHECK_KEYS = {"patterns": "表述", "near": "同句须有", "unless": "例外", "unless_document": "全文例外", "any": "须有其一",
              "topics": "条款主题", "find": "涉及", "after": "在其后", "followed_by": "紧接其后", "if": "出现", "then": "须有",
              "document_has": "文件须有", "document_lacks": "文件不得有"}
# JSON keys, and the Chinese column heads of the CSV (an office opens it in a spreadsheet as it is)
FIELDS = [("id", "规则编号"), ("point", "审查要点"), ("severity", "级别"), ("applies_to", "适用"), ("title", "标题"), ("basis", "依据")]


@click.group(context_settings=CONTEXT)
def rules():
    """审查规则：列出、自测、导出规则文件格式。"""


@rules.command("list", context_settings=CONTEXT)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="输出格式：table 屏幕表格 / json / csv（可用 Excel 打开）。")
@click.option("--out", "-o", "out", metavar="文件", help="保存到文件（json、csv；csv 带 BOM，可直接用 Excel 打开）。")
@click.option("--pack", "packs", multiple=True, metavar="规则包", help="只列出这个规则包的规则（如 contract、general、normative），可多次使用。")
@click.option("--point", metavar="审查要点", help="只列出这个审查要点的规则，可只写开头，如 DEPOSIT。")
@click.option("--severity", type=click.Choice(list(SEVERITIES)), help="只列出这个级别的规则。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录。")
def rules_list(fmt, out, packs, point, severity, rules_dir):
    """列出全部规则：编号、审查要点、级别、适用的文件、标题。

    \b
    例：
      reviewer rules list --point DEPOSIT
      reviewer rules list --severity 必须修改 --format csv -o 规则.csv
    """
    from reviewer.engine.loader import load_rules

    rs = load_rules(Path(rules_dir) if rules_dir else None, packs=list(packs) or None)
    if packs and not rs.rules:
        folders = sorted({p.parent.name for p in (rs.root or Path(".")).glob("*/*.yaml")})
        raise UsageError(f"没有名为 {'、'.join(packs)} 的规则包（可用：{'、'.join(folders)}）")
    chosen = [r for r in rs.rules if (not point or (r.point or "").upper().startswith(point.strip().upper())) and (not severity or r.severity == severity)]
    if fmt == "json":
        rows = [{"id": r.id, "point": r.point, "severity": r.severity, "applies_to": list(r.applies_to), "title": r.title, "basis": list(r.basis)} for r in chosen]
        _write_output(out, json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        rows = ([r.id, r.point or "", r.severity, _applies(r), r.title, "；".join(rs.basis.resolve(k).citation for k in r.basis)] for r in chosen)
        _write_csv(out, [name for _, name in FIELDS], rows)
    else:
        if out:
            raise UsageError("--format table 只在屏幕上显示：保存到文件请加 --format csv 或 --format json")
        _print_table(chosen, filtered=len(chosen) != len(rs.rules))


def _print_table(chosen: list, filtered: bool) -> None:
    from rich import box
    from rich.table import Table

    console = _console()
    if not chosen:
        console.print("没有符合条件的规则。")
        return
    console.print(f"审查规则（{'符合条件的 ' if filtered else '共 '}{len(chosen)} 条）", style="bold")
    # The id is what an officer types into `reviewer explain`, so it is never cut. When the
    # window leaves too little room for a readable title beside the longest id (80 columns
    # do), each rule takes two lines instead of a table row.
    widest = max(len(r.id) for r in chosen)
    if console.width < widest + 60:
        for r in chosen:
            console.print(f"[bold]{r.id}[/bold]  {r.severity}  {_applies(r)}")
            console.print(f"    {escape(r.title)}" + (f"  [dim]〔审查要点 {r.point}〕[/dim]" if r.point and r.point != r.id else ""))
        return
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("规则编号", no_wrap=True, min_width=widest)
    table.add_column("级别", no_wrap=True)
    table.add_column("适用", max_width=20, overflow="fold")
    table.add_column("标题", ratio=1, overflow="fold")
    for r in chosen:
        point = f"\n[dim]审查要点 {r.point}[/dim]" if r.point and r.point != r.id else ""
        table.add_row(r.id, r.severity, _applies(r), escape(r.title) + point)
    console.print(table)


def _applies(rule) -> str:
    return "、".join(KIND_NAMES.get(k, k) for k in rule.applies_to)


@rules.command("test", context_settings=CONTEXT)
@click.argument("packs", nargs=-1, metavar="[规则包...]")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录（检验自己编写的规则包）。")
def rules_test(packs, rules_dir):
    """运行规则自带的示例：应命中的必须命中，应通过的不得命中。"""
    from reviewer.engine.examples import run_examples
    from reviewer.engine.loader import load_rules

    rs = load_rules(Path(rules_dir) if rules_dir else None, packs=list(packs) or None)
    results = run_examples(rs)
    console = _console()
    bad = [r for r in results if not r.ok]
    for r in bad:
        want = "应命中却未命中" if r.expect == "hit" else f"不应命中却命中 {r.got} 次"
        console.print(f"[red]失败[/red] {r.rule}：{want}：{escape(r.text[:60])}")
    console.print(f"示例检验：通过 {len(results) - len(bad)} 条，失败 {len(bad)} 条")
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


@rules.command("schema", context_settings=CONTEXT)
def rules_schema():
    """输出规则文件的 JSON Schema（供编辑器自动补全、校验）。"""
    from reviewer.engine.schema import RulePack

    sys.stdout.write(json.dumps(RulePack.model_json_schema(by_alias=True), ensure_ascii=False, indent=2) + "\n")


@click.command(context_settings=CONTEXT)
@click.argument("query", nargs=-1, required=True, metavar="规则编号或关键词")
def explain(query):
    """说明一条规则：审查什么、为什么、依据原文、示例。

    \b
    可以写规则编号（不分大小写，写开头即可）、审查要点编号，或者关键词：
      reviewer explain deposit.performance_10pct
      reviewer explain 质量保证金             列出有关的规则，只有一条时直接说明
    """
    from reviewer.engine.loader import load_rules

    rs = load_rules()
    text = " ".join(query).strip()
    points = _points(rs)
    found, heading = find_rules(rs, points, text)
    console = _console()
    if len(found) == 1:
        _print_rule(console, rs, found[0])
        return
    if not found:
        point = points.get(text.upper())
        if point:  # a catalogue point that no rule checks (yet): say so rather than "not found"
            console.print(f"[bold]{text.upper()}[/bold]  {point.get('title', '')}")
            console.print("这个审查要点目前没有自动审查的规则，需人工审查。")
            return
        raise UsageError(_not_found(rs, points, text))
    console.print(heading)
    for r in found:
        console.print(f"  {r.id}  {escape(r.title)}")
    console.print("运行 reviewer explain 规则编号 查看其中一条的详细说明。")


def _points(rs) -> dict:
    """The review-point catalogue (rules/points.yaml) beside the rules, if there is one."""
    import yaml

    from reviewer.paths import default_rules_dir

    for folder in (rs.root, default_rules_dir()):
        path = Path(folder or ".") / "points.yaml"
        if path.exists():
            return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("points", {})
    return {}


def find_rules(rs, points: dict, text: str) -> tuple[list, str]:
    """Rules for what an officer typed: an id (any case, or its unique start), a point id,
    or keywords. Returns the rules and the heading for a list of several."""
    up = text.upper()
    exact = [r for r in rs.rules if r.id == up]
    if exact:
        return exact, ""
    by_point = [r for r in rs.rules if r.point == up]
    if by_point:
        return by_point, f"审查要点 {up}（{points.get(up, {}).get('title', '')}）有 {len(by_point)} 条规则："
    started = [r for r in rs.rules if r.id.startswith(up)]
    if started and re.fullmatch(r"[A-Z0-9_.]+", up):
        return started, f"编号以 {up} 开头的规则有 {len(started)} 条："
    words = text.lower().split()
    hits = [r for r in rs.rules if all(w in _haystack(rs, points, r) for w in words)]
    return hits, f"与“{text}”有关的规则有 {len(hits)} 条："


def _haystack(rs, points: dict, rule) -> str:
    """What a keyword search looks in: title, point and its title, why, the laws relied on."""
    laws = " ".join(f"{b.law} {b.short}" for b in (rs.basis.resolve(k) for k in rule.basis))
    point_title = points.get(rule.point or "", {}).get("title", "")
    return " ".join([rule.id, rule.title, rule.point or "", point_title, rule.why, laws]).lower()


def _not_found(rs, points: dict, text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.]+", text):
        return f"没有找到与“{text}”有关的规则（可以换一个词，或运行 reviewer rules list 查看全部规则）"
    known = list(dict.fromkeys([r.id for r in rs.rules] + list(points)))
    near = difflib.get_close_matches(text.upper(), known, n=5, cutoff=0.6)
    guess = f"您是否要找：{'、'.join(near)}？" if near else ""
    return f"没有编号为 {text} 的规则。{guess}（运行 reviewer rules list 查看全部规则）"


def _print_rule(console, rs, rule) -> None:
    console.print(f"[bold]{rule.id}[/bold]  {escape(rule.title)}")
    console.print(f"审查要点：{rule.point or '—'}    级别：{rule.severity}    适用：{_applies(rule)}")
    if rule.why:
        console.print(f"\n为什么：{escape(rule.why)}")
    # Chinese first; the rule-file word in brackets, for whoever writes rules
    console.print(f"\n检查方式：{CHECK_KINDS.get(rule.check.kind, rule.check.kind)}（{rule.check.kind}；概念与句内间隔已展开）")
    for key, value in rule.check.model_dump(by_alias=True).items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            for v in value:
                console.print(f"  {CHECK_KEYS.get(key, key)}（{key}）：{escape(v)}", highlight=False)
    for b in (rs.basis.resolve(k) for k in rule.basis):
        console.print(f"\n依据：{b.citation}" + (f"\n“{b.quote}”" if b.verified else "（原文待核实，仅列名称）"))
    console.print("\n应命中的示例：")
    for ex in rule.examples.hit:
        console.print(f"  ✗ {escape(ex if isinstance(ex, str) else ex.text)}")
    console.print("不应命中的示例：")
    for ex in rule.examples.clean:
        console.print(f"  ✓ {escape(ex if isinstance(ex, str) else ex.text)}")
