"""`reviewer` command line: parse arguments, call the library, pick a formatter.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage error, unreadable input or broken rule file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click
from rich.markup import escape

from reviewer import __version__
from reviewer.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, ReviewerError, UsageError
from reviewer.findings import SEVERITIES, SEVERITY_RANK

KINDS = ["contract", "tender", "normative", "other"]
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _write_output(out: str | None, text: str) -> None:
    """Write whole or not at all: a failed run never leaves a half-written report."""
    if not out:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
        return
    _write_file(Path(out), lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def _parse_facts(items: tuple[str, ...]) -> dict:
    from reviewer.facts import parse_value

    out = {}
    for item in items:
        if "=" not in item:
            raise UsageError(f"--fact 应写成 key=value，例如 --fact supplier_size=小型（收到“{item}”）")
        key, value = item.split("=", 1)
        out[key.strip()] = parse_value(key.strip(), value, "--fact")
    return out


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", message="reviewer %(version)s")
def cli():
    """reviewer：合同、招标（采购、比选）文件、行政规范性文件的合法性审查工具（离线运行）。

    \b
    常用命令：
      reviewer check 合同.docx              审查一份文件，在终端显示审查意见
      reviewer check 合同.docx --format json -o 结果.json
      reviewer rules list                   列出全部审查规则
      reviewer explain DEPOSIT.PERFORMANCE_10PCT   查看一条规则的说明与依据原文
    """


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, metavar="文件...")
@click.option("--format", "-f", "fmt", type=click.Choice(["terminal", "json", "sarif"]), default="terminal", show_default=True, help="报告格式。")
@click.option("--output", "-o", "out", metavar="文件", help="把报告写入文件（默认输出到屏幕）。")
@click.option("--type", "-t", "kind", type=click.Choice(KINDS), help="指定文件类型，不自动识别：contract 合同 / tender 招标采购文件 / normative 规范性文件 / other。")
@click.option("--fact", "facts", multiple=True, metavar="键=值", help="补充文中没有写明的事实，可多次使用，如 --fact supplier_size=小型 --fact signed_on=2025-08-01。")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="必须修改", show_default=True, help="有此级别及以上的问题时退出码为 1。")
@click.option("--exit-zero", is_flag=True, help="无论发现什么问题，退出码都为 0（读取失败仍为 2）。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="使用另一个规则目录（默认为内置规则）。")
@click.option("--annotate", "annotate_out", metavar="文件.docx", help="另存一份带批注的 Word 文件，每项审查意见批注在原文对应语句上（原文件不改动）。")
@click.option("--html", "html_out", metavar="文件.html", help="另存一份网页报告：原文高亮问题语句，可按级别、类别筛选。")
def check(paths, fmt, out, kind, facts, fail_on, exit_zero, rules_dir, annotate_out, html_out):
    """审查一个或多个文件（.docx .pdf .txt .md；.doc .wps 需安装 LibreOffice）。

    退出码：0 未发现 --fail-on 级别及以上的问题；1 发现了；2 参数错误、文件无法读取或规则文件有误。
    """
    from reviewer.api import check_file
    from reviewer.engine.loader import load_rules

    user_facts = _parse_facts(facts)
    ruleset = load_rules(Path(rules_dir) if rules_dir else None)
    reviews, errors = [], []
    for path in paths:
        try:
            reviews.append(check_file(path, ruleset, kind=kind, user_facts=user_facts))
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

        _write_file(Path(html_out), lambda tmp: Path(tmp).write_text(render_html(reviews[0]), encoding="utf-8"))
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


def _date_option(value: str | None, name: str):
    from reviewer.report.opinion import parse_date

    return parse_date(value, name) if value else None


@cli.command(context_settings=CONTEXT)
@click.argument("path", metavar="文件")
@click.option("--out", "-o", "out", metavar="文件", help="意见书保存位置（默认为“<文件名>-合法性审查意见书.docx”）。")
@click.option("--format", "-f", "fmt", type=click.Choice(["docx", "md"]), default="docx", show_default=True, help="输出 Word 文件或 Markdown 文本。")
@click.option("--draft", is_flag=True, help="草稿：不取号，编号留空。")
@click.option("--db", "db", metavar="文件", help="登记数据库（默认为用户数据目录下的 reviewer.db，或环境变量 REVIEWER_DB）。")
@click.option("--template", "template_path", metavar="文件", help="意见书模板（默认为 rules/opinion.toml）。")
@click.option("--unit", default="", metavar="单位", help="送审单位。")
@click.option("--matter", default="", metavar="事项", help="送审事项（默认为文件标题）。")
@click.option("--received", metavar="日期", help="收件日期，如 2026-03-01。")
@click.option("--complete", metavar="日期", help="材料齐全日期。")
@click.option("--done", metavar="日期", help="审查完成日期（默认为今天）。")
@click.option("--due", metavar="日期", help="送审单位要求的完成日期（不足5个工作日时在意见书中说明）。")
@click.option("--material", "materials", multiple=True, metavar="材料", help="已收材料，可多次使用。")
@click.option("--missing", "missing", multiple=True, metavar="材料", help="缺少的材料，可多次使用。")
@click.option("--conclusion", type=click.Choice(["lawful", "amend", "unlawful"]), help="指定审查结论：lawful 合法 / amend 修改完善后… / unlawful 不合法。")
@click.option("--type", "-t", "kind", type=click.Choice(KINDS), help="指定文件类型。")
@click.option("--fact", "facts", multiple=True, metavar="键=值", help="补充文中没有写明的事实。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录。")
def opinion(path, out, fmt, draft, db, template_path, unit, matter, received, complete, done, due, materials, missing, conclusion, kind, facts, rules_dir):
    """审查一份文件并起草合法性审查意见书（Word 或 Markdown）。

    送审信息可写在文件旁的“<文件名>.case.toml”中（unit、matter、received、complete、done、due、materials、missing），命令行选项优先。
    意见书编号按“机关代字〔年份〕序号号”自动取号，同一年度内不重复。
    """
    import datetime as dt

    from reviewer.api import check_file
    from reviewer.engine.loader import load_rules
    from reviewer.register.store import Store
    from reviewer.report.opinion import CaseInfo, build_letter, load_template, render_md

    template = load_template(Path(template_path) if template_path else None)
    ruleset = load_rules(Path(rules_dir) if rules_dir else None)
    given = CaseInfo(
        unit=unit, matter=matter, received=_date_option(received, "--received"), complete=_date_option(complete, "--complete"),
        done=_date_option(done, "--done"), due=_date_option(due, "--due"), materials=list(materials), missing=list(missing),
    )
    rv = check_file(path, ruleset, kind=kind, user_facts=_parse_facts(facts))
    info = CaseInfo.from_sidecar(path).merged(given)
    day = info.done or dt.date.today()
    draft_number = f"{template['series']}〔{day.year}〕  号"
    letter = build_letter(rv, ruleset, info, template, draft_number, conclusion)
    if not draft:
        store = Store(Path(db) if db else None)
        letter.number = store.issue_opinion_number(
            template["series"], day.year, document=str(path), title=letter.meta[1][1], unit=info.unit or None, conclusion=letter.conclusion_key, issued_on=day
        )
    if fmt == "md":
        _write_output(out, render_md(letter))
    else:
        from reviewer.report.opinion_docx import render_docx

        target = Path(out) if out else Path(f"{Path(path).stem}-合法性审查意见书.docx")
        _write_file(target, lambda tmp: render_docx(letter, tmp))
        _console(stderr=True).print(f"已生成意见书 {target}（{letter.number}，结论：{letter.conclusion_key}）")


def _write_file(target: Path, write) -> None:
    """Write through a temporary file beside the target: whole or not at all."""
    fd, tmp = tempfile.mkstemp(prefix=".reviewer-", suffix=target.suffix, dir=str(target.parent if str(target.parent) else "."))
    os.close(fd)
    try:
        write(tmp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; a report is shared like any document
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"无法写入 {target}（{exc.strerror}）") from None


@cli.group(context_settings=CONTEXT)
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


@cli.command("law", context_settings=CONTEXT)
@click.argument("law", required=False, metavar="[法规]")
@click.argument("article", required=False, metavar="[条号]")
@click.option("--on", "on", metavar="日期", help="显示该日施行的版本（如合同订立日 2025-03-01）；默认为今日施行的版本。")
def law_cmd(law, article, on):
    """查阅内置法规库：某部法规的一条原文，或一部法规的条数和版本。

    \b
    例：
      reviewer law 民法典 585                 （也可写 五百八十五、第五百八十五条）
      reviewer law 保障中小企业款项支付条例 9 --on 2025-03-01
      reviewer law 保障中小企业款项支付条例     条数和各个版本
      reviewer law                              列出内置的全部法规
    """
    from rich.table import Table
    from rich.text import Text

    from reviewer.engine.basis import load_library
    from reviewer.statutes import parse_article_number, parse_date

    lib = load_library()
    day = parse_date(on) if on else None
    number = parse_article_number(article) if article else None
    console = _console()
    src = lib.source()
    if not law:
        table = Table(title=f"内置法规库（{len(lib.laws)} 部；文本逐字复制自 {src.get('repository', '—')} {src.get('commit', '')[:7]}）")
        for col in ("简称", "版本", "施行日期", "条数", "状态"):
            table.add_column(col)
        for key, m in lib.laws.items():
            after = lib.laws.get(m.get("superseded_by") or "", {})
            status = f"{m['superseded_on']}起由{after['version'] + '版' if after['short'] == m['short'] else '《' + after['short'] + '》'}取代" if after else "现行"
            table.add_row(m["short"], m["version"], str(m["effective"]), str(len(lib.articles(key))), status)
        console.print(table)
        return
    key = lib.find(law, day)
    if number is None:
        table = Table(title=f"《{lib.laws[key]['title']}》")
        for col in ("版本", "施行日期", "失效日期", "条数", "收录条文", "文本文件"):
            table.add_column(col)
        for k in lib.versions(key):
            m = lib.laws[k]
            table.add_row(m["version"], str(m["effective"]), str(m["superseded_on"] or "—"), str(len(lib.articles(k))), lib.held(k), "、".join(m["files"]), style="bold" if k == key else None)
        console.print(table)
        return
    art, m = lib.lookup(key, number), lib.laws[key]
    after = lib.laws.get(m.get("superseded_by") or "", {}).get("version")
    console.print(Text(f"《{m['title']}》{art.label}", style="bold"))
    console.print(Text(f"{m['version']}，{m['effective']}起施行" + (f"，{m['superseded_on']}起由{after}版取代" if after else "") + f"；文本：{art.file}", style="dim"))
    for line in art.lines:
        console.print(Text(line))


@cli.command(context_settings=CONTEXT)
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


@cli.command("eval", context_settings=CONTEXT)
@click.argument("directory", metavar="目录")
@click.option("--format", "-f", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
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


_CLICK_ERRORS = {
    "NoSuchOption": lambda e: f"没有这个选项：{e.option_name}",
    "MissingParameter": lambda e: f"缺少参数：{e.param.human_readable_name if e.param else ''}",
    "BadParameter": lambda e: f"参数取值无效：{e.format_message()}",
    "BadOptionUsage": lambda e: f"选项用法有误：{e.format_message()}",
}


def _wants_json(argv: list[str]) -> bool:
    return any(a in ("--format=json", "-fjson") for a in argv) or any(a in ("--format", "-f") and b == "json" for a, b in zip(argv, argv[1:]))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        cli.main(args=argv, prog_name="reviewer", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.stderr.write("已中止。\n")
        sys.exit(EXIT_ERROR)
    except click.UsageError as exc:
        text = _CLICK_ERRORS.get(type(exc).__name__, lambda e: e.format_message())(exc)
        sys.stderr.write(f"用法错误：{text}（运行 reviewer --help 查看用法）\n")
        sys.exit(EXIT_ERROR)
    except ReviewerError as err:
        if _wants_json(argv):
            from reviewer.report.json_report import error_to_dict

            sys.stdout.write(json.dumps(error_to_dict(err), ensure_ascii=False) + "\n")
        else:
            sys.stderr.write(f"错误：{err.message}\n")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        sys.stderr.write("已中止。\n")
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # a defect of ours: say so in one line, keep the details for a report
        if os.environ.get("REVIEWER_DEBUG"):
            raise
        sys.stderr.write(f"内部错误：{exc.__class__.__name__}: {exc}（请设置环境变量 REVIEWER_DEBUG=1 重新运行，并把输出和文件报告给维护者）\n")
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
