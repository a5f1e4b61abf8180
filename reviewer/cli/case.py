"""`reviewer case`: the review ledger (审查台账). Thin: parse options, call
reviewer.ledger, print."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from reviewer.cli.common import CONTEXT, _console, _date_option, _write_csv, _write_file, _write_output
from reviewer.cli.register import _db_option, _store
from reviewer.errors import UsageError
from reviewer.findings import SEVERITIES

LIST_COLUMNS = [("number", "案号"), ("unit", "送审单位"), ("kind", "类别"), ("title", "送审事项"), ("received_on", "收件日期"),
                ("complete_on", "材料齐全日期"), ("due_on", "要求完成日期"), ("status", "状态"), ("closed_on", "办结日期"),
                ("opinion_number", "意见书编号"), ("missing", "缺少的材料")]


@click.group(context_settings=CONTEXT)
def case():
    """审查台账：登记送审案件，跟踪材料齐全、退回补充、办结和工作日时限。

    \b
    状态：审核中（材料齐全，审查计时中）、退回补充（缺少材料，暂停计时）、已办结。
    审查时间自材料齐全之日起按工作日计算（法定节假日、调休按国务院办公厅通知）。
    """


def _number(value: str) -> str:
    from reviewer.ledger.cases import parse_case_number

    return parse_case_number(value)


def _print_notes(notes: list[dict]) -> None:
    console = _console()
    for n in notes:
        console.print(f"【{n['severity']}】{n['point'] or '工作日'}：{n['message']}", markup=False)


@case.command("new")
@click.argument("files", nargs=-1, metavar="文件...")
@click.option("--unit", required=True, metavar="单位", help="送审单位，如 县教育局。")
@click.option("--kind", required=True, metavar="类别", help="合同、招标文件、规范性文件、重大行政决策 或 其他。")
@click.option("--received", required=True, metavar="日期", help="收件日期，如 2026-03-02、2026年3月2日。")
@click.option("--complete", metavar="日期", help="材料齐全日期（默认为收件日期；审查时间自此日起算）。")
@click.option("--due", metavar="日期", help="送审单位要求的完成日期。")
@click.option("--title", metavar="事项", help="送审事项（默认为第一份文件的标题）。")
@click.option("--missing", metavar="材料", help="收件时已知缺少的材料，用顿号分隔；案件即为“退回补充”。")
@click.option("--routed-by", "routed_by", metavar="单位", help="实际报送材料的单位或个人（与送审单位不同时提示 PROC.REQ.ROUTING）。")
@click.option("--no-initial-review", "no_initial_review", is_flag=True, help="未附起草单位法制机构或负责人的初审意见（提示 PROC.REQ.ROUTING）。")
@click.option("--consultation", is_flag=True, help="以征求意见、会签方式送来，而非正式送请合法性审查（PROC.REQ.NO_SUBSTITUTION）。")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="规则目录。")
@_db_option
def new(files, unit, kind, received, complete, due, title, missing, routed_by, no_initial_review, consultation, rules_dir, db):
    """收件立案：取案号，审查所附文件并记入案件，显示审查时限提示。"""
    from reviewer.ledger import cases, timing

    received_on = _date_option(received, "--received")
    kind = cases._check_kind(kind)
    reviews = []
    if files:  # every file is read before a number is taken: an unreadable one refuses the run
        from reviewer.api import check_file
        from reviewer.engine.loader import load_rules

        ruleset = load_rules(Path(rules_dir) if rules_dir else None)
        reviews = [check_file(f, ruleset) for f in files]
    if not title and reviews:
        title = reviews[0].facts.title or None
    store = _store(db, create=True)
    rec = cases.open_case(store, unit=unit, kind=kind, received=received_on, complete=_date_option(complete, "--complete"),
                          due=_date_option(due, "--due"), title=title, missing=cases.split_items(missing))
    for rv in reviews:
        cases.attach_review(store, rec["number"], rv)
    noted = timing.submission_checks(unit, routed_by=routed_by, no_initial_review=no_initial_review, consultation=consultation)
    cases.add_case_findings(store, rec["number"], noted, "；".join(n["message"] for n in noted))
    console = _console()
    status = cases.STATUS_NAMES[rec["status"]]
    console.print(f"已立案 {rec['number']}（{rec['unit']}，{rec['kind']}，{status}）" + (f"，审查文件 {len(reviews)} 份" if reviews else ""), markup=False)
    for rv in reviews:
        counts = "、".join(f"{s} {sum(1 for f in rv.findings if f.severity == s)}" for s in SEVERITIES)
        console.print(f"  {rv.file}：{counts}", markup=False)
    _print_notes(noted + _at_start(timing.checks(rec)))


@case.command("list")
@click.option("--open", "open_only", is_flag=True, help="只列出未办结的案件（审核中、退回补充）。")
@click.option("--overdue", is_flag=True, help="只列出已过要求完成日期仍未办结的案件。")
@click.option("--date", "on", metavar="日期", help="判断是否逾期的日期（默认为今天）。")
@click.option("--unit", metavar="单位", help="只列出送审单位含此文字的案件。")
@click.option("--kind", metavar="类别", help="只列出该类别：合同、招标文件、规范性文件、重大行政决策、其他。")
@click.option("--year", type=int, metavar="年份", help="只列出该年度收件的案件。")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True, help="输出格式。")
@click.option("--out", "-o", "out", metavar="文件", help="保存到文件（json、csv；csv 带 BOM，可直接用 Excel 打开）。")
@_db_option
def list_cmd(open_only, overdue, on, unit, kind, year, fmt, out, db):
    """列出台账中的案件。"""
    from reviewer.ledger import cases

    day = _date_option(on, "--date") or dt.date.today()
    rows = cases.list_cases(_store(db), open_only=open_only, overdue=day if overdue else None, unit=unit, kind=kind, year=year)
    for r in rows:
        r["status_name"] = cases.STATUS_NAMES.get(r["status"], r["status"])
    if fmt == "json":
        _write_output(out, json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _write_csv(out, [name for _, name in LIST_COLUMNS], [[r["status_name"] if k == "status" else r[k] or "" for k, _ in LIST_COLUMNS] for r in rows])
    else:
        if out:
            raise UsageError("--format table 只在屏幕上显示：保存到文件请加 --format csv 或 --format json")
        _table(rows)


def _table(rows: list[dict]) -> None:
    from rich.table import Table

    console = _console()
    if not rows:
        console.print("台账中没有符合条件的案件。")
        return
    table = Table(title=f"审查台账（{len(rows)} 件）")
    for _, name in LIST_COLUMNS:
        table.add_column(name, overflow="fold")
    for r in rows:
        table.add_row(*[r["status_name"] if k == "status" else str(r[k] or "") for k, _ in LIST_COLUMNS])
    console.print(table)


@case.command("show")
@click.argument("number", metavar="案号")
@click.option("--date", "on", metavar="日期", help="计算已用工作日的日期（默认为今天）。")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。")
@_db_option
def show(number, on, fmt, db):
    """显示一个案件：基本信息、审查文件、审查意见（按级别）、办理经过、时限提示和已用工作日。"""
    from reviewer.ledger import cases, timing

    today = _date_option(on, "--date") or dt.date.today()
    rec = cases.get_case(_store(db), _number(number))
    notes, used = timing.checks(rec, today), timing.days_used(rec, today)
    if fmt == "json":
        _write_output(None, json.dumps({**rec, "timing": notes, "working_days_used": used}, ensure_ascii=False, indent=2))
        return
    console = _console()
    for key, name in cases.FIELD_NAMES.items():
        value = rec.get(key)
        if key == "status":
            value = cases.STATUS_NAMES.get(value, value)
        elif key == "created_at":
            value = value.replace("T", " ")
        if value:
            console.print(f"{name}：{value}", markup=False)
    console.print(f"已用工作日：{used}（自材料齐全之日起）" if used is not None else "已用工作日：材料尚未齐全，未开始计时", markup=False)
    console.print(f"审查文件（{len(rec['documents'])} 份）：")
    for d in rec["documents"]:
        console.print(f"  {d['title'] or Path(d['path']).name}（{d['path']}）", markup=False)
    by = {s: [f for f in rec["findings"] if f["severity"] == s] for s in SEVERITIES}
    console.print("审查意见：" + "、".join(f"{s} {len(v)} 项" for s, v in by.items()))
    for s, items in by.items():
        points = sorted({f["point"] or f["rule"] for f in items})
        if points:
            console.print(f"  {s}：{'、'.join(points)}", markup=False)
    console.print("办理经过：")
    for e in rec["events"]:
        changes = "；".join(f"{cases.EVENT_FIELD_NAMES.get(k, k)} {_shown(k, a)} → {_shown(k, b)}" for k, (a, b) in (e["changes"] or {}).items())
        reason = f"（{e['reason']}）" if e["reason"] else ""
        console.print(f"  {e['at'].replace('T', ' ')} {cases.EVENT_NAMES.get(e['event'], e['event'])}{reason}{'：' + changes if changes else ''}", markup=False)
    if notes:
        console.print("时限提示：")
        _print_notes(notes)


def _shown(key: str, value) -> str:
    from reviewer.ledger.cases import STATUS_NAMES

    if value is None or value == "":
        return "（空）"
    return STATUS_NAMES.get(value, value) if key == "status" else str(value)


@case.command("return")
@click.argument("number", metavar="案号")
@click.option("--missing", metavar="材料", help="缺少的材料，用顿号分隔，如 \"起草说明、制定依据\"（必填）。")
@click.option("--out", "-o", "out", metavar="文件", help="退回补充材料通知的保存位置（默认为“<案号>-退回补充材料通知.docx”）。")
@click.option("--date", "on", metavar="日期", help="通知落款日期（默认为今天）。")
@click.option("--force", is_flag=True, help="保存位置已有文件时覆盖它。")
@click.option("--template", "template_path", metavar="文件", help="意见书模板（取其中的机关名称，默认为 rules/opinion.toml）。")
@_db_option
def return_cmd(number, missing, out, on, force, template_path, db):
    """退回补充材料：登记缺少的材料（暂停审查计时），并写出退回补充材料通知（Word）。"""
    from reviewer.ledger import cases
    from reviewer.ledger.notice import render_notice
    from reviewer.report.opinion import load_template

    number = _number(number)
    if not cases.split_items(missing):
        raise UsageError("退回补充须写明缺少的材料：请用 --missing \"起草说明、制定依据\"")
    day = _date_option(on, "--date") or dt.date.today()
    office = load_template(Path(template_path) if template_path else None)["office"]
    target = Path(out) if out else Path(f"{number}-退回补充材料通知.docx")
    if target.exists() and not force:
        raise UsageError(f"{target} 已存在，未覆盖（案件也未退回）：请用 -o 另选保存位置，或加 --force 覆盖")
    store = _store(db)
    cases.get_case(store, number)  # an unknown number stops here, before anything is written
    rec = cases.return_case(store, number, missing)
    _write_file(target, lambda tmp: render_notice(rec, tmp, office, day))
    _console().print(f"{number} 已退回补充（缺少：{rec['missing']}），通知已写入 {target}", markup=False)


@case.command("complete")
@click.argument("number", metavar="案号")
@click.option("--date", "on", required=True, metavar="日期", help="材料齐全的日期（审查时间自此日起算）。")
@_db_option
def complete(number, on, db):
    """材料已补齐：案件回到“审核中”，审查时间自材料齐全之日起算。"""
    from reviewer.ledger import cases, timing

    rec = cases.complete_case(_store(db), _number(number), _date_option(on, "--date"))
    _console().print(f"{rec['number']} 材料于 {rec['complete_on']} 齐全，审核中", markup=False)
    _print_notes(_at_start(timing.checks(rec)))


@case.command("close")
@click.argument("number", metavar="案号")
@click.option("--opinion", metavar="编号", help="出具的合法性审查意见书编号，如 宣司审〔2026〕3号。")
@click.option("--date", "on", metavar="日期", help="办结日期（默认为今天）。")
@_db_option
def close(number, opinion, on, db):
    """办结案件（可同时登记意见书编号）。"""
    from reviewer.ledger import cases, timing

    rec = cases.close_case(_store(db), _number(number), _date_option(on, "--date") or dt.date.today(), opinion)
    used = timing.days_used(rec)
    _console().print(f"{rec['number']} 已于 {rec['closed_on']} 办结" + (f"，用时 {used} 个工作日" if used is not None else ""), markup=False)
    _print_notes(timing.checks(rec))


@case.command("reopen")
@click.argument("number", metavar="案号")
@click.option("--reason", metavar="原因", help="重新办理的原因。")
@_db_option
def reopen(number, reason, db):
    """重新办理已办结的案件（办结记录保留在办理经过中）。"""
    from reviewer.ledger import cases

    rec = cases.reopen_case(_store(db), _number(number), reason)
    _console().print(f"{rec['number']} 已重新办理，审核中", markup=False)


@case.command("link")
@click.argument("number", metavar="案号")
@click.option("--opinion", metavar="编号", help="合法性审查意见书编号，如 宣司审〔2026〕3号。")
@click.option("--register", "register_number", metavar="文号", help="规范性文件在登记簿中的文号，如 宣府规〔2026〕1号。")
@_db_option
def link(number, opinion, register_number, db):
    """登记案件的意见书编号或规范性文件文号。"""
    from reviewer.ledger import cases

    if not opinion and not register_number:
        raise UsageError("请用 --opinion 或 --register 写明要登记的编号")
    store, number = _store(db), _number(number)
    if opinion:
        cases.set_opinion(store, number, opinion)
    if register_number:
        cases.set_register(store, number, register_number)
    _console().print(f"{number} 已登记" + "、".join(filter(None, [opinion and f"意见书编号 {opinion}", register_number and f"文号 {register_number}"])), markup=False)


def _at_start(notes: list[dict]) -> list[dict]:
    """When the clock starts, what matters is whether the time asked for is enough; how long
    an open case has run (a case entered after the event) is for `case show` and `list`."""
    return [n for n in notes if n["rule"] != "PROC.REQ.REVIEW_TIME"]
