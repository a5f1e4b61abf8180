"""`reviewer eval`: precision and recall against labelled documents."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console
from reviewer.errors import EXIT_ERROR, EXIT_OK


@click.command("eval", context_settings=CONTEXT)
@click.argument("directory", metavar="目录")
@click.option("--format", "-f", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True, help="报告格式。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录。")
@click.option("--verbose", "-v", is_flag=True, help="列出每一个漏报和误报。")
def eval_cmd(directory, fmt, rules_dir, verbose):
    """按 *.expect.toml 计算各审查要点的准确率（precision）和召回率（recall）。"""
    from reviewer.engine.loader import load_rules
    from reviewer.evaluate import evaluate
    from reviewer.report import evaluation

    rs = load_rules(Path(rules_dir) if rules_dir else None)
    res = evaluate(Path(directory), rs)
    if fmt == "json":
        sys.stdout.write(json.dumps(evaluation.as_json(res), ensure_ascii=False, indent=2) + "\n")
    else:
        evaluation.print_terminal(res, _console(), verbose)
    sys.exit(EXIT_ERROR if res.errors else EXIT_OK)
