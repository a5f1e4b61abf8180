"""`reviewer check`: review files and print or write the findings."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, KINDS, _console, _date_option, _parse_facts, _write_file, _write_output
from reviewer.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, UsageError
from reviewer.findings import SEVERITIES, SEVERITY_RANK


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="文件...")
@click.option("--format", "-f", "fmt", type=click.Choice(["terminal", "json", "sarif"]), default="terminal", show_default=True, help="报告格式。")
@click.option("--output", "-o", "out", metavar="文件", help="把报告写入文件（默认输出到屏幕）。")
@click.option("--type", "-t", "kind", type=click.Choice(KINDS), help="指定文件类型，不自动识别：contract 合同 / tender 招标采购文件 / normative 规范性文件 / other。")
@click.option("--fact", "facts", multiple=True, metavar="键=值", help="补充文中没有写明的事实，可多次使用，如 --fact supplier_size=小型 --fact signed_on=2025-08-01。")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="必须修改", show_default=True, help="有此级别及以上的问题时退出码为 1。")
@click.option("--exit-zero", is_flag=True, help="无论发现什么问题，退出码都为 0（读取失败仍为 2）。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="使用另一个规则目录（默认为内置规则）。")
@click.option("--annotate", "annotate_out", metavar="文件.docx", help="另存一份带批注的 Word 文件，每项审查意见批注在原文对应语句上（原文件不改动）。")
@click.option("--html", "html_out", metavar="文件.html", help="另存一份网页报告：原文高亮问题语句，可按级别、类别筛选，可直接打印为工作底稿。")
@click.option("--office", metavar="机关", help="网页报告页首的审查机关（默认取意见书模板 opinion.toml 的 office）。")
@click.option("--reviewer", "reviewer_name", metavar="姓名", help="网页报告页首的审查人（不填则留空，打印后手写）。")
@click.option("--date", "review_date", metavar="日期", help="网页报告页首的审查日期，如 2026-08-01（默认今天）。")
@click.option("--register", "use_register", is_flag=True, help="对照规范性文件登记簿核对文件自身的文号：是否已统一登记、是否与其他文件重号或使用了作废的文号。")
@click.option("--db", "db", metavar="文件|URL", help="与 --register 一起使用的登记数据库（默认同 reviewer register）。")
def check(paths, fmt, out, kind, facts, fail_on, exit_zero, rules_dir, annotate_out, html_out, office, reviewer_name, review_date, use_register, db):
    """审查一个或多个文件（.docx .pdf .txt .md；.doc .wps 需安装 LibreOffice）。

    退出码：0 未发现 --fail-on 级别及以上的问题；1 发现了；2 参数错误、文件无法读取或规则文件有误。
    """
    from reviewer.api import check_file
    from reviewer.engine.loader import load_rules

    user_facts = _parse_facts(facts)
    review_date = _date_option(review_date, "--date")  # a bad date stops before the (slow) review
    if not html_out and (office or reviewer_name or review_date):
        _console(stderr=True).print("提示：--office、--reviewer、--date 只用于 --html 网页报告，本次未使用")
    ruleset = load_rules(Path(rules_dir) if rules_dir else None)
    reviews, errors = [], []
    if db and not use_register:
        raise UsageError("--db 只与 --register 一起使用")
    store = _register_store(db) if use_register else None
    for path in paths:
        try:
            given = {**_register_facts(store, path), **user_facts} if store else user_facts
            reviews.append(check_file(path, ruleset, kind=kind, user_facts=given))
        except InputError as err:
            errors.append(err)
    if (annotate_out or html_out) and len(paths) > 1:
        raise UsageError("--annotate 和 --html 一次只能用于一个文件")
    if annotate_out and reviews:
        from reviewer.report.annotate import annotate

        n = annotate(reviews[0], annotate_out)
        _console(stderr=True).print(f"已生成批注文件 {annotate_out}（{n} 条批注）")
    if html_out and reviews:
        from reviewer.report.html import render_html

        _write_file(Path(html_out), lambda tmp: Path(tmp).write_text(render_html(reviews[0], office=office, reviewer=reviewer_name, date=review_date), encoding="utf-8"))
        _console(stderr=True).print(f"已生成网页报告 {html_out}")
    if fmt == "json":
        from reviewer.report.json_report import render

        _write_output(out, render(reviews, errors))
    elif fmt == "sarif":
        from reviewer.report.sarif import render

        _write_output(out, render(reviews, errors, ruleset))
    else:
        from reviewer.report.terminal import render, render_error

        if out:
            from io import StringIO

            from rich.console import Console

            buf = StringIO()
            console = Console(file=buf, width=100, highlight=False, color_system=None)
            for rv in reviews:
                render(console, rv)
            _write_output(out, buf.getvalue())
        else:
            console = _console()
            for rv in reviews:
                render(console, rv)
        for err in errors:
            render_error(_console(stderr=True), err)
    if errors:
        sys.exit(EXIT_ERROR)
    worst = min((SEVERITY_RANK[f.severity] for rv in reviews for f in rv.findings), default=99)
    sys.exit(EXIT_FINDINGS if (not exit_zero and worst <= SEVERITY_RANK[fail_on]) else EXIT_OK)


def _register_store(db):
    from reviewer.cli.register import _store

    return _store(db)


def _register_facts(store, path: str) -> dict:
    """register_status / register_entry for the document's own 文号 (a normative document
    with a number); a file that cannot be read is left for check_file to report."""
    import hashlib

    from reviewer.facts import infer
    from reviewer.ingest import load
    from reviewer.register.crosscheck import register_facts

    try:
        doc = load(path)
    except InputError:
        return {}
    facts = infer(doc)
    if facts.get("kind") != "normative" or not facts.doc_number:
        return {}
    return register_facts(store, facts.doc_number, facts.title, hashlib.sha256(Path(path).read_bytes()).hexdigest())
