"""`reviewer opinion`: review one file and draft the 合法性审查意见书."""

from __future__ import annotations

from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, KINDS, _console, _date_option, _parse_facts, _write_file, _write_output


@click.command(context_settings=CONTEXT)
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
    from reviewer.case import CaseInfo
    from reviewer.report.opinion import build_letter, load_template, render_md

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
