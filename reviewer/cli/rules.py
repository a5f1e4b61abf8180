"""`reviewer rules list|test|schema` and `reviewer explain`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console
from reviewer.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from rich.markup import escape


@click.group(context_settings=CONTEXT)
def rules():
    """审查规则：列出、自测、导出规则文件格式。"""


@rules.command("list", context_settings=CONTEXT)
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录。")
def rules_list(rules_dir):
    """列出全部规则：编号、审查要点、级别、标题。"""
    from rich.table import Table

    from reviewer.engine.loader import load_rules

    rs = load_rules(Path(rules_dir) if rules_dir else None)
    table = Table(title=f"审查规则（共 {len(rs.rules)} 条）")
    for col in ("规则编号", "审查要点", "级别", "适用", "标题"):
        table.add_column(col)
    for r in rs.rules:
        table.add_row(r.id, r.point or "—", r.severity, "、".join(r.applies_to), r.title)
    _console().print(table)


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
        console.print(f"[red]失败[/red] {r.rule}：{want}：{r.text[:60]}")
    console.print(f"{len(results) - len(bad)} passed, {len(bad)} failed")
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


@rules.command("schema", context_settings=CONTEXT)
def rules_schema():
    """输出规则文件的 JSON Schema（供编辑器自动补全、校验）。"""
    from reviewer.engine.schema import RulePack

    sys.stdout.write(json.dumps(RulePack.model_json_schema(by_alias=True), ensure_ascii=False, indent=2) + "\n")


@click.command(context_settings=CONTEXT)
@click.argument("rule_id", metavar="规则编号")
def explain(rule_id):
    """说明一条规则：审查什么、为什么、依据原文、示例。"""
    from reviewer.engine.loader import load_rules

    rs = load_rules()
    rule = rs.get(rule_id) or next((r for r in rs.rules if r.point == rule_id), None)
    if rule is None:
        raise UsageError(f"没有编号为 {rule_id} 的规则（运行 reviewer rules list 查看全部规则）")
    console = _console()
    console.print(f"[bold]{rule.id}[/bold]  {rule.title}")
    console.print(f"审查要点：{rule.point or '—'}    级别：{rule.severity}    适用：{'、'.join(rule.applies_to)}")
    if rule.why:
        console.print(f"\n为什么：{rule.why}")
    console.print(f"\n检查方式：{rule.check.kind}（概念与句内间隔已展开）")
    for key, value in rule.check.model_dump(by_alias=True).items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            for v in value:
                console.print(f"  {key}: {escape(v)}", highlight=False)
    for b in (rs.basis.resolve(k) for k in rule.basis):
        console.print(f"\n依据：{b.citation}" + (f"\n“{b.quote}”" if b.verified else "（原文待核实，仅列名称）"))
    console.print("\n应命中的示例：")
    for ex in rule.examples.hit:
        console.print(f"  ✗ {ex if isinstance(ex, str) else ex.text}")
    console.print("不应命中的示例：")
    for ex in rule.examples.clean:
        console.print(f"  ✓ {ex if isinstance(ex, str) else ex.text}")
